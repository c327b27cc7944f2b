/// A point in time with nanosecond precision (`google.protobuf.Timestamp`), always in UTC.
///
/// CEL timestamps range from `0001-01-01T00:00:00Z` to `9999-12-31T23:59:59.999999999Z`.
public struct CELTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Seconds since the Unix epoch, 1970-01-01T00:00:00Z.
  public var seconds: Int64
  /// Nanoseconds within the second, `0..<1_000_000_000`.
  public var nanos: Int32

  /// The earliest valid `seconds` value (0001-01-01T00:00:00Z).
  public static let minSeconds: Int64 = -62_135_596_800
  /// The latest valid `seconds` value (9999-12-31T23:59:59Z).
  public static let maxSeconds: Int64 = 253_402_300_799

  /// Creates a timestamp, normalizing nanoseconds; `nil` when outside the CEL range.
  public init?(seconds: Int64, nanos: Int64 = 0) {
    var seconds = seconds
    var nanos = nanos
    let carry = nanos / 1_000_000_000
    nanos -= carry * 1_000_000_000
    if nanos < 0 {
      nanos += 1_000_000_000
      guard seconds > Int64.min + 1 else { return nil }
      seconds -= 1
    }
    let (sum, overflow) = seconds.addingReportingOverflow(carry)
    guard !overflow, sum >= Self.minSeconds, sum <= Self.maxSeconds else { return nil }
    self.seconds = sum
    self.nanos = Int32(nanos)
  }

  /// Parses an RFC 3339 timestamp such as `"2009-02-13T23:31:30Z"` or
  /// `"2009-02-13T15:31:30.5-08:00"`; `nil` when malformed or out of range.
  public init?(parsing text: String) {
    guard let (seconds, nanos) = CELTimestampParser.parse(text) else { return nil }
    self.init(seconds: seconds, nanos: nanos)
  }

  /// The timestamp in RFC 3339 format in UTC, with a fraction only when nonzero.
  public var description: String {
    let civil = CELCalendar.civil(fromSeconds: seconds)
    func pad(_ value: Int64, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    var text =
      "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
      + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
    if nanos != 0 {
      var digits = pad(Int64(nanos), 9)
      while digits.hasSuffix("0") {
        digits.removeLast()
      }
      text += "." + digits
    }
    return text + "Z"
  }

  /// Orders timestamps chronologically.
  public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
    (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
  }

  /// The timestamp moved by `duration`; `nil` when the result leaves the CEL range.
  public func adding(_ duration: CELDuration) -> CELTimestamp? {
    let (s, overflow) = seconds.addingReportingOverflow(duration.seconds)
    if overflow { return nil }
    return CELTimestamp(seconds: s, nanos: Int64(nanos) + Int64(duration.nanos))
  }

  /// The duration from `other` to `self`; `nil` when it does not fit a CEL duration.
  public func difference(from other: CELTimestamp) -> CELDuration? {
    CELDuration(seconds: seconds - other.seconds, nanos: Int64(nanos) - Int64(other.nanos))
  }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms).
enum CELCalendar {
  /// Broken-down UTC time.
  struct Civil {
    var year: Int64
    var month: Int64
    var day: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64
    /// Day of the week, 0 = Sunday.
    var weekday: Int64
    /// Day of the year, 0-based.
    var dayOfYear: Int64
  }

  /// Days since 1970-01-01 for a civil date.
  static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The civil date and time of a count of seconds since the epoch.
  static func civil(fromSeconds seconds: Int64) -> Civil {
    var days = seconds / 86_400
    var rest = seconds % 86_400
    if rest < 0 {
      rest += 86_400
      days -= 1
    }
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    var weekday = (days + 4) % 7
    if weekday < 0 { weekday += 7 }
    let dayOfYear = days - Self.days(year: year, month: 1, day: 1)
    return Civil(
      year: year, month: month, day: day, hour: rest / 3600, minute: rest % 3600 / 60,
      second: rest % 60, weekday: weekday, dayOfYear: dayOfYear)
  }

  /// Whether `year` is a leap year.
  static func isLeap(_ year: Int64) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The number of days in a month.
  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

/// Parser for RFC 3339 timestamps.
enum CELTimestampParser {
  /// Returns seconds since the epoch and nanoseconds, or `nil` when malformed.
  static func parse(_ text: String) -> (Int64, Int64)? {
    let s = Array(text.utf8)
    var i = 0
    func number(_ width: Int) -> Int64? {
      guard i + width <= s.count else { return nil }
      var value: Int64 = 0
      for k in i..<(i + width) {
        guard s[k] >= 48 && s[k] <= 57 else { return nil }
        value = value * 10 + Int64(s[k] - 48)
      }
      i += width
      return value
    }
    func expect(_ chars: UInt8...) -> Bool {
      guard i < s.count, chars.contains(s[i]) else { return false }
      i += 1
      return true
    }
    guard let year = number(4), expect(45), let month = number(2), expect(45),
      let day = number(2), expect(84, 116), let hour = number(2), expect(58),
      let minute = number(2), expect(58), let second = number(2)
    else { return nil }
    var nanos: Int64 = 0
    if i < s.count && s[i] == 46 {
      i += 1
      var digits = 0
      while i < s.count, s[i] >= 48 && s[i] <= 57 {
        if digits < 9 {
          nanos = nanos * 10 + Int64(s[i] - 48)
        }
        digits += 1
        i += 1
      }
      guard digits > 0 else { return nil }
      for _ in 0..<max(0, 9 - digits) {
        nanos *= 10
      }
    }
    var offset: Int64 = 0
    if expect(90, 122) {
      offset = 0
    } else if i < s.count && (s[i] == 43 || s[i] == 45) {
      let sign: Int64 = s[i] == 45 ? -1 : 1
      i += 1
      guard let oh = number(2), expect(58), let om = number(2), oh < 24, om < 60 else {
        return nil
      }
      offset = sign * (oh * 3600 + om * 60)
    } else {
      return nil
    }
    guard i == s.count, year >= 1, month >= 1, month <= 12, day >= 1,
      day <= CELCalendar.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
    else { return nil }
    let days = CELCalendar.days(year: year, month: month, day: day)
    return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos)
  }
}
