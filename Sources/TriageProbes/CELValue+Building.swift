import TriageCEL
import TriageCore

extension CELValue {
  /// A map with string keys, in the order given.
  static func record(_ fields: [(String, CELValue)]) -> CELValue {
    .map(CELMap(fields.map { (.string($0.0), $0.1) }))
  }

  /// An int from any binary integer.
  static func integer<T: BinaryInteger>(_ value: T) -> CELValue {
    .int(Int64(clamping: value))
  }

  /// Milliseconds of a duration, as a double.
  static func milliseconds(_ duration: Duration) -> CELValue {
    .double(duration.milliseconds)
  }
}
