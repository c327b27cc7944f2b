import Foundation
import TriageCore

/// Loads runbook files and directories into a validated ``Catalog``.
///
/// Directories are searched recursively for `*.yaml` and `*.yml` files, in sorted path order, so a
/// catalog loads the same way everywhere. A path given twice (or a directory inside one already
/// given) is loaded once.
/// ```swift
/// let loader = RunbookLoader()
/// let catalog = try loader.load(paths: ["runbooks", "team/runbooks"]).get()
/// ```
public struct RunbookLoader: Sendable {
  /// Probe kinds a runbook may name.
  public var probeKinds: Set<String>
  /// Parameters of the probe kinds, where known; a kind without a signature takes any parameters.
  public var probeSignatures: [String: ProbeSignature] = [:]
  /// The largest runbook file read, in bytes.
  public var maximumFileSize = 32 << 20
  /// The largest total of all runbook files loaded together, in bytes.
  public var maximumTotalSize = 64 << 20
  /// Limits on YAML structure.
  public var yamlLimits = YAMLLimits()
  /// How many pieces at most a large file is cut into, to decode on every core (1: every file
  /// is decoded whole, in order). The result is the same either way.
  public var pieceCount = Processors.workers * 4
  /// Files smaller than this are decoded whole (tests and fuzzers lower it to cut small files).
  public var pieceMinimumSize = RunbookPieces.minimumSize

  /// The probe kinds triage knows.
  public static let defaultProbeKinds: Set<String> = [
    "http", "tcp", "file", "sockets", "process", "command", "systemd", "logs", "postgres", "redis", "dns", "haproxy",
    "mysql", "fastcgi", "pgbouncer", "tls",
  ]

  /// Creates a loader.
  public init(probeKinds: Set<String> = RunbookLoader.defaultProbeKinds) {
    self.probeKinds = probeKinds
  }

  /// Creates a loader that checks probe kinds and their parameters.
  public init(probeSignatures: [String: ProbeSignature]) {
    self.probeKinds = Set(probeSignatures.keys)
    self.probeSignatures = probeSignatures
  }

  /// Loads, validates and compiles the runbooks under `paths`.
  ///
  /// - Returns: The catalog, or every diagnostic found across all files.
  public func load(paths: [String]) -> Result<Catalog, CatalogErrors> {
    load(paths: paths, cache: nil).result
  }

  /// Loads the runbooks under `paths`, from `cache` when it holds their compiled catalog.
  ///
  /// - Returns: The catalog or every diagnostic, what happened to the cache, and, when a newly
  ///   compiled catalog belongs in the cache, the store to run (at once, or on another thread
  ///   while the catalog is put to use).
  public func load(paths: [String], cache: CatalogCache?) -> (
    result: Result<Catalog, CatalogErrors>, cache: CatalogCache.Outcome, store: CatalogCache.PendingStore?
  ) {
    var diagnostics: [Diagnostic] = []
    var files: [(file: RunbookFiles.File, data: Data)] = []
    // The files' bytes are hashed once, into the catalog digest; the cache key hashes that
    // digest with what else the compiled catalog depends on.
    var digest = CacheKey()
    var key = CacheKey()
    key.add("triage \(TriageVersion.current) catalog format \(CatalogCache.formatVersion)")
    // Only a cache reads the key: without one, the settings are not described.
    if cache != nil { key.add(settingsDescription) }
    var size = 0
    let found = RunbookFiles.find(in: paths, diagnostics: &diagnostics)
    // A missing or refused source is not compiled around: the rest would only report what it lacks.
    if !diagnostics.isEmpty {
      return (.failure(CatalogErrors(diagnostics: diagnostics.sorted())), cache == nil ? .disabled : .skipped, nil)
    }
    for file in found {
      // Bytes only: on a cache hit they are hashed and never turned into text.
      switch TextFile.readData(file.path, maximumSize: maximumFileSize) {
      case .success(let data):
        guard size + data.count <= maximumTotalSize else {
          let message =
            "the runbooks add up to more than \(maximumTotalSize >> 20) MiB (the limit of all files loaded together)"
          diagnostics.append(Diagnostic(.error, message, at: SourceLocation(file: file.display, line: 1, column: 1)))
          return (.failure(CatalogErrors(diagnostics: diagnostics)), cache == nil ? .disabled : .skipped, nil)
        }
        digest.add(data)
        key.add(file.path)
        key.add(file.display)
        size += data.count
        files.append((file, data))
      case .failure(let error):
        diagnostics.append(
          Diagnostic(.error, error.description, at: SourceLocation(file: file.display, line: 1, column: 1)))
      }
    }
    key.add(digest.hex)
    LoadPhases.lap("read files")
    let sourceDigest = String(digest.hex.prefix(16))
    var useCache = cache.map { size >= $0.minimumSourceSize && diagnostics.isEmpty } ?? false
    var untrusted: String?
    if useCache, let problem = cache?.trustProblem() {
      useCache = false
      untrusted = problem
    }
    // (A file that is not UTF-8 never has a stored catalog: it fails to compile, so nothing is stored.)
    if useCache, let cache, let catalog = cache.load(key: key.hex, sourceDigest: sourceDigest, sourceSize: size) {
      LoadPhases.lap("load the compiled catalog from the cache")
      return (.success(catalog), .hit, nil)
    }
    var documents: [RunbookDocument] = []
    for index in files.indices {
      let (file, data) = files[index]
      files[index].data = Data()
      switch TextFile.text(of: data) {
      case .success(let text):
        if let document = decode(text, file: file.display, diagnostics: &diagnostics) { documents.append(document) }
      case .failure(let error):
        diagnostics.append(
          Diagnostic(.error, error.description, at: SourceLocation(file: file.display, line: 1, column: 1)))
      }
    }
    LoadPhases.lap("decode YAML")
    var builder = CatalogBuilder()
    let result = builder.build(consume documents)
    switch result {
    case .success(var catalog) where diagnostics.allSatisfy({ $0.severity != .error }):
      catalog.sourceDigest = sourceDigest
      guard let cache else { return (.success(catalog), .disabled, nil) }
      if let untrusted { return (.success(catalog), .untrusted(untrusted), nil) }
      guard useCache else { return (.success(catalog), .skipped, nil) }
      return (.success(catalog), .compiled, CatalogCache.PendingStore(cache: cache, catalog: catalog, key: key.hex))
    case .success:
      return (.failure(CatalogErrors(diagnostics: diagnostics.sorted())), cache == nil ? .disabled : .skipped, nil)
    case .failure(let errors):
      return (
        .failure(CatalogErrors(diagnostics: (diagnostics + errors.diagnostics).sorted())),
        cache == nil ? .disabled : .skipped, nil
      )
    }
  }

