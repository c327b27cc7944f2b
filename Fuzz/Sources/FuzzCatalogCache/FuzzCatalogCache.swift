// libFuzzer target: bytes → CatalogCache.decode, the reader of compiled-catalog cache files. Must
// never crash, hang or take unbounded memory.
//
// Input: one mode byte, then data. Mode even: the data is a whole cache file, as found on disk; it
// must be rejected unless it is exactly a sound file (the checksum makes that all but impossible
// for a mutation). Mode odd: the data is a payload that the target seals with the right checksum,
// so the fuzzer reaches the catalog reader behind it; whatever it reads must diagnose every
// example of the catalog without crashing.
import TriageCore
import TriageRunbook

private let key = "00000000000000000000000000000000"
private let digest = "0000000000000000"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  let file = data[0] & 1 == 0 ? bytes : CatalogCache.sealed(bytes, key: key)
  guard let catalog = CatalogCache.decode(file, key: key, sourceDigest: digest) else { return 0 }
  let runner = ExampleRunner(catalog: catalog)
  for example in catalog.examples.prefix(4) { _ = runner.run(example) }
  for symptom in catalog.symptoms.prefix(2) {
    _ = Engine(catalog: catalog).diagnose(symptom: symptom.id, facts: FactStore(catalog: catalog))
  }
  return 0
}
