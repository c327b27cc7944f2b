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
  /// Limits on YAML structure.
  public var yamlLimits = YAMLLimits()

  /// The probe kinds triage knows.
  public static let defaultProbeKinds: Set<String> = [
    "http", "tcp", "file", "sockets", "process", "command", "systemd", "logs", "postgres", "redis", "dns", "haproxy",
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
    var diagnostics: [Diagnostic] = []
    var documents: [RunbookDocument] = []
    var digest = ContentDigest()
    for file in RunbookFiles.find(in: paths, diagnostics: &diagnostics) {
      if let document = loadDocument(file, diagnostics: &diagnostics, digest: &digest) {
        documents.append(document)
      }
    }
    var builder = CatalogBuilder()
    let result = builder.build(consume documents)
    switch result {
    case .success(var catalog) where diagnostics.allSatisfy({ $0.severity != .error }):
      catalog.sourceDigest = digest.hex
      return .success(catalog)
    case .success:
      return .failure(CatalogErrors(diagnostics: diagnostics.sorted()))
    case .failure(let errors):
      return .failure(CatalogErrors(diagnostics: (diagnostics + errors.diagnostics).sorted()))
    }
  }

  /// Reads and decodes one file.
  /// Reads and decodes one file, adding its text to the catalog's digest.
  func loadDocument(_ file: String, diagnostics: inout [Diagnostic], digest: inout ContentDigest) -> RunbookDocument? {
    let start = SourceLocation(file: file, line: 1, column: 1)
    let text: String
    switch TextFile.read(file, maximumSize: maximumFileSize) {
    case .success(let contents): text = contents
    case .failure(let error):
      diagnostics.append(Diagnostic(.error, error.description, at: start))
      return nil
    }
    digest.add(text)
    return decode(text, file: file, diagnostics: &diagnostics)
  }

  /// Decodes runbook text (used by tests and fuzzers as well as by `loadDocument`).
  public func decode(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> RunbookDocument? {
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
