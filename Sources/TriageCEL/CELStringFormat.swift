import Foundation

/// `"…".format([args])` of CEL's strings extension library: `%s`, `%d`, `%f`, `%e`, `%b`, `%o`,
/// `%x`, `%X` and `%%`, with an optional precision (`%.3f`), as cel-go formats them.
enum CELStringFormat {
  static func format(_ template: String, _ values: [CELValue]) -> CELOutcome {
    var output = ""
    var next = 0
    var scalars = template.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      guard scalar == "%" else {
        output.unicodeScalars.append(scalar)
        continue
      }
      var precision: Int?
      var verb = scalars.next()
      if verb == "." {
        var digits = ""
        verb = scalars.next()
        while let digit = verb, ("0"..."9").contains(digit) {
          digits.unicodeScalars.append(digit)
          verb = scalars.next()
        }
        precision = Int(digits) ?? 0
      }
      guard let verb else { return .error(CELError("could not parse formatting clause: missing verb")) }
      if verb == "%" {
        output += "%"
        continue
      }
      guard "sdfebxXo".unicodeScalars.contains(verb) else {
        return .error(CELError("could not parse formatting clause: unrecognized formatting clause \"\(verb)\""))
      }
      guard next < values.count else { return .error(CELError("index \(next) out of range")) }
      let value = values[next]
      next += 1
      let clause: Result<String, CELError>
      switch verb {
      case "s": clause = string(value)
      case "d": clause = decimal(value)
      case "f": clause = fixed(value, precision: precision ?? 6)
      case "e": clause = scientific(value, precision: precision ?? 6)
      case "b": clause = radix(value, 2, "binary")
      case "o": clause = radix(value, 8, "octal")
      default: clause = hexadecimal(value, upper: verb == "X")
      }
      switch clause {
      case .success(let text): output += text
      case .failure(let error): return .error(CELError("error during formatting: \(error.message)"))
      }
    }
    return .value(.string(output))
  }

  /// `%s`: a value as text; lists and maps with their elements as `%s` shows them, map entries
  /// sorted by their keys' text.
  static func string(_ value: CELValue) -> Result<String, CELError> {
    switch value {
    case .null: return .success("null")
    case .bool(let flag): return .success(flag ? "true" : "false")
    case .int(let number): return .success(String(number))
    case .uint(let number): return .success(String(number))
    case .double(let number): return .success(nonFinite(number) ?? CELDoubleFormatter.format(number))
    case .string(let text): return .success(text)
    case .bytes(let bytes): return .success(String(decoding: bytes, as: UTF8.self))
    case .duration(let duration): return .success(duration.description)
    case .timestamp(let timestamp): return .success(timestamp.description)
    case .type(.list): return .success("list")
    case .type(.map): return .success("map")
    case .type(let type): return .success(type.description)
    case .list(let items):
      var parts: [String] = []
      for item in items {
        switch string(item) {
        case .success(let text): parts.append(text)
        case .failure(let error): return .failure(error)
        }
      }
      return .success("[" + parts.joined(separator: ", ") + "]")
    case .map(let map):
      var parts: [(String, String)] = []
      for entry in map.entries {
        guard case .success(let key) = string(entry.key) else { return string(entry.key) }
        switch string(entry.value) {
        case .success(let text): parts.append((key, text))
        case .failure(let error): return .failure(error)
        }
      }
      return .success("{" + parts.sorted { $0.0 < $1.0 }.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
    }
  }

  /// Infinity and NaN as cel-go writes them in every numeric clause.
  private static func nonFinite(_ number: Double) -> String? {
    if number.isNaN { return "NaN" }
    if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
    return nil
  }

  private static func decimal(_ value: CELValue) -> Result<String, CELError> {
    switch value {
    case .int(let number): return .success(String(number))
    case .uint(let number): return .success(String(number))
    case .double(let number) where nonFinite(number) != nil: return .success(nonFinite(number)!)
    default: return .failure(CELError("decimal clause can only be used on integers, was given \(kind(value))"))
    }
  }

  private static func fixed(_ value: CELValue, precision: Int) -> Result<String, CELError> {
    guard let number = double(value) else {
      return .failure(CELError("fixed-point clause can only be used on doubles, was given \(kind(value))"))
    }
    return .success(nonFinite(number) ?? String(format: "%.\(min(precision, 100))f", number))
  }

  private static func scientific(_ value: CELValue, precision: Int) -> Result<String, CELError> {
    guard let number = double(value) else {
      return .failure(CELError("scientific clause can only be used on doubles, was given \(kind(value))"))
    }
    return .success(nonFinite(number) ?? String(format: "%.\(min(precision, 100))e", number))
  }

  private static func double(_ value: CELValue) -> Double? {
    switch value {
    case .double(let number): number
    case .int(let number): Double(number)
    case .uint(let number): Double(number)
    default: nil
    }
  }

  private static func radix(_ value: CELValue, _ base: Int, _ name: String) -> Result<String, CELError> {
    switch value {
    case .int(let number): return .success(String(number, radix: base))
    case .uint(let number): return .success(String(number, radix: base))
    case .bool(let flag) where base == 2: return .success(flag ? "1" : "0")
    default: return .failure(CELError("\(name) clause can only be used on integers, was given \(kind(value))"))
    }
  }

  private static func hexadecimal(_ value: CELValue, upper: Bool) -> Result<String, CELError> {
    let text: String
    switch value {
    case .int(let number): text = String(number, radix: 16)
    case .uint(let number): text = String(number, radix: 16)
    case .string(let string): text = hex(Array(string.utf8))
    case .bytes(let bytes): text = hex(bytes)
    default:
      return .failure(
        CELError("only integers, byte buffers, and strings can be formatted as hex, was given \(kind(value))"))
    }
    return .success(upper ? text.uppercased() : text)
  }

  private static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
  }

  private static func kind(_ value: CELValue) -> String {
    switch value {
    case .null: "null_type"
    case .bool: "bool"
    case .int: "int"
    case .uint: "uint"
    case .double: "double"
    case .string: "string"
    case .bytes: "bytes"
    case .list: "list"
    case .map: "map"
    case .duration: "google.protobuf.Duration"
    case .timestamp: "google.protobuf.Timestamp"
    case .type: "type"
    }
  }
}
