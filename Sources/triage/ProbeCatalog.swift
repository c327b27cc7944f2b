import TriageProbes
import TriageRunbook

/// Connects the runbook loader to the probe kinds this build ships.
enum ProbeCatalog {
  /// A loader that checks probe kinds, and the parameters of the kinds implemented here.
  static func loader() -> RunbookLoader {
    var signatures: [String: ProbeSignature] = [:]
    for kind in builtInProbeKinds {
      signatures[kind.identifier] = ProbeSignature(
        parameters: Set(kind.parameters.map(\.name)), required: Set(kind.parameters.filter(\.required).map(\.name)),
        resultFields: Dictionary(kind.resultFields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first }))
    }
    var loader = RunbookLoader(probeSignatures: signatures)
    loader.probeKinds.formUnion(RunbookLoader.defaultProbeKinds)
    return loader
  }
}
