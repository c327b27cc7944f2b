// libFuzzer target: runbook text → YAMLReader → RunbookDecoder → CatalogBuilder (→ engine and
// examples when a catalog builds), and the same text read as a facts file against a fixed
// catalog. Must never crash, hang or take unbounded memory, whatever the bytes. Each text is
// also decoded cut into pieces on several threads, which must give what decoding it whole gives.
//
// Input: the bytes as UTF-8 (invalid sequences repaired, as the loader only ever sees valid
// text). A line `#%%file` splits the input into several runbook files (at most 8) that are built
// into one catalog, so cross-file merging, `override` and `disable` are exercised too.
import TriageBinary
import TriageCEL
import TriageCore
import TriageRunbook

/// The catalog facts-file text is checked against (built once).
private let factsCatalog: Catalog? = {
  let text = """
    version: 1
    symptom: s
    symptoms:
      - id: s
        title: S
        detect: a.flag
        inputs:
          - {name: port, type: int, default: 80}
          - {name: window, type: duration, default: 5m}
    facts:
      a.flag: bool
      a.count: int
      a.ratio: double
      a.name: string
      a.age: duration
      a.when: timestamp
      a.items: list
      a.attrs: map
      a.any: dyn
      a.derived: bool
    rules:
      - id: r1
        when: a.count > 3 && a.ratio >= 0.5 || a.name.startsWith('x')
        derive: a.derived
      - id: r2
        when: a.derived && a.age > duration('1m') && size(a.items) > 0
        conclude: c
        certainty: 0.8
    causes:
      - id: c
        title: C
        summary: C.
        explains: s
    """
  var diagnostics: [Diagnostic] = []
  guard let document = RunbookLoader().decode(text, file: "catalog.yaml", diagnostics: &diagnostics) else {
    return nil
  }
  var builder = CatalogBuilder()
  return try? builder.build([document]).get()
}()

private let separator = Array("\n#%%file\n".utf8)

/// Splits the input at separator lines.
private func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
  var parts: [String] = []
  var start = 0
  var index = 0
  while index + separator.count <= bytes.count, parts.count < 7 {
    if bytes[index] == separator[0], bytes[index..<index + separator.count].elementsEqual(separator) {
      parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
      index += separator.count
      start = index
    } else {
      index += 1
    }
  }
  parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
  return parts
}

/// What a diagnosis concluded, as comparable text.
private func describe(_ diagnosis: Diagnosis) -> String {
  var lines = ["\(diagnosis.status) \(String(describing: diagnosis.symptomPresent))"]
  lines += diagnosis.causes.map { "\($0.id) \($0.certainty) \($0.evidence.map(\.ruleID))" }
  lines.append(
    "\(diagnosis.undecided.map(\.id)) \(diagnosis.ruledOut) \(diagnosis.rulesEvaluated) \(diagnosis.rulesFired)")
  lines += diagnosis.checklist.map { "\($0.id) \($0.outcome)" }
  return lines.joined(separator: "\n")
}

/// A facts-file reading as comparable text.
private func describe(_ result: Result<FactsFile.Contents, CatalogErrors>) -> String {
  switch result {
  case .success(let contents):
    return "\(contents.symptom ?? "-") "
      + contents.facts.map { "\($0.id)=\($0.state.value.map(String.init(describing:)) ?? "?")" }
      .joined(separator: " ")
  case .failure(let errors):
    return errors.description
  }
}

/// Builds the globals before the first input, so LeakSanitizer does not count them as a leak of it.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  _ = (factsCatalog, separator)
  return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let texts = split(bytes)
  let loader = RunbookLoader()
  var diagnostics: [Diagnostic] = []
  var documents: [RunbookDocument] = []
  for (index, text) in texts.enumerated() {
    if let document = loader.decode(text, file: "fuzz\(index).yaml", diagnostics: &diagnostics) {
      documents.append(document)
    }
  }
  for diagnostic in diagnostics { _ = diagnostic.description }

  // Cut into pieces decoded on several threads, each text must decode exactly as whole.
  var whole = RunbookLoader()
  whole.pieceCount = 1
  var cut = RunbookLoader()
  cut.pieceCount = 5
  cut.pieceMinimumSize = 0
  for text in texts {
    var wholeDiagnostics: [Diagnostic] = []
    var cutDiagnostics: [Diagnostic] = []
    let one = whole.decode(text, file: "fuzz.yaml", diagnostics: &wholeDiagnostics).map { String(describing: $0) }
    let other = cut.decode(text, file: "fuzz.yaml", diagnostics: &cutDiagnostics).map { String(describing: $0) }
    if one != other || wholeDiagnostics.sorted() != cutDiagnostics.sorted() {
      fatalError(
        "decoded in pieces differs from whole:\n\(one ?? "-")\n\(wholeDiagnostics)\n---\n\(other ?? "-")\n\(cutDiagnostics)"
      )
    }
  }

  var builder = CatalogBuilder()
  switch builder.build(documents) {
  case .success(let catalog):
    // A catalog that builds must also diagnose and run its examples without trouble, and read
    // back from its binary form (the compiled-catalog cache) diagnose the same.
    let engine = Engine(catalog: catalog)
    var writer = BinaryWriter()
    writer.write(catalog)
    var reader = BinaryReader(writer.bytes)
    let copy = writer.unstorable ? nil : try? reader.read(Catalog.self)
    if !writer.unstorable, copy == nil || !reader.isAtEnd { fatalError("a stored catalog does not read back") }
    for symptom in catalog.symptoms.prefix(4) {
      let diagnosis = engine.diagnose(symptom: symptom.id, facts: FactStore(catalog: catalog))
      if let copy {
        let again = Engine(catalog: copy).diagnose(symptom: symptom.id, facts: FactStore(catalog: copy))
        if describe(again) != describe(diagnosis) {
          fatalError("the stored catalog diagnoses differently:\n\(describe(diagnosis))\n---\n\(describe(again))")
        }
      }
    }
    let runner = ExampleRunner(catalog: catalog)
    for example in catalog.examples.prefix(16) { _ = runner.run(example) }
  case .failure(let errors):
    for diagnostic in errors.diagnostics { _ = diagnostic.description }
  }

  // The same text as a facts file (YAML or JSON), checked against a fixed catalog; the fast
  // JSON reader must read exactly what libyaml reads.
  if texts.count == 1, let catalog = factsCatalog {
    let parsed = FactsFile.parse(texts[0], file: "facts.yaml", catalog: catalog)
    let slow = FactsFile.parse(texts[0], file: "facts.yaml", catalog: catalog, jsonFastPath: false)
    if describe(parsed) != describe(slow) {
      fatalError("the JSON fast path differs from libyaml:\n\(describe(parsed))\n---\n\(describe(slow))")
    }
    switch parsed {
    case .success(let contents):
      var store = FactStore(catalog: catalog)
      for (id, state) in contents.facts { _ = store.set(catalog.facts[id].name, to: state) }
      _ = Engine(catalog: catalog).diagnose(symptom: "s", facts: store)
    case .failure(let errors):
      for diagnostic in errors.diagnostics { _ = diagnostic.description }
    }
  }
  return 0
}