  /// Decodes a large file in up to `count` pieces on every core; nil when it is smaller than
  /// `minimumSize`, has no safe place to cut, or a piece does not stand on its own (then it is
  /// decoded whole, in order).
  func decodeInPieces(
    _ text: String, file: String, pieces count: Int, minimumSize: Int
  ) -> (document: RunbookDocument, diagnostics: [Diagnostic])? {
    var text = text
    let pieces = text.withUTF8 { RunbookPieces.cut($0, into: count, minimumSize: minimumSize) }
    guard let pieces else { return nil }
    let decoder = RunbookDecoder(probeKinds: probeKinds, probeSignatures: probeSignatures)
    return decoder.decodePieces(pieces, file: file, limits: yamlLimits)
  }

  /// How locations name a runbook path given on the command line: relative to the working
  /// directory when inside it, else by its last component (the same rule the loader applies).
  public static func displayPath(_ path: String) -> String {
    RunbookFiles.displayRoot(path, workingDirectory: FileManager.default.currentDirectoryPath)
  }

  /// The loader's settings, in a stable order, as part of the cache key.
  private var settingsDescription: String {
    var lines = ["kinds \(probeKinds.sorted())", "size \(maximumFileSize) total \(maximumTotalSize)"]
    lines.append(
      "yaml \(yamlLimits.maximumDepth) \(yamlLimits.maximumAliasExpansion) \(yamlLimits.maximumScalarLength)")
    for (kind, signature) in probeSignatures.sorted(by: { $0.key < $1.key }) {
      let fields = (signature.resultFields ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
      lines.append("\(kind) \(signature.parameters.sorted()) \(signature.required.sorted()) \(fields)")
    }
    return lines.joined(separator: "\n")
  }

  /// Decodes runbook text (used by tests and fuzzers as well as by `loadDocument`).
  public func decode(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> RunbookDocument? {
    if let (document, found) = decodeInPieces(text, file: file, pieces: pieceCount, minimumSize: pieceMinimumSize) {
      diagnostics += found
      return document
    }
    return decodeWhole(text, file: file, diagnostics: &diagnostics)
  }

  /// Decodes runbook text in one piece, in order.
  func decodeWhole(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> RunbookDocument? {
    var decoder = RunbookDecoder(probeKinds: probeKinds, probeSignatures: probeSignatures)
    do {
      let document =
        text.utf8.isEmpty ? nil : try decoder.decode(YAMLStream(text, file: file, limits: yamlLimits))
      guard let document else {
        diagnostics.append(Diagnostic(.error, "empty runbook file", at: SourceLocation(file: file, line: 1, column: 1)))
        return nil
      }
      diagnostics += decoder.decoder.diagnostics
      return document
    } catch {
      // A file that is not valid YAML (or exceeds a limit) reports that alone.
      diagnostics.append(error.diagnostic)
      return nil
    }
  }
}
