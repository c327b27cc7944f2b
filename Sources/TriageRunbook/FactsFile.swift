import TriageCEL
import TriageCore

/// Reads a facts file (JSON or YAML, format `triage-facts/1`) into fact states.
///
/// ```json
/// {"format": "triage-facts/1",
///  "facts": {"app.listening": false,
///            "db.max_connections": {"value": 100, "source": {"kind": "probe", "source": "pg-settings"}},
///            "redis.ping": {"unknown": "connection refused"}}}
/// ```
/// A plain value is a known fact; an object with `value` or `unknown` is the long form with
/// provenance (and `type: duration|timestamp` for values written as text). A map-valued fact must
/// use the long form.
public enum FactsFile {
  /// The format identifier written and accepted.
  public static let format = "triage-facts/1"

  /// One fact as written.
  public struct Entry: Sendable {
    /// The fact name and where it is written.
    public var name: String
    /// Its state.
    public var state: FactState
    /// Where the name is written.
    public var location: SourceLocation
  }

  /// The facts read from a file.
  public struct Contents: Sendable {
    /// The symptom named in the file, if any.
    public var symptom: String?
    /// The fact states by fact id.
    public var facts: [(id: Int, state: FactState)]
  }

  /// Reads a facts file and checks it against a catalog: every fact must be a declared base fact
  /// of the right type.
  public static func read(_ path: String, catalog: Catalog) -> Result<Contents, CatalogErrors> {
    read(path).check(against: catalog)
  }

  /// Reads a facts file without a catalog, to be checked against one later (a command reads the
  /// facts file on another thread while it loads the catalog).
  public static func read(_ path: String) -> Unchecked {
    Unchecked(read: entries(path, lenient: false))
  }

  /// A facts file read but not yet checked against a catalog.
  public struct Unchecked: Sendable {
    fileprivate let read: Result<(String?, [Entry]), CatalogErrors>

    /// The facts, checked against `catalog` as ``FactsFile/read(_:catalog:)`` checks them.
    public func check(against catalog: Catalog) -> Result<Contents, CatalogErrors> {
      read.flatMap { symptom, entries in FactsFile.check(entries, symptom: symptom, catalog: catalog) }
    }
  }

  /// Parses facts-file text and checks it against a catalog.
  ///
  /// - Parameter jsonFastPath: Whether JSON text may be read by the fast JSON reader (false
  ///   only to check, in tests and fuzzing, that it reads what libyaml reads).
  public static func parse(
    _ text: String, file: String, catalog: Catalog, jsonFastPath: Bool = true
  ) -> Result<Contents, CatalogErrors> {
    entries(text: text, file: file, lenient: false, jsonFastPath: jsonFastPath).flatMap { symptom, entries in
      check(entries, symptom: symptom, catalog: catalog)
    }
  }

  /// Reads a facts file without a catalog (for `triage eval`); a plain mapping of names to values is accepted too.
  public static func readUntyped(_ path: String) -> Result<[Entry], CatalogErrors> {
    entries(path, lenient: true).map(\.1)
  }

  private static func entries(_ path: String, lenient: Bool) -> Result<(String?, [Entry]), CatalogErrors> {
    switch TextFile.read(path, maximumSize: 256 << 20) {
    case .failure(let error):
      let location = SourceLocation(file: path, line: 1, column: 1)
      return .failure(CatalogErrors(diagnostics: [Diagnostic(.error, error.description, at: location)]))
    case .success(let text):
      return entries(text: text, file: path, lenient: lenient)
    }
  }

  private static func entries(
    text: String, file: String, lenient: Bool, jsonFastPath: Bool = true
  ) -> Result<(String?, [Entry]), CatalogErrors> {
    var reader = FactsFileReader(file: file)
    let result = reader.read(text, lenient: lenient, jsonFastPath: jsonFastPath)
    guard reader.decoder.diagnostics.isEmpty else {
      return .failure(CatalogErrors(diagnostics: reader.decoder.diagnostics.sorted()))
    }
    return .success(result)
  }

  /// At most this many errors are reported for one facts file.
  static let maximumErrors = 100

  fileprivate static func check(
    _ entries: [Entry], symptom: String?, catalog: Catalog
  ) -> Result<Contents, CatalogErrors> {
    var diagnostics: [Diagnostic] = []
    var facts: [(id: Int, state: FactState)] = []
    facts.reserveCapacity(entries.count)
    var names: [String]?
    for (index, entry) in entries.enumerated() {
      // A file of errors is not read to its end: the first ones say what is wrong.
      guard diagnostics.count < maximumErrors else {
        diagnostics.append(
          Diagnostic(
            .error,
            "stopped after \(maximumErrors) errors; \(entries.count - index) more facts from here on were not checked",
            at: entry.location))
        break
      }
      guard let id = catalog.factIndex[entry.name] else {
        if names == nil { names = catalog.factIndex.keys.sorted() }
        let hint = Suggestion.hint(for: entry.name, in: names ?? [])
        diagnostics.append(Diagnostic(.error, "unknown fact '\(entry.name)'\(hint)", at: entry.location))
        continue
      }
      if catalog.facts[id].provider == .derived {
        diagnostics.append(
          Diagnostic(
            .error, "fact '\(entry.name)' is derived by rules; a facts file gives base facts", at: entry.location))
        continue
      }
      guard case .known(let value, let provenance) = entry.state else {
        facts.append((id, entry.state))
        continue
      }
      let type = catalog.facts[id].type
      guard let coerced = type.coerce(value) else {
        diagnostics.append(
          Diagnostic(
            .error, "value \(value.abbreviated()) of '\(entry.name)' is not of type \(type)", at: entry.location))
        continue
      }
      facts.append((id, .known(coerced, provenance)))
    }
    guard diagnostics.isEmpty else { return .failure(CatalogErrors(diagnostics: diagnostics)) }
    return .success(Contents(symptom: symptom, facts: facts))
  }
}
