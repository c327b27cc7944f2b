/// The value of a variable during one evaluation.
public enum CELBinding: Sendable, Hashable {
  /// The variable has this value.
  case value(CELValue)
  /// The variable's value is not known (yet); results depending on it are unknown.
  case unknown
  /// The variable has no value and never will in this evaluation: what it describes does not
  /// exist here (a probe that did not apply). It evaluates as unknown, but an operand that
  /// depends only on such variables can never become true: `&&` with it is not applicable
  /// (unless another operand is false), `||` ignores it in favour of other unknowns, and a strict
  /// operator or function over it is not applicable.
  case notApplicable
}

/// Supplies variable values to an evaluation, by the ids chosen when declaring them.
public protocol CELActivation {
  /// The binding of the variable declared with `id`.
  func binding(forVariable id: Int) -> CELBinding
}

/// An activation backed by a dictionary from variable id to binding.
///
/// Variables without an entry are unknown.
public struct CELDictionaryActivation: CELActivation, Sendable {
  /// The bindings by variable id.
  public var bindings: [Int: CELBinding]

  /// Creates an activation from bindings by id.
  public init(_ bindings: [Int: CELBinding] = [:]) {
    self.bindings = bindings
  }

  /// Creates an activation from values by id.
  public init(values: [Int: CELValue]) {
    self.bindings = values.mapValues { .value($0) }
  }

  /// The binding for `id`, `.unknown` when absent.
  public func binding(forVariable id: Int) -> CELBinding {
    bindings[id] ?? .unknown
  }
}

/// An activation backed by values by variable name, resolved through an environment.
///
/// Declared variables without a value are unknown.
public struct CELNamedActivation: CELActivation, Sendable {
  private let bindings: [Int: CELBinding]

  /// Creates an activation binding each name declared in `environment` to its value.
  ///
  /// Names not declared in the environment are ignored.
  public init(_ values: [String: CELValue], in environment: CELEnvironment) {
    var bindings: [Int: CELBinding] = [:]
    for (name, value) in values {
      if let variable = environment.variable(named: name) {
        bindings[variable.id] = .value(value)
      }
    }
    self.bindings = bindings
  }

  /// The binding for `id`, `.unknown` when absent.
  public func binding(forVariable id: Int) -> CELBinding {
    bindings[id] ?? .unknown
  }
}
