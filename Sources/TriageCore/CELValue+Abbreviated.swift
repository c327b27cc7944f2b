import TriageCEL

extension CELValue {
  /// The value as CEL writes it, cut to `limit` characters for a message (a wrong value may be
  /// a whole file's worth of text; a diagnostic names it, it does not repeat it).
  public func abbreviated(limit: Int = 80) -> String {
    let text = description
    guard text.count > limit else { return text }
    return "\(text.prefix(limit))… (\(text.count) characters)"
  }
}
