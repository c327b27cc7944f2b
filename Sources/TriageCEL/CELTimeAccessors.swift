import Foundation

/// The `getFullYear()`, `getHours()`, … accessors on timestamps and durations.
enum CELTimeAccessors {
  /// A timestamp field, in UTC or in `zone` (`"UTC"`, `"+05:30"` or an IANA name).
  static func get(_ field: CELTimeField, of timestamp: CELTimestamp, zone: String?) -> CELOutcome {
    var offset: Int64 = 0
    if let zone {
      guard let zoneOffset = self.offset(of: zone, at: timestamp) else {
        return .error(CELError("unknown time zone '\(zone)'"))
      }
      offset = zoneOffset
    }
    let civil = CELCalendar.civil(fromSeconds: timestamp.seconds + offset)
    let value: Int64
    switch field {
    case .fullYear: value = civil.year
    case .month: value = civil.month - 1
    case .date: value = civil.day
    case .dayOfMonth: value = civil.day - 1
    case .dayOfWeek: value = civil.weekday
    case .dayOfYear: value = civil.dayOfYear
    case .hours: value = civil.hour
    case .minutes: value = civil.minute
    case .seconds: value = civil.second
    case .milliseconds: value = Int64(timestamp.nanos) / 1_000_000
    }
    return .value(.int(value))
  }

  /// A duration field, converted from the whole duration (truncated), or `nil` if unsupported.
  static func get(_ field: CELTimeField, of duration: CELDuration) -> Int64? {
    switch field {
    case .hours: return duration.seconds / 3600
    case .minutes: return duration.seconds / 60
    case .seconds: return duration.seconds
    case .milliseconds: return duration.totalNanoseconds / 1_000_000
    default: return nil
    }
  }

  /// The offset from UTC in seconds of a time zone at an instant.
  static func offset(of zone: String, at timestamp: CELTimestamp) -> Int64? {
    if zone == "UTC" || zone == "Z" { return 0 }
    let scalars = Array(zone.unicodeScalars)
    if let sign = scalars.first, sign == "+" || sign == "-" {
      let parts = zone.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hours = Int64(parts[0]),
        let minutes = Int64(parts[1]), hours < 24, minutes < 60
      else { return nil }
      let total = hours * 3600 + minutes * 60
      return sign == "-" ? -total : total
    }
    guard let timeZone = TimeZone(identifier: zone) else { return nil }
    let date = Date(timeIntervalSince1970: Double(timestamp.seconds))
    return Int64(timeZone.secondsFromGMT(for: date))
  }
}
