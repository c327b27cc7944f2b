import TriageCEL

/// A fact of the catalog: a typed value under a dotted name, and who provides it.
public struct FactDeclaration: Sendable {
  /// Who establishes a fact's value.
  public enum Provider: Sendable, Hashable, CustomStringConvertible {
    /// An input of a symptom (`input.app_port`).
    case input(symptom: String, name: String)
    /// A probe's `yields`.
    case probe(String)
    /// One or more rules' `derive`.
    case derived
    /// Nobody in the catalog: a facts file or a person's answer supplies it.
    case external

    public var description: String {
      switch self {
      case .input(let symptom, let name): "input '\(name)' of symptom '\(symptom)'"
      case .probe(let id): "probe '\(id)'"
      case .derived: "rules"
      case .external: "a facts file or an answer"
      }
    }
  }

  /// The dense id used by the engine and by compiled expressions.
  public var id: Int
  /// The dotted name (`app.listening`).
  public var name: String
  /// The declared type (`dyn` when undeclared).
  public var type: FactType
  /// What the fact means.
  public var description: String?
  /// Whether the value is secret and must never reach a report, a saved facts file or a log.
  public var secret: Bool
  /// Who establishes the fact.
  public var provider: Provider
  /// The value of a derived fact that no rule concluded and no unknown blocked.
  public var defaultValue: CELValue?
  /// Whether ``defaultValue`` was declared (`default:`), rather than inferred as `false` for a
  /// fact whose every derivation is the literal `true`. A derived fact whose deriving rules all do
  /// not apply takes only a declared default; otherwise it does not apply either.
  public var hasExplicitDefault: Bool = false
  /// Where the fact was first declared.
  public var location: SourceLocation?
}
