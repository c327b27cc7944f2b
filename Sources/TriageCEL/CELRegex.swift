/// A compiled RE2-syntax regular expression, matched in linear time by a Thompson NFA.
///
/// Swift's regex engines backtrack and can take exponential time; this matcher simulates all
/// NFA states in lock step, so a match costs at most `input length × program size` steps, and
/// it additionally caps the work per call.
struct CELRegex: Sendable {
  private enum Instruction: Sendable {
    case consume(Int)
    case any
    case anyExceptNewline
    case split(Int, Int)
    case jump(Int)
    case assert(CELRegexAssertion)
    case match
  }

  private var program: [Instruction] = []

  /// The size of the compiled program, in instructions (what a pattern costs to hold and run).
  var instructionCount: Int { program.count }
  private var classes: [CELCharClass] = []
  /// The pattern text.
  let pattern: String

  /// The largest compiled program accepted.
  static let maxProgramSize = 10_000
  /// The largest program this pattern may compile to (the per-pattern cap, or less when a
  /// catalog-wide budget is nearly spent).
  private let maxInstructions: Int
  /// The most NFA thread steps one `matches` call may take.
  static let maxWork = 20_000_000
  /// NFA thread steps per evaluation step charged against `CELLimits.maxEvaluationSteps`.
  static let workPerStep = 64

  /// Compiles `pattern`, throwing on invalid or unsupported syntax.
  init(_ pattern: String, maxLength: Int, maxInstructions: Int = maxProgramSize) throws(CELRegexError) {
    self.pattern = pattern
    self.maxInstructions = min(maxInstructions, Self.maxProgramSize)
    if pattern.unicodeScalars.count > maxLength {
      throw CELRegexError(message: "pattern longer than \(maxLength) characters")
    }
    let tree = try CELRegexParser.parse(pattern)
    try emit(tree)
    program.append(.match)
  }

  private mutating func append(_ instruction: Instruction) throws(CELRegexError) -> Int {
    if program.count >= maxInstructions {
      throw CELRegexError(
        message: maxInstructions < Self.maxProgramSize
          ? "regular expressions exceed the budget of \(CELLimits().regexInstructionBudget) compiled instructions"
          : "regular expression too large")
    }
    program.append(instruction)
    return program.count - 1
  }

  private mutating func emit(_ node: CELRegexNode) throws(CELRegexError) {
    switch node {
    case .empty:
      break
    case .set(var set):
      set.finalize()
      classes.append(set)
      _ = try append(.consume(classes.count - 1))
    case .any(let newline):
      _ = try append(newline ? .any : .anyExceptNewline)
    case .concat(let items):
      for item in items {
        try emit(item)
      }
    case .alternate(let branches):
      // split L1, next; L1: branch; jump end; next: split ...
      var jumps: [Int] = []
      for (offset, branch) in branches.enumerated() {
        if offset < branches.count - 1 {
          let split = try append(.split(0, 0))
          try emit(branch)
          jumps.append(try append(.jump(0)))
          program[split] = .split(split + 1, program.count)
        } else {
          try emit(branch)
        }
      }
      for jump in jumps {
        program[jump] = .jump(program.count)
      }
    case .repeat(let inner, let low, let high):
      for _ in 0..<low {
        try emit(inner)
      }
      if let high {
        // Nested optional copies: (x(x(x)?)?)?
        var splits: [Int] = []
        for _ in low..<high {
          splits.append(try append(.split(0, 0)))
          try emit(inner)
        }
        for split in splits {
          program[split] = .split(split + 1, program.count)
        }
      } else {
        let split = try append(.split(0, 0))
        try emit(inner)
        _ = try append(.jump(split))
        program[split] = .split(split + 1, program.count)
      }
    case .assertion(let kind):
      _ = try append(.assert(kind))
    }
  }

