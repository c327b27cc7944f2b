import Foundation
import TriageBinary
import TriageCore

/// Compiled catalogs kept on disk, keyed by a hash of triage's version, the loader's settings and
/// every runbook file's path and bytes (like CLIPS's binary load, but automatic): a warm start
/// reads and hashes the files, then loads the compiled catalog instead of parsing, validating and
/// compiling them again.
///
/// Only catalogs from at least ``minimumSourceSize`` bytes of runbooks are stored (a small
/// catalog compiles faster than its cache file is read). A cache file that is damaged, from
/// another version or unreadable is ignored (and replaced); the cache never changes a result.
///
/// What it trusts: a file ends with a 128-bit checksum of its whole payload and the key it is
/// stored under, and the catalog must have been compiled from the very runbook bytes being loaded
/// (its source digest); only regular files are read (`O_NOFOLLOW`, non-blocking open, the size
/// checked against a bound before the body is read); and the directory must belong to the user
/// and be writable by nobody else (``trustProblem()``), else the cache is not used at all.
public struct CatalogCache: Sendable {
  /// The directory holding the cache files.
  public var directory: String
  /// The smallest total size of runbook files whose catalog is stored.
  public var minimumSourceSize = 256 << 10
  /// How many cache files to keep; the least recently used go first.
  public var maximumEntries = 8

  /// The version of the file format; part of every key. Bump it whenever any binary form changes
  /// (a test pins the form of a small catalog to it).
  static let formatVersion = 10
  private static let magic = Array("TRIAGE-CATALOG\n".utf8)

  /// What happened to the cache during a load.
  public enum Outcome: Sendable, Equatable {
    /// No cache is in use.
    case disabled
    /// The catalog came from the cache.
    case hit
    /// The catalog was compiled and belongs in the cache (see ``PendingStore``).
    case compiled
    /// The catalog was compiled and is not to be stored (too small, or its files had errors).
    case skipped
    /// The cache directory cannot be trusted (another owner, writable by others): not used.
    case untrusted(String)
  }

  /// Why the cache directory cannot be trusted, or nil: it must be a real directory (not a
  /// symbolic link) owned by the user running triage and writable by nobody else. A directory
  /// that does not exist yet is created with mode 0700 when something is stored.
  public func trustProblem() -> String? {
    var info = stat()
    guard lstat(directory, &info) == 0 else {
      return errno == ENOENT ? nil : "cannot examine \(directory): \(String(cString: strerror(errno)))"
    }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(directory) is not a directory" }
    guard info.st_uid == geteuid() else {
      return "\(directory) belongs to uid \(info.st_uid), not to the user running triage"
    }
    guard info.st_mode & 0o022 == 0 else {
      return "\(directory) is writable by \(info.st_mode & 0o002 != 0 ? "every user" : "its group")"
    }
    return nil
  }

  /// A compiled catalog waiting to be stored.
  public struct PendingStore: Sendable {
    let cache: CatalogCache
    let catalog: Catalog
    let key: String

    /// Stores the catalog; false when it cannot be stored (not writable, or an expression the
    /// cache cannot hold).
    @discardableResult
    public func run() -> Bool {
      cache.store(catalog, key: key)
    }
  }

  /// Creates a cache in `directory`.
  public init(directory: String) {
    self.directory = directory
  }

  /// The default directory: `$TRIAGE_CACHE_DIR`, else `$XDG_CACHE_HOME/triage`, else
  /// `~/.cache/triage`; nil when `TRIAGE_CACHE_DIR` is set empty (no cache).
  public static func defaultDirectory(environment: [String: String]) -> String? {
    if let directory = environment["TRIAGE_CACHE_DIR"] { return directory.isEmpty ? nil : directory }
    if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") { return base + "/triage" }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.cache/triage"
  }

  private func path(for key: String) -> String {
    directory + "/catalog-" + key + ".bin"
  }

  /// The catalog stored under `key`, if there is a sound one compiled from runbooks whose
  /// digest is `sourceDigest`.
  ///
  /// - Parameters:
  ///   - key: The cache key (version, settings, paths, bytes).
  ///   - sourceDigest: The catalog digest of the runbook files being loaded.
  ///   - sourceSize: Their total size, which bounds the size of a file worth reading.
  func load(key: String, sourceDigest: String, sourceSize: Int) -> Catalog? {
    let path = path(for: key)
    guard let bytes = Self.read(path, maximumSize: Self.maximumFileSize(sourceSize: sourceSize)),
      let catalog = Self.decode(bytes, key: key, sourceDigest: sourceDigest)
    else {
      try? FileManager.default.removeItem(atPath: path)
      return nil
    }
    // Marks it recently used, so pruning keeps it.
    try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    return catalog
  }

