/// Definitions of one kind by id, in load order, with override and disable.
struct DefinitionTable<Spec>: Sequence {
  let kind: String
  private var entries: [(spec: Spec, location: SourceLocation)?] = []
  private var index: [String: Int] = [:]
  /// Where ``removeFirst(_:)`` goes on from.
  private var next = 0

  init(kind: String) {
    self.kind = kind
  }

  /// How many definitions were added (including removed ones).
  var count: Int { entries.count }

  /// The surviving definitions in load order (an override keeps the original's place).
  var all: [Spec] { entries.compactMap { $0?.spec } }

  /// Iterates the surviving definitions in load order without copying them into an array.
  func makeIterator() -> some IteratorProtocol<Spec> {
    entries.lazy.compactMap { $0?.spec }.makeIterator()
  }

  /// Takes up to `count` of the first surviving definitions out of the table, in load order;
  /// nil when none is left. Taken definitions are released from the table.
  mutating func removeFirst(_ count: Int) -> [Spec]? {
    var batch: [Spec] = []
    while batch.count < count, next < entries.count {
      if let entry = entries[next] { batch.append(entry.spec) }
      entries[next] = nil
      next += 1
    }
    if next == entries.count { index = [:] }
    return batch.isEmpty ? nil : batch
  }

  /// Makes room for `count` more definitions.
  mutating func reserveCapacity(adding count: Int) {
    entries.reserveCapacity(entries.count + count)
    index.reserveCapacity(index.count + count)
  }

  mutating func add(_ spec: Spec, id: Located<String>, override: Bool, into diagnostics: inout [Diagnostic]) {
    // The id is hashed once: its entry in the index is found, or made for the next position.
    let next = entries.count
    let position = index.value(forKey: id.value, insertingIfAbsent: next)
    if position != next, let existing = entries[position] {
      if override {
        entries[position] = (spec, id.location)
      } else {
        diagnostics.append(
          Diagnostic(
            .error, "duplicate \(kind) id '\(id.value)' (first defined at \(existing.location))", at: id.location))
      }
      return
    }
    if override {
      diagnostics.append(
        Diagnostic(.error, "\(kind) '\(id.value)' overrides nothing: no \(kind) has that id", at: id.location))
    }
    if position != next { index[id.value] = next }
    entries.append((spec, id.location))
  }

  /// Changes the surviving definition with `id`; false when there is none.
  mutating func update(_ id: String, _ body: (inout Spec) -> Void) -> Bool {
    guard let position = index[id], var entry = entries[position] else { return false }
    body(&entry.spec)
    entries[position] = entry
    return true
  }

  mutating func remove(_ id: String) -> Bool {
    guard let position = index.removeValue(forKey: id), entries[position] != nil else { return false }
    entries[position] = nil
    return true
  }
}