  /// Whether the pattern matches anywhere in `text`, within the configured limits and at most
  /// `budget` NFA steps; also returns the steps used.
  func evaluate(_ text: String, limits: CELLimits, budget: Int = maxWork) -> (CELOutcome, Int) {
    if text.utf8.count > limits.maxRegexInputLength {
      let message = "matches() input is longer than the limit of \(limits.maxRegexInputLength) bytes"
      return (.error(CELError(message)), 0)
    }
    let (result, work) = matches(text, budget: min(budget, Self.maxWork))
    guard let result else {
      return (.error(CELError("matches() exceeded its evaluation cost limit")), work)
    }
    return (.value(.bool(result)), work)
  }

  /// Whether the pattern matches a substring of `text` (`nil` if `budget` NFA steps do not
  /// suffice), and the steps used.
  func matches(_ text: String, budget: Int) -> (Bool?, Int) {
    let input = text.unicodeScalars.map(\.value)
    let size = program.count
    var current = ThreadList(capacity: size)
    var next = ThreadList(capacity: size)
    var stack: [Int] = []
    stack.reserveCapacity(16)
    var work = 0
    var position = 0
    while true {
      // Unanchored search: start a thread at every position.
      if addThread(&current, 0, at: position, input, &stack, &work) { return (true, work) }
      if position == input.count { return (false, work) }
      let c = input[position]
      next.clear()
      for pc in current.dense[0..<current.count] {
        work += 1
        let advances: Bool
        switch program[pc] {
        case .consume(let index): advances = classes[index].contains(c)
        case .any: advances = true
        case .anyExceptNewline: advances = c != 10
        default: advances = false
        }
        if advances, addThread(&next, pc + 1, at: position + 1, input, &stack, &work) {
          return (true, work)
        }
      }
      if work > budget { return (nil, work) }
      swap(&current, &next)
      position += 1
      if current.count == 0 {
        // Nothing alive: skip ahead is implicit (a new thread starts at the next position).
        continue
      }
    }
  }

  /// Adds `pc` and its epsilon closure at `position`; returns true if `match` is reachable.
  private func addThread(
    _ list: inout ThreadList, _ pc: Int, at position: Int, _ input: [UInt32], _ stack: inout [Int],
    _ work: inout Int
  ) -> Bool {
    stack.append(pc)
    while let top = stack.popLast() {
      guard list.insert(top) else { continue }
      work += 1
      switch program[top] {
      case .match:
        stack.removeAll(keepingCapacity: true)
        return true
      case .jump(let target):
        stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .assert(let kind):
        if Self.holds(kind, at: position, input) { stack.append(top + 1) }
      case .consume, .any, .anyExceptNewline:
        break
      }
    }
    return false
  }

  private static func isWord(_ value: UInt32) -> Bool {
    (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || value == 95
      || (value >= 97 && value <= 122)
  }

  private static func holds(_ kind: CELRegexAssertion, at position: Int, _ input: [UInt32]) -> Bool {
    switch kind {
    case .beginText: return position == 0
    case .endText: return position == input.count
    case .beginLine: return position == 0 || input[position - 1] == 10
    case .endLine: return position == input.count || input[position] == 10
    case .wordBoundary, .notWordBoundary:
      let before = position > 0 && isWord(input[position - 1])
      let after = position < input.count && isWord(input[position])
      return (before != after) == (kind == .wordBoundary)
    }
  }

  /// A sparse set of program counters (Briggs–Torczon), cleared in O(1).
  private struct ThreadList {
    var dense: [Int]
    var sparse: [Int]
    var count = 0

    init(capacity: Int) {
      dense = Array(repeating: 0, count: capacity)
      sparse = Array(repeating: 0, count: capacity)
    }

    mutating func clear() {
      count = 0
    }

    /// Inserts `pc`; returns false if it was already present.
    mutating func insert(_ pc: Int) -> Bool {
      let slot = sparse[pc]
      if slot < count && dense[slot] == pc { return false }
      sparse[pc] = count
      dense[count] = pc
      count += 1
      return true
    }
  }
}