  /// The catalog in the bytes of a cache file, if they are sound: the checksum matches the
  /// payload and `key`, the format and key are these, every part reads back within its bounds,
  /// and the catalog was compiled from runbooks whose digest is `sourceDigest`.
  public static func decode(_ bytes: [UInt8], key: String, sourceDigest: String) -> Catalog? {
    guard bytes.count > checksumLength,
      Array(checksum(bytes.dropLast(checksumLength), key: key).utf8) == Array(bytes.suffix(checksumLength))
    else { return nil }
    var reader = BinaryReader(Array(bytes.dropLast(checksumLength)))
    do {
      for byte in magic where try reader.readCount(limit: 255) != Int(byte) {
        throw BinaryFormatError("not a triage catalog")
      }
      guard try reader.read(Int.self) == formatVersion, try reader.read(String.self) == key else {
        throw BinaryFormatError("another version or key")
      }
      let catalog = try reader.read(Catalog.self)
      guard reader.isAtEnd else { throw BinaryFormatError("trailing bytes") }
      guard catalog.sourceDigest == sourceDigest else { throw BinaryFormatError("compiled from other runbooks") }
      return catalog
    } catch {
      return nil
    }
  }

  /// The bytes of a cache file holding `catalog` under `key`; nil when the catalog holds
  /// something without a binary form. (Tests and the cache fuzzer build files with it.)
  public static func encode(_ catalog: Catalog, key: String) -> [UInt8]? {
    var writer = BinaryWriter()
    for byte in magic { writer.writeUnsigned(UInt64(byte)) }
    writer.write(formatVersion)
    writer.write(key)
    writer.write(catalog)
    guard !writer.unstorable else { return nil }
    return sealed(writer.bytes, key: key)
  }

  /// A payload with the checksum that makes it a cache file for `key`.
  public static func sealed(_ payload: [UInt8], key: String) -> [UInt8] {
    payload + Array(checksum(payload[...], key: key).utf8)
  }

  /// Stores a catalog under `key` (atomically: a reader never sees half a file); false when it
  /// cannot be written or holds something without a binary form.
  @discardableResult
  func store(_ catalog: Catalog, key: String) -> Bool {
    guard let bytes = Self.encode(catalog, key: key) else { return false }
    let manager = FileManager.default
    do {
      try manager.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let file = try AtomicFile(path: path(for: key), permissions: 0o600)
      file.append(bytes)
      try file.commit()
    } catch {
      return false
    }
    prune()
    return true
  }

  /// The length of the checksum that ends every file (32 hexadecimal digits).
  static let checksumLength = 32

  /// The checksum of a file's payload, bound to the key it is stored under.
  static func checksum(_ payload: ArraySlice<UInt8>, key: String) -> String {
    var sum = CacheKey()
    sum.add("catalog checksum " + key)
    sum.add(payload)
    return sum.hex
  }

  /// The largest cache file read: a compiled catalog is a few times the size of its runbooks.
  static func maximumFileSize(sourceSize: Int) -> Int {
    max(16 << 20, sourceSize.multipliedReportingOverflow(by: 16).partialValue)
  }

  /// The whole file, read straight into one array (a cache file is tens of megabytes) — only a
  /// regular file, never through a symbolic link, never blocking on a FIFO, never larger than
  /// `maximumSize`.
  private static func read(_ path: String, maximumSize: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
      status.st_size <= maximumSize, status.st_size < Int(Int32.max)
    else { return nil }
    let size = Int(status.st_size)
    var complete = true
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var offset = 0
      while offset < size {
        let got = Foundation.read(descriptor, buffer.baseAddress! + offset, size - offset)
        if got < 0, errno == EINTR { continue }
        guard got > 0 else { break }
        offset += got
      }
      complete = offset == size
      count = offset
    }
    return complete ? bytes : nil
  }

  /// Removes the least recently used cache files beyond ``maximumEntries``, and temporary files
  /// an interrupted store left more than an hour ago.
  private func prune() {
    let manager = FileManager.default
    guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix("catalog-") && !name.hasSuffix(".bin") {
      let file = directory + "/" + name
      let date = (try? manager.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? .distantPast
      if date.timeIntervalSinceNow < -3600 { try? manager.removeItem(atPath: file) }
    }
    let files = names.filter { $0.hasPrefix("catalog-") && $0.hasSuffix(".bin") }.map { directory + "/" + $0 }
    guard files.count > maximumEntries else { return }
    let dated = files.map { file in
      (file, (try? manager.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? .distantPast)
    }
    for (file, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(maximumEntries) {
      try? manager.removeItem(atPath: file)
    }
  }
}
