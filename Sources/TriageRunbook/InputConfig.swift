import TriageCEL
import TriageCore

/// A config file of input values, so deployments need not repeat `--set` on every run:
///
/// ```yaml
/// inputs:
///   front_url: https://shop.example.com/
///   app_port: 8001
/// ```
public enum InputConfig {
  /// One input value as written.
  public struct Entry: Sendable {
    /// The input name (without `input.`).
    public var name: String
    /// The value as YAML typed it.
    public var value: CELValue
    /// Where it is written.
    public var location: SourceLocation
  }

  /// Reads a config file.
  public static func read(_ path: String) -> Result<[Entry], CatalogErrors> {
    let start = SourceLocation(file: path, line: 1, column: 1)
    let text: String
    switch TextFile.read(path, maximumSize: 1 << 20) {
    case .success(let contents): text = contents
    case .failure(let error):
      return .failure(CatalogErrors(diagnostics: [Diagnostic(.error, error.description, at: start)]))
    }
    var decoder = NodeDecoder()
    var entries: [Entry] = []
    do {
      if let root = try YAMLReader.read(text, file: path, kind: "config file"),
        let fields = decoder.mapping(root, "config file", keys: ["inputs"], required: ["inputs"]),
        let node = fields["inputs"], let named = decoder.namedEntries(node, "inputs")
      {
        for (name, value) in named {
          entries.append(Entry(name: name.value, value: decoder.value(value).value, location: name.location))
        }
      }
    } catch {
      decoder.diagnostics.append(error.diagnostic)
    }
    guard decoder.diagnostics.isEmpty else { return .failure(CatalogErrors(diagnostics: decoder.diagnostics)) }
    return .success(entries)
  }
}
