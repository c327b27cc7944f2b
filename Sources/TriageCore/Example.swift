import TriageCEL

/// Given facts and the diagnosis that must result: documentation and a test at once.
public struct Example: Sendable {
  /// The example's name.
  public var name: String
  /// The symptom it diagnoses.
  public var symptom: String
  /// The facts, by id.
  public var facts: [(factID: Int, value: CELValue)]
  /// Probe results given as fixtures, by probe id: the probe's `yields` run over each.
  public var probeResults: [(probeID: String, result: CELValue)] = []
  /// Facts given as unknown, with their reasons.
  public var unknown: [(factID: Int, reason: String)]
  /// The expected status, if given.
  public var expectStatus: DiagnosisStatus?
  /// The expected first root cause, if given.
  public var expectRootCause: String?
  /// The exact expected set of root causes, if given.
  public var expectCauses: [String]?
  /// Causes that must not be concluded at all.
  public var expectAbsent: [String]
  /// Base facts and the values they must have before the rules run (what fixtures' yields give).
  public var expectFacts: [(factID: Int, value: CELValue)] = []
  /// Where the example is written.
  public var location: SourceLocation
}
