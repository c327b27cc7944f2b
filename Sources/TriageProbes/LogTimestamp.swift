#if canImport(Glibc)
  import Glibc
#endif

/// The time at the start of a log line, in seconds since the epoch, for the formats logs use:
/// ISO 8601 / RFC 3339 and Python's `2024-05-01 12:00:00,123` (journalctl `short-iso`, gunicorn
/// `[2024-05-01 12:00:00 +0000]`), nginx `2024/05/01 12:00:00`, syslog `May  1 12:00:00`, Apache's
/// error log `[Wed May 01 12:00:00.123456 2024]`, the common log format
/// `[01/May/2024:12:00:00 +0000]` (searched at the first `[`), and JSON lines
/// whose `ts`, `time` or `timestamp` is epoch seconds (Caddy's and zap's `"ts":1714564800.123`) or
/// one of those texts. Without a zone the time is local.
enum LogTimestamp {
  static func parse(_ line: Substring) -> Double? {
    let bytes = Array(line.utf8.prefix(160))
    var start = 0
    while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "[") { start += 1 }
    if start < bytes.count, bytes[start] == UInt8(ascii: "{") { return jsonTime(bytes) }
    if let time = parse(bytes, at: start) { return time }
    if let bracket = bytes.firstIndex(of: UInt8(ascii: "[")), bracket + 1 > start {
      return parse(bytes, at: bracket + 1)
    }
    return nil
  }

  private static let jsonKeys = ["\"ts\":", "\"time\":", "\"timestamp\":"].map { Array($0.utf8) }

  /// The time of a JSON log line: the first of its time keys, as epoch seconds or as text.
  private static func jsonTime(_ bytes: [UInt8]) -> Double? {
    for key in jsonKeys {
      guard let found = bytes.indices.first(where: { bytes[$0...].starts(with: key) }) else { continue }
      var position = found + key.count
      while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
      guard position < bytes.count else { return nil }
      if bytes[position] == UInt8(ascii: "\"") { return parse(bytes, at: position + 1) }
      let number = bytes[position...].prefix { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }
      return Double(String(decoding: number, as: UTF8.self))
    }
    return nil
  }

  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
  private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

  private static func parse(_ bytes: [UInt8], at start: Int) -> Double? {
    var cursor = Cursor(bytes: bytes, position: start)
    var time = tm()
    if let year = cursor.digits(4), let separator = cursor.oneOf("-/"), let month = cursor.digits(2),
      cursor.literal(separator), let day = cursor.digits(2), cursor.oneOf("T ") != nil
    {
      guard let (hour, minute, second) = cursor.clock() else { return nil }
      time.set(year: Int32(year - 1900), month: Int32(month - 1), day: day, hour: hour, minute: minute, second: second)
      let fraction = cursor.fraction()
      cursor.skipSpaces()
      return epoch(&time, offset: cursor.zone()).map { $0 + fraction }
    }
    cursor.position = start
    if let day = cursor.digits(2), cursor.literal(UInt8(ascii: "/")), let month = cursor.month(months),
      cursor.literal(UInt8(ascii: "/")), let year = cursor.digits(4), cursor.literal(UInt8(ascii: ":")),
      let (hour, minute, second) = cursor.clock()
    {
      time.set(year: Int32(year - 1900), month: Int32(month), day: day, hour: hour, minute: minute, second: second)
      cursor.skipSpaces()
      return epoch(&time, offset: cursor.zone())
    }
    cursor.position = start
    if cursor.month(weekdays) != nil, cursor.literal(UInt8(ascii: " ")), let month = cursor.month(months),
      cursor.literal(UInt8(ascii: " "))
    {
      // Apache's error log (ctime with microseconds): `Fri Dec 04 15:02:20.431207 2026`, local time.
      cursor.skipSpaces()
      guard let day = cursor.digits(2) ?? cursor.digits(1), cursor.literal(UInt8(ascii: " ")),
        let (hour, minute, second) = cursor.clock()
      else { return nil }
      let fraction = cursor.fraction()
      guard cursor.literal(UInt8(ascii: " ")), let year = cursor.digits(4) else { return nil }
      time.set(year: Int32(year - 1900), month: Int32(month), day: day, hour: hour, minute: minute, second: second)
      return epoch(&time, offset: nil).map { $0 + fraction }
    }
    cursor.position = start
    if let month = cursor.month(months), cursor.literal(UInt8(ascii: " ")) {
      cursor.skipSpaces()
      guard let day = cursor.digits(2) ?? cursor.digits(1), cursor.literal(UInt8(ascii: " ")),
        let (hour, minute, second) = cursor.clock()
      else { return nil }
      var now = time_t(0)
      Glibc.time(&now)
      var current = tm()
      localtime_r(&now, &current)
      time.set(year: current.tm_year, month: Int32(month), day: day, hour: hour, minute: minute, second: second)
      guard var result = epoch(&time, offset: nil) else { return nil }
      if result > Double(now) + 86400 {
        time.tm_year -= 1
        result = epoch(&time, offset: nil) ?? result
      }
      return result
    }
    return nil
  }

  /// UTC when `offset` (seconds east of UTC) is known, else local time.
  private static func epoch(_ time: inout tm, offset: Int?) -> Double? {
    if let offset { return Double(timegm(&time)) - Double(offset) }
    time.tm_isdst = -1
    let value = mktime(&time)
    return value == -1 ? nil : Double(value)
  }

  private struct Cursor {
    let bytes: [UInt8]
    var position: Int

    mutating func digits(_ count: Int) -> Int? {
      guard position + count <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[position..<(position + count)] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      if position + count < bytes.count, (48...57).contains(bytes[position + count]) { return nil }
      position += count
      return value
    }

    mutating func literal(_ byte: UInt8) -> Bool {
      guard position < bytes.count, bytes[position] == byte else { return false }
      position += 1
      return true
    }

    mutating func oneOf(_ characters: String) -> UInt8? {
      guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return nil }
      position += 1
      return bytes[position - 1]
    }

    mutating func clock() -> (Int, Int, Int)? {
      guard let hour = digits(2), literal(UInt8(ascii: ":")), let minute = digits(2), literal(UInt8(ascii: ":")),
        let second = digits(2), hour < 24, minute < 60, second <= 60
      else { return nil }
      return (hour, minute, second)
    }

    mutating func fraction() -> Double {
      guard position < bytes.count, bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ",")
      else { return 0 }
      position += 1
      var value = 0.0
      var scale = 0.1
      while position < bytes.count, (48...57).contains(bytes[position]) {
        value += Double(bytes[position] - 48) * scale
        scale /= 10
        position += 1
      }
      return value
    }

    mutating func skipSpaces() {
      while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
    }

    /// `Z`, `+HH:MM`, `+HHMM`, `-HH`; nil when none.
    mutating func zone() -> Int? {
      guard position < bytes.count else { return nil }
      if bytes[position] == UInt8(ascii: "Z") { return 0 }
      guard let sign = oneOf("+-") else { return nil }
      guard let hours = digits(2) else { return nil }
      _ = literal(UInt8(ascii: ":"))
      let minutes = digits(2) ?? 0
      let offset = hours * 3600 + minutes * 60
      return sign == UInt8(ascii: "-") ? -offset : offset
    }

    mutating func month(_ names: [String]) -> Int? {
      guard position + 3 <= bytes.count else { return nil }
      let word = String(decoding: bytes[position..<(position + 3)], as: UTF8.self)
      guard let index = names.firstIndex(of: word) else { return nil }
      position += 3
      return index
    }
  }
}

extension tm {
  /// Sets the calendar fields (`year` since 1900, `month` from 0, as `tm` counts them).
  fileprivate mutating func set(year: Int32, month: Int32, day: Int, hour: Int, minute: Int, second: Int) {
    tm_year = year
    tm_mon = month
    tm_mday = Int32(day)
    tm_hour = Int32(hour)
    tm_min = Int32(minute)
    tm_sec = Int32(second)
  }
}
