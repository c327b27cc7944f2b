import TriageCEL

extension JSONValue {
  /// A CEL value as JSON: durations and timestamps as their CEL text, map keys as strings.
  public init(_ value: CELValue) {
    switch value {
    case .null: self = .null
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .double(Double(u))
    case .double(let d): self = .double(d)
    case .string(let s): self = .string(s)
    case .bytes(let bytes): self = .array(bytes.map { .int(Int64($0)) })
    case .list(let items): self = .array(items.map(JSONValue.init))
    case .map(let map):
      self = .object(
        map.entries.map { entry in
          if case .string(let key) = entry.key { return (key, JSONValue(entry.value)) }
          return (entry.key.description, JSONValue(entry.value))
        })
    case .duration(let d): self = .string(d.description)
    case .timestamp(let t): self = .string(t.description)
    case .type(let t): self = .string("\(t)")
    }
  }
}
