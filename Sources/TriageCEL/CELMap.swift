/// An insertion-ordered CEL map whose keys are looked up by CEL equality.
///
/// Keys equal under CEL equality (`1`, `1u` and `1.0`) address the same entry. Initializing with a
/// duplicate key keeps the first position and the last value; the evaluator reports duplicate keys
/// in map literals as errors before building a map.
public struct CELMap: Sendable {
  /// The entries in insertion order.
  public private(set) var entries: [(key: CELValue, value: CELValue)]
  private var index: [CELValue: Int]

  /// Creates a map from key/value pairs, in order.
  public init(_ entries: [(CELValue, CELValue)]) {
    self.entries = []
    self.entries.reserveCapacity(entries.count)
    self.index = Dictionary(minimumCapacity: entries.count)
    for (key, value) in entries {
      self[key] = value
    }
  }

  /// Creates an empty map.
  public init() {
    self.init([])
  }

  /// The number of entries.
  public var count: Int { entries.count }

  /// Whether the map has no entries.
  public var isEmpty: Bool { entries.isEmpty }

  /// The keys in insertion order.
  public var keys: [CELValue] { entries.map(\.key) }

  /// The value stored under a key equal (under CEL equality) to `key`, if any.
  public subscript(key: CELValue) -> CELValue? {
    get {
      guard let position = index[key] else { return nil }
      return entries[position].value
    }
    set {
      if let position = index[key] {
        if let newValue {
          entries[position].value = newValue
        } else {
          entries.remove(at: position)
          index[key] = nil
          for (offset, entry) in entries.enumerated().dropFirst(position) {
            index[entry.key] = offset
          }
        }
      } else if let newValue {
        index[key] = entries.count
        entries.append((key, newValue))
      }
    }
  }

  /// Whether the map contains `key` under CEL equality.
  public func contains(key: CELValue) -> Bool {
    index[key] != nil
  }
}

extension CELMap: Hashable {
  /// Two maps are equal when they have equal keys mapping to equal values, in any order.
  public static func == (lhs: CELMap, rhs: CELMap) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (key, value) in lhs.entries {
      guard let other = rhs[key], other == value else { return false }
    }
    return true
  }

  /// Hashes the entries independently of their order.
  public func hash(into hasher: inout Hasher) {
    var combined = 0
    for (key, value) in entries {
      var entryHasher = Hasher()
      entryHasher.combine(key)
      entryHasher.combine(value)
      combined ^= entryHasher.finalize()
    }
    hasher.combine(count)
    hasher.combine(combined)
  }
}
