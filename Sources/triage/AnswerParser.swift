import TriageCEL
import TriageCore

/// Turns what a person typed into a typed answer for a question.
enum AnswerParser {
  /// The value, or a message saying what is expected.
  static func parse(_ text: String, for question: Question) -> Result<CELValue, AnswerError> {
    if !question.choices.isEmpty {
      if let number = Int(text), (1...question.choices.count).contains(number) {
        return .success(question.choices[number - 1])
      }
      if let match = question.choices.first(where: { display($0).lowercased() == text.lowercased() }) {
        return .success(match)
      }
      return .failure(AnswerError(message: "answer one of: \(choices(question))"))
    }
    if question.type == .bool {
      switch text.lowercased() {
      case "y", "yes", "true", "t": return .success(.bool(true))
      case "n", "no", "false", "f": return .success(.bool(false))
      default: return .failure(AnswerError(message: "answer yes or no"))
      }
    }
    // Count questions say "(0 if none)": "none" and "no" are 0, and a count is never negative.
    if question.type == .int, ["none", "no", "zero"].contains(text.lowercased()) { return .success(.int(0)) }
    switch InputValue.parse(text, as: question.type) {
    case .success(.int(let count)) where count < 0:
      return .failure(AnswerError(message: "a count is 0 or more"))
    case .success(let value): return .success(value)
    case .failure: return .failure(AnswerError(message: "'\(text)' is not \(describe(question.type))"))
    }
  }

  /// "an int", "a duration" …
  static func describe(_ type: FactType) -> String {
    switch type {
    case .int: "a whole number"
    case .double: "a number"
    case .duration: "a duration such as 90s or 15m"
    case .timestamp: "a time such as 2026-11-25T03:00:00Z"
    default: "a \(type.rawValue)"
    }
  }

  /// The answer hint shown after a question.
  static func hint(_ question: Question) -> String {
    if !question.choices.isEmpty { return choices(question) }
    return question.type == .bool ? "yes/no" : question.type.rawValue
  }

  static func choices(_ question: Question) -> String {
    question.choices.enumerated().map { "\($0.offset + 1)) \(display($0.element))" }.joined(separator: "  ")
  }

  static func display(_ value: CELValue) -> String {
    if case .string(let text) = value { return text }
    return value.description
  }
}

/// An answer that does not fit its question.
struct AnswerError: Error {
  var message: String
}
