/// The declarations an expression is compiled against: variables, functions and limits.
///
/// Variable names may be dotted (`app.listening`): the checker resolves a select chain such as
/// `app.listening.port` to the longest declared qualified prefix, like CEL's qualified names.
public struct CELEnvironment: Sendable {
  /// A declared variable.
  public struct Variable: Sendable, Hashable {
    /// The (possibly dotted) name.
    public var name: String
    /// The declared type; `.dyn` when unknown.
    public var type: CELType
    /// The caller-chosen id passed back through `CELActivation`.
    public var id: Int
    /// For a record (a probe's `result`): every field it can have, with its type. Selecting
    /// any other field is a compile error; `nil` leaves field selection unchecked.
    public var fields: [String: CELType]?
  }

  /// Resource limits for compiling and evaluating.
  public var limits = CELLimits()

  /// The variable `now()` reads (a timestamp fixed once per run), if the environment has one;
  /// without it `now()` is an undeclared function.
  public var nowVariableID: Int?

  /// The declarations, shared by copies until one of them declares more (copy on write): a copy
  /// of an environment, one per compiled expression, is then a single reference count, and the
  /// cores compiling rules at once do not contend for the counts of several tables.
  private var declarations = Declarations()

  /// The variables declared one at a time.
  var variables: [String: Variable] { declarations.variables }
  /// The registered extension functions, by name.
  var functions: [String: [CELFunction]] { declarations.functions }

  /// Creates an empty environment.
  public init() {}

  /// Declares a variable, replacing any earlier declaration of the same name; with `fields`, a
  /// record whose field selections are checked against them.
  public mutating func declare(_ name: String, type: CELType = .dyn, id: Int, fields: [String: CELType]? = nil) {
    uniqueDeclarations().variables[name] = Variable(name: name, type: type, id: id, fields: fields)
  }

  /// Declares every name of `index` as the variable with that id and the type `types[id]`
  /// (replacing an earlier table); a name declared one at a time takes precedence.
  public mutating func declare(variables index: [String: Int], types: [CELType]) {
    let declarations = uniqueDeclarations()
    declarations.tableIndex = index
    declarations.tableTypes = types
  }

  /// Registers an extension function; several overloads may share a name if arity or style differ.
  public mutating func register(_ function: CELFunction) {
    let declarations = uniqueDeclarations()
    var overloads = declarations.functions[function.name] ?? []
    overloads.removeAll { $0.style == function.style && $0.arity == function.arity }
    overloads.append(function)
    declarations.functions[function.name] = overloads
  }

  /// The variable declared under `name`, if any.
  public func variable(named name: String) -> Variable? {
    declarations.variable(named: name)
  }

  private mutating func uniqueDeclarations() -> Declarations {
    if !isKnownUniquelyReferenced(&declarations) { declarations = declarations.copy() }
    return declarations
  }

  /// All declared variables, sorted by name.
  public var declaredVariables: [Variable] {
    var all = variables
    for name in declarations.tableIndex.keys where all[name] == nil {
      all[name] = variable(named: name)
    }
    return all.values.sorted { $0.name < $1.name }
  }

  /// Declares each name of `values` with its value's type, numbering ids after the largest
  /// id already declared (in name order), and returns an activation binding those values.
  ///
  /// A convenience for tests and ad-hoc evaluation.
  @discardableResult
  public mutating func declare(values: [String: CELValue]) -> CELNamedActivation {
    var nextID = max(variables.values.map(\.id).max() ?? -1, declarations.tableTypes.count - 1) + 1
    for name in values.keys.sorted() {
      guard let value = values[name] else { continue }
      declare(name, type: value.celType, id: nextID)
      nextID += 1
    }
    return CELNamedActivation(values, in: self)
  }

  /// The storage of an environment's declarations; changed only while one environment holds it.
  private final class Declarations: @unchecked Sendable {
    var variables: [String: Variable] = [:]
    var functions: [String: [CELFunction]] = [:]
    /// Variables declared all at once from the caller's own table (a catalog's facts: name to
    /// id, and each id's type), read in place: an environment of 100,000 facts does not build
    /// a second dictionary of them.
    var tableIndex: [String: Int] = [:]
    var tableTypes: [CELType] = []

    func variable(named name: String) -> Variable? {
      if !variables.isEmpty, let variable = variables[name] { return variable }
      guard let id = tableIndex[name] else { return nil }
      return Variable(name: name, type: tableTypes[id], id: id, fields: nil)
    }

    func copy() -> Declarations {
      let copy = Declarations()
      copy.variables = variables
      copy.functions = functions
      copy.tableIndex = tableIndex
      copy.tableTypes = tableTypes
      return copy
    }
  }
}
