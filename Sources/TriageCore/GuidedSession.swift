import TriageCEL

/// The reasoning side of guided troubleshooting: which question to ask next, what an answer
/// changes, and why a question matters. No I/O; the terminal front end drives it.
///
/// Question policy: a question is a candidate when its fact is not known (no probe established
/// it, or its probe failed), it was not asked yet, and the fact blocks at least one undecided
/// hypothesis. Among candidates the one with the highest *value* is asked, where value is the sum,
/// over the blocked rules whose block it is part of, of the certainty each rule would conclude,
/// divided by the question's `cost` (default 1). Ties go to the question declared first. Questions
/// stop when no candidate is left or a root cause is concluded with certainty ≥ 0.8.
/// ```swift
/// var session = GuidedSession(catalog: catalog, symptom: "http-503", facts: probed)
/// while let question = session.nextQuestion() { session.answer(question, with: .bool(true)) }
/// ```
public struct GuidedSession: Sendable {
  /// The catalog reasoned with.
  public let catalog: Catalog
  /// The symptom diagnosed.
  public let symptom: String
  /// The facts so far: probed, replayed and answered.
  public private(set) var facts: FactStore
  /// Answers given, in order (fact id and the state before the answer, for `back`).
  private var history: [(factID: Int, previous: FactState)] = []
  /// Facts whose question was asked (answered, skipped or unknown).
  private var asked: Set<Int> = []
  /// The certainty each concluding rule adds for its cause, by rule id.
  private let ruleCertainty: [String: Double]

  /// A root cause at least this certain ends the questions.
  public static let confidentEnough = 0.8

  /// Starts a session from facts already collected.
  public init(catalog: Catalog, symptom: String, facts: FactStore) {
    self.catalog = catalog
    self.symptom = symptom
    self.facts = facts
    var certainties: [String: Double] = [:]
    for rule in catalog.rules {
      if case .conclude(_, let certainty) = rule.action { certainties[rule.id] = max(0, certainty) }
    }
    ruleCertainty = certainties
  }

  /// The diagnosis with the facts so far.
  public var diagnosis: Diagnosis {
    Engine(catalog: catalog).diagnose(symptom: symptom, facts: facts)
  }

  /// The diagnosis the session concludes with: as ``diagnosis``, with the questions never asked
  /// settled as not applicable (no answer to them could change the outcome, or the person
  /// stopped), so nothing waits for an answer nobody will give.
  public var concluded: Diagnosis {
    var settled = facts
    settled.settleUnansweredQuestions(of: catalog, symptom: symptom, reason: "not answered in the session")
    return Engine(catalog: catalog).diagnose(symptom: symptom, facts: settled)
  }

  /// The next question worth asking, or nil when no answer could change the diagnosis.
  public func nextQuestion() -> Question? {
    let current = diagnosis
    if current.status == .problem, let top = current.causes.first, top.certainty >= Self.confidentEnough { return nil }
    var value: [Int: Double] = [:]
    for hypothesis in current.undecided {
      for (rule, blockers) in zip(hypothesis.blockedRules, hypothesis.blockedRuleFacts) {
        let strength = ruleCertainty[rule] ?? 0
        for name in blockers {
          guard let id = catalog.factIndex[name] else { continue }
          value[id, default: 0] += strength
        }
      }
    }
    let outcome = Outcome(current)
    let candidates = catalog.questions.values.filter { question in
      !asked.contains(question.factID) && facts[question.factID].value == nil && (value[question.factID] ?? 0) > 0
        && canChange(outcome, by: question)
    }
    return candidates.max { a, b in
      let scoreA = (value[a.factID] ?? 0) / a.cost
      let scoreB = (value[b.factID] ?? 0) / b.cost
      return scoreA != scoreB ? scoreA < scoreB : a.location > b.location
    }
  }

  /// Records an answer.
  public mutating func answer(_ question: Question, with value: CELValue) {
    record(question, .known(value, Provenance(kind: "answer", source: question.text)))
  }

