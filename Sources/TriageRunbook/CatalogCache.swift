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
public struct CatalogCache: Sendable {
  /// The directory holding the cache files.
  public var directory: String
  /// The smallest total size of runbook files whose catalog is stored.
  public var minimumSourceSize = 256 << 10
  /// How many cache files to keep; the least recently used go first.
  public var maximumEntries = 8

  /// The version of the file format; part of every key. Bump it whenever any binary form changes
  /// (a test pins the form of a small catalog to it).
  static let formatVersion = 3
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

  /// The catalog stored under `key`, if there is a sound one.
  func load(key: String) -> Catalog? {
    let path = path(for: key)
    guard let bytes = Self.read(path) else { return nil }
    var reader = BinaryReader(bytes)
    do {
      for byte in Self.magic where try reader.readCount(limit: 255) != Int(byte) {
        throw BinaryFormatError("not a triage catalog")
      }
      guard try reader.read(Int.self) == Self.formatVersion, try reader.read(String.self) == key else {
        throw BinaryFormatError("another version or key")
      }
      let catalog = try reader.read(Catalog.self)
      guard reader.isAtEnd else { throw BinaryFormatError("trailing bytes") }
      // Marks it recently used, so pruning keeps it.
      try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
      return catalog
    } catch {
      try? FileManager.default.removeItem(atPath: path)
      return nil
    }
  }

  /// Stores a catalog under `key` (atomically: a reader never sees half a file); false when it
  /// cannot be written or holds something without a binary form.
  @discardableResult
  func store(_ catalog: Catalog, key: String) -> Bool {
    var writer = BinaryWriter()
    for byte in Self.magic { writer.writeUnsigned(UInt64(byte)) }
    writer.write(Self.formatVersion)
    writer.write(key)
    writer.write(catalog)
    guard !writer.unstorable else { return false }
    let manager = FileManager.default
    do {
      try manager.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let file = try AtomicFile(path: path(for: key), permissions: 0o600)
      file.append(writer.bytes)
      try file.commit()
    } catch {
      return false
    }
    prune()
    return true
  }

  /// The whole file, read straight into one array (a cache file is tens of megabytes).
  private static func read(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < Int(Int32.max) else { return nil }
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
