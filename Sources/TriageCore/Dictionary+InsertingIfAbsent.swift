extension Dictionary {
  /// The value of `key`; when the key is absent, `value`, which is then stored for it. The key is
  /// hashed once, where a lookup followed by an insert hashes it twice.
  mutating func value(forKey key: Key, insertingIfAbsent value: Value) -> Value {
    Self.read(&self[key, default: value])
  }

  /// Reads a value through the dictionary's in-place access, which stores the default of an
  /// absent key when the access ends.
  private static func read(_ value: inout Value) -> Value { value }
}