  /// Records that the person does not know.
  public mutating func answerUnknown(_ question: Question) {
    record(question, .unknown(reason: "answered unknown", Provenance(kind: "answer", source: question.text)))
  }

  /// Passes over a question without answering it.
  public mutating func skip(_ question: Question) {
    asked.insert(question.factID)
    history.append((question.factID, facts[question.factID]))
  }

  private mutating func record(_ question: Question, _ state: FactState) {
    asked.insert(question.factID)
    history.append((question.factID, facts[question.factID]))
    facts[question.factID] = state
  }

  /// Undoes the last answer (or skip); returns its question, to be asked again.
  public mutating func back() -> Question? {
    guard let last = history.popLast() else { return nil }
    facts[last.factID] = last.previous
    asked.remove(last.factID)
    return catalog.questions[last.factID]
  }

  /// Replaces the facts, e.g. after re-running the probes, keeping the answers given.
  public mutating func refresh(with probed: FactStore) {
    var merged = probed
    for (id, _) in history where facts[id].provenance?.kind == "answer" {
      merged[id] = facts[id]
    }
    facts = merged
  }

  /// Why a question matters: the hypotheses and rules that need its fact, and where each
  /// possible answer would lead.
  public func why(_ question: Question) -> WhyExplanation {
    let current = diagnosis
    let name = catalog.facts[question.factID].name
    let needing = current.undecided.filter { hypothesis in hypothesis.blockedBy.contains { $0.name == name } }
    var outcomes: [(answer: CELValue, status: DiagnosisStatus, causes: [String])] = []
    for candidate in possibleAnswers(question) {
      let result = diagnosis(answering: question, with: candidate)
      outcomes.append((candidate, result.status, result.causes.map(\.id)))
    }
    let rules = catalog.rulesReadingFact[question.factID].map { catalog.rules[$0] }
    return WhyExplanation(
      fact: name, hypotheses: needing.map { ($0.id, $0.title, $0.blockedRules) },
      rules: rules.map { ($0.id, $0.when.source, $0.because) }, outcomes: outcomes)
  }

  /// The answers tried for a question: every choice, yes and no, or for counts and numbers 0, 1 and
  /// a large value; none for free text.
  private func possibleAnswers(_ question: Question) -> [CELValue] {
    if !question.choices.isEmpty { return question.choices }
    switch question.type {
    case .bool: return [.bool(true), .bool(false)]
    case .int: return [.int(0), .int(1), .int(1000)]
    case .double: return [.double(0), .double(1), .double(1e6)]
    default: return []
    }
  }

  /// The diagnosis if the question were answered so.
  private func diagnosis(answering question: Question, with answer: CELValue) -> Diagnosis {
    var trial = facts
    trial[question.factID] = .known(answer, Provenance(kind: "answer", source: "trial"))
    return Engine(catalog: catalog).diagnose(symptom: symptom, facts: trial)
  }

  /// What an answer can change: the verdict and the root cause named first.
  private struct Outcome: Equatable {
    var status: DiagnosisStatus
    var root: String?

    init(_ diagnosis: Diagnosis) {
      status = diagnosis.status
      root = diagnosis.causes.first?.id
    }
  }

  /// Whether some answer to the question would change the verdict or the first root cause (free
  /// text, whose answers cannot be tried, always might).
  private func canChange(_ outcome: Outcome, by question: Question) -> Bool {
    let answers = possibleAnswers(question)
    guard !answers.isEmpty else { return true }
    return answers.contains { Outcome(diagnosis(answering: question, with: $0)) != outcome }
  }
}

/// The answer to `why` at a question.
public struct WhyExplanation: Sendable {
  /// The fact asked for.
  public var fact: String
  /// Open hypotheses that need the fact: id, title, the blocked rules.
  public var hypotheses: [(id: String, title: String, rules: [String])]
  /// Every rule that reads the fact: id, condition, explanation.
  public var rules: [(id: String, condition: String, because: String?)]
  /// For each possible answer, the verdict and root causes it would lead to.
  public var outcomes: [(answer: CELValue, status: DiagnosisStatus, causes: [String])]
}
