import TriageCEL

/// The facts of a catalog being built: names, ids, types and providers.
struct FactTable {
  private(set) var declarations: [FactDeclaration] = []
  private(set) var index: [String: Int] = [:]

  subscript(name: String) -> FactDeclaration? {
    index[name].map { declarations[$0] }
  }

  /// Adds a fact unless one with this name exists; either way its id, and whether it is new.
  /// The name is hashed once: the index's entry is found or made in the same access.
  mutating func declare(
    _ name: String, type: FactType = .dyn, provider: FactDeclaration.Provider, at location: SourceLocation?
  ) -> (id: Int, isNew: Bool) {
    let next = declarations.count
    let id = index.value(forKey: name, insertingIfAbsent: next)
    guard id == next else { return (id, false) }
    declarations.append(
      FactDeclaration(
        id: id, name: name, type: type, description: nil, secret: false, provider: provider, defaultValue: nil,
        location: location))
    return (id, true)
  }

  /// Makes room for `count` declarations, so that a large catalog's table is allocated once.
  mutating func reserveCapacity(_ count: Int) {
    declarations.reserveCapacity(count)
    index.reserveCapacity(count)
  }

  /// Moves the declarations out (leaving none), so they can be changed without a copy.
  mutating func takeDeclarations() -> [FactDeclaration] {
    defer { declarations = [] }
    return declarations
  }

  mutating func update(_ id: Int, _ change: (inout FactDeclaration) -> Void) {
    change(&declarations[id])
  }

  /// A CEL environment that declares every fact.
  func environment() -> CELEnvironment {
    var environment = CELEnvironment()
    environment.registerStringExtensions()
    // The table's own name index, shared: no second dictionary of every fact.
    environment.declare(variables: index, types: declarations.map(\.type.celType))
    environment.nowVariableID = index[Catalog.nowFactName]
    return environment
  }
}
