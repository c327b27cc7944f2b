import Foundation
import Testing
import TriageBinary
import TriageCEL
import TriageCore

@testable import TriageRunbook

/// The compiled-catalog cache: a catalog read back from it must diagnose exactly as the one
/// compiled from the runbooks, and a damaged, stale or foreign cache file must never be used.
@Suite struct CatalogCacheTests {
  private let bundled = FixtureDirectory.packageRoot.appendingPathComponent("runbooks").path

  /// What a diagnosis concluded, in one comparable text.
  private func summary(_ diagnosis: Diagnosis) -> String {
    var lines = ["\(diagnosis.status) present=\(String(describing: diagnosis.symptomPresent))"]
    for cause in diagnosis.causes {
      let rules = cause.evidence.map(\.ruleID).joined(separator: ",")
      lines.append("cause \(cause.id) \(cause.certainty) [\(rules)] \(cause.mechanisms.map(\.id))")
    }
    lines.append("undecided \(diagnosis.undecided.map(\.id)) ruled out \(diagnosis.ruledOut)")
    lines.append("checklist \(diagnosis.checklist.map { "\($0.id)=\($0.outcome)" })")
    lines.append("evaluated \(diagnosis.rulesEvaluated) fired \(diagnosis.rulesFired)")
    return lines.joined(separator: "\n")
  }

  private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "triage-cache-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A temporary directory holding a copy of the bundled runbooks and a cache beside them that
  /// stores catalogs of any size; the caller removes `directory`.
  private func copyOfBundledWithCache() throws -> (directory: String, runbooks: String, cache: CatalogCache) {
    let directory = try temporaryDirectory()
    let runbooks = directory + "/runbooks"
    try FileManager.default.copyItem(atPath: bundled, toPath: runbooks)
    var cache = CatalogCache(directory: directory + "/cache")
    cache.minimumSourceSize = 0
    return (directory, runbooks, cache)
  }

  @Test func aRoundTripDiagnosesEveryExampleTheSame() throws {
    let catalog = try RunbookLoader().load(paths: [bundled]).get()
    var writer = BinaryWriter()
    writer.write(catalog)
    #expect(!writer.unstorable)
    var reader = BinaryReader(writer.bytes)
    let decoded = try reader.read(Catalog.self)
    #expect(reader.isAtEnd)
    #expect(decoded.rules.count == catalog.rules.count)
    #expect(decoded.facts.map(\.name) == catalog.facts.map(\.name))
    #expect(decoded.sourceDigest == catalog.sourceDigest)
    #expect(!catalog.examples.isEmpty)
    let original = ExampleRunner(catalog: catalog)
    let copy = ExampleRunner(catalog: decoded)
    for example in catalog.examples {
      let expected = original.run(example)
      let got = copy.run(example)
      #expect(got.passed, "\(example.name): \(got.failures)")
      #expect(summary(got.diagnosis) == summary(expected.diagnosis), "\(example.name)")
    }
  }

  @Test func aStoredCatalogIsLoadedBackAndKeyedByContent() throws {
    let (directory, runbooks, cache) = try copyOfBundledWithCache()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let loader = RunbookLoader()

    let first = loader.load(paths: [runbooks], cache: cache)
    #expect(first.cache == .compiled)
    #expect(first.store?.run() == true)
    let second = loader.load(paths: [runbooks], cache: cache)
    #expect(second.cache == .hit)
    #expect(second.store == nil)
    let cold = try first.result.get()
    let warm = try second.result.get()
    #expect(warm.sourceDigest == cold.sourceDigest)
    for example in cold.examples {
      #expect(
        summary(ExampleRunner(catalog: warm).run(example).diagnosis)
          == summary(ExampleRunner(catalog: cold).run(example).diagnosis))
    }

    // Any edit to a runbook file makes another key: the old entry is not used.
    let rules = runbooks + "/http-503/rules.yaml"
    let text = try String(contentsOfFile: rules, encoding: .utf8)
    try (text + "\n# edited\n").write(toFile: rules, atomically: true, encoding: .utf8)
    #expect(loader.load(paths: [runbooks], cache: cache).cache == .compiled)
  }

  @Test func damagedCacheFilesAreIgnoredAndReplaced() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var cache = CatalogCache(directory: directory)
    cache.minimumSourceSize = 0
    let loader = RunbookLoader()
    #expect(loader.load(paths: [bundled], cache: cache).store?.run() == true)
    let names = try FileManager.default.contentsOfDirectory(atPath: directory)
    let name = try #require(names.first { $0.hasSuffix(".bin") })
    let file = directory + "/" + name
    let good = try #require(FileManager.default.contents(atPath: file))
    var damages: [Data] = [Data(), good.prefix(good.count / 2), good.prefix(40), Data(repeating: 0xFF, count: 4096)]
    for offset in stride(from: 64, to: good.count, by: max(1, good.count / 7)) {
      var flipped = good
      flipped[offset] ^= 0x5A
      damages.append(flipped)
    }
    for damaged in damages {
      try damaged.write(to: URL(fileURLWithPath: file))
      let load = loader.load(paths: [bundled], cache: cache)
      // A flipped byte may still decode to a sound catalog (a changed number in a location);
      // what matters is that loading never crashes and a result is always there.
      #expect((try? load.result.get()) != nil)
      if load.cache == .compiled { #expect(load.store?.run() == true) }
    }
  }

  /// 1,000 mutations of a stored cache file (bytes flipped, set, dropped, inserted, cut): every
  /// one is rejected — none loads, so none can change a report.
  @Test func everyMutationOfAStoredFileIsRejected() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var cache = CatalogCache(directory: directory)
    cache.minimumSourceSize = 0
    let loader = RunbookLoader()
    let compiled = loader.load(paths: [bundled], cache: cache)
    #expect(compiled.store?.run() == true)
    let catalog = try compiled.result.get()
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".bin") })
    let file = directory + "/" + name
    let key = String(name.dropFirst("catalog-".count).dropLast(".bin".count))
    let digest = try #require(catalog.sourceDigest)
    let good = try #require(FileManager.default.contents(atPath: file)).map { $0 }
    #expect(cache.load(key: key, sourceDigest: digest, sourceSize: 1 << 20) != nil)
    var generator = SeededGenerator(seed: 0xCAC4E)
    var accepted = 0
    for round in 0..<1000 {
      var bytes = good
      let offset = Int(generator.next() % UInt64(bytes.count))
      switch round % 5 {
      case 0: bytes[offset] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
      case 1: bytes[offset] = bytes[offset] == 0x30 ? 0x31 : 0x30
      case 2: bytes.remove(at: offset)
      case 3: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: offset)
      default: bytes.removeSubrange(offset...)
      }
      try Data(bytes).write(to: URL(fileURLWithPath: file))
      if cache.load(key: key, sourceDigest: digest, sourceSize: 1 << 20) != nil { accepted += 1 }
    }
    #expect(accepted == 0)
  }

  /// A sound cache file compiled from other runbooks, renamed to this key, is not used; nor is a
  /// symbolic link, a FIFO, or a directory that another user could write.
  @Test func foreignFilesAndUntrustedPlacesAreNotUsed() throws {
    let (directory, runbooks, cache) = try copyOfBundledWithCache()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let loader = RunbookLoader()
    #expect(loader.load(paths: [runbooks], cache: cache).store?.run() == true)
    let stored = try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.hasSuffix(".bin") }
    let original = cache.directory + "/" + (try #require(stored.first))
    // Another runbook set: its key names a new file; put the old catalog there under that name.
    try "version: 1\n# another runbook set\n".write(
      toFile: runbooks + "/http-503/extra.yaml", atomically: true, encoding: .utf8)
    let other = loader.load(paths: [runbooks], cache: cache)
    #expect(other.cache == .compiled)
    #expect(other.store?.run() == true)
    // Stored, this runbook set is a hit: the rejections below are the tampering's doing.
    #expect(loader.load(paths: [runbooks], cache: cache).cache == .hit)
    let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.hasSuffix(".bin") }
    let target = cache.directory + "/" + (try #require(names.first { cache.directory + "/" + $0 != original }))
    let foreign = try #require(FileManager.default.contents(atPath: original))
    try foreign.write(to: URL(fileURLWithPath: target))
    #expect(loader.load(paths: [runbooks], cache: cache).cache == .compiled)

    // A symbolic link and a FIFO at the cache path: ignored at once (no hang).
    try? FileManager.default.removeItem(atPath: target)
    try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: original)
    #expect(loader.load(paths: [runbooks], cache: cache).cache == .compiled)
    try? FileManager.default.removeItem(atPath: target)
    #expect(mkfifo(target, 0o600) == 0)
    #expect(loader.load(paths: [runbooks], cache: cache).cache == .compiled)
    try? FileManager.default.removeItem(atPath: target)

    // A directory others can write: the cache is not used at all, and the load says why.
    #expect(chmod(cache.directory, 0o777) == 0)
    let untrusted = loader.load(paths: [runbooks], cache: cache)
    guard case .untrusted(let reason) = untrusted.cache else {
      Issue.record("a world-writable cache directory was used: \(untrusted.cache)")
      return
    }
    #expect(reason.contains("writable by every user"))
    #expect((try? untrusted.result.get()) != nil)
  }

  /// The seed corpus of the cache fuzzer (Fuzz/Corpus/FuzzCatalogCache): a sound file of the
  /// bundled catalog (mode byte 0) and its payload to be sealed by the target (mode byte 1).
  /// Written with RECORD_FUZZ_SEEDS=1; otherwise they must decode as the fuzzer expects.
  @Test func cacheFuzzerSeedsAreSound() throws {
    var catalog = try RunbookLoader().load(paths: [bundled]).get()
    catalog.sourceDigest = "0000000000000000"
    let key = "00000000000000000000000000000000"
    let file = try #require(CatalogCache.encode(catalog, key: key))
    let directory = FixtureDirectory.packageRoot.appendingPathComponent("Fuzz/Corpus/FuzzCatalogCache").path
    let seeds = [("sound-file", [0] + file), ("sealed-payload", [1] + file.dropLast(CatalogCache.checksumLength))]
    if ProcessInfo.processInfo.environment["RECORD_FUZZ_SEEDS"] == "1" {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for (name, bytes) in seeds { try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name)) }
    }
    for (name, _) in seeds {
      let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + name)).map { $0 }
      let data = Array(bytes.dropFirst())
      let sealed = bytes[0] & 1 == 0 ? data : CatalogCache.sealed(data, key: key)
      #expect(CatalogCache.decode(sealed, key: key, sourceDigest: "0000000000000000") != nil, "\(name) is stale")
    }
  }

  /// Hundreds of damaged copies of a stored catalog (bytes changed, dropped, cut): each either
  /// fails to read with an error or reads into a catalog that diagnoses without crashing.
  @Test func damagedBytesNeverCrash() throws {
    let catalog = try RunbookLoader().load(paths: [bundled]).get()
    var writer = BinaryWriter()
    writer.write(catalog)
    let good = writer.bytes
    var generator = SeededGenerator(seed: 0x7A1A_6E)
    var read = 0
    for round in 0..<400 {
      var bytes = good
      let offset = Int(generator.next() % UInt64(bytes.count))
      switch round % 4 {
      case 0: bytes[offset] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
      case 1: bytes[offset] = [0x00, 0x7F, 0x80, 0xFF][round / 4 % 4]
      case 2: bytes.remove(at: offset)
      default: bytes.removeSubrange(offset...)
      }
      var reader = BinaryReader(bytes)
      guard let damaged = try? reader.read(Catalog.self) else { continue }
      read += 1
      let runner = ExampleRunner(catalog: damaged)
      for example in damaged.examples.prefix(3) { _ = runner.run(example) }
    }
    // Most changes land in text or numbers that still read: the loop above did run the engine.
    #expect(read > 0)
  }

  /// Hand-made hostile inputs: nesting that would recurse without bound, limits that would
  /// overflow, ids and slots out of range — each an error, none a crash.
  @Test func hostileBinaryInputsAreErrors() {
    func fails<T: BinaryCodable>(_ type: T.Type, _ build: (inout BinaryWriter) -> Void) -> Bool {
      var writer = BinaryWriter()
      build(&writer)
      var reader = BinaryReader(writer.bytes)
      return (try? reader.read(T.self)) == nil
    }
    #expect(fails(CELType.self) { for _ in 0..<200_000 { $0.writeUnsigned(8) } })
    #expect(
      fails(CELValue.self) { writer in
        for _ in 0..<200_000 {
          writer.writeUnsigned(7)
          writer.writeUnsigned(1)
        }
      })
    #expect(fails(CELLimits.self) { writer in for _ in 0..<9 { writer.write(Int.max) } })
    #expect(fails(CELLimits.self) { writer in for _ in 0..<9 { writer.write(-1) } })
    #expect(!fails(CELLimits.self) { writer in writer.write(CELLimits()) })
  }

  @Test func probeTimeoutsRoundTripExactly() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptoms: [{id: s, title: S}]
      probes:
        - {id: p, kind: tcp, with: {port: 1}, yields: {a.up: result.open}, timeout: 1500us}
      """)
    var writer = BinaryWriter()
    writer.write(catalog)
    var reader = BinaryReader(writer.bytes)
    let copy = try reader.read(Catalog.self)
    #expect(copy.probes.first?.timeout == .microseconds(1500))
    #expect(copy.probes.first?.timeout == catalog.probes.first?.timeout)
  }

  @Test func smallCatalogsAreNotStored() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let runbook = directory + "/small.yaml"
    try "version: 1\nsymptoms: [{id: s, title: S}]\n".write(toFile: runbook, atomically: true, encoding: .utf8)
    let load = RunbookLoader().load(paths: [runbook], cache: CatalogCache(directory: directory + "/cache"))
    #expect(load.cache == .skipped)
    #expect(load.store == nil)
  }

  @Test func theCacheDirectoryFollowsTheEnvironment() {
    #expect(CatalogCache.defaultDirectory(environment: ["TRIAGE_CACHE_DIR": "/x"]) == "/x")
    #expect(CatalogCache.defaultDirectory(environment: ["TRIAGE_CACHE_DIR": "", "HOME": "/h"]) == nil)
    #expect(CatalogCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/triage")
    #expect(CatalogCache.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.cache/triage")
  }
}

/// The binary form of a small catalog, pinned: a change to any binary form must bump
/// `CatalogCache.formatVersion`, or cache files written before it would be read as if unchanged.
@Suite struct CatalogBinaryFormTests {
  @Test func theBinaryFormIsPinnedToTheFormatVersion() throws {
    let catalog = try CatalogFixture.catalog(
      """
      version: 1
      symptom: s
      symptoms:
        - {id: s, title: S, detect: "a.n > 1", inputs: [{name: port, type: int, default: 80}]}
      facts: {a.n: int, a.s: string, a.l: list, a.d: duration}
      probes:
        - {id: p, kind: tcp, with: {port: "${input.port}"}, yields: {a.up: result.open}, timeout: 2s}
      questions:
        - {fact: a.q, text: Q?, type: bool}
      rules:
        - {id: r1, when: "a.s.matches('^x+$') && a.l.exists(v, v == 1)", derive: {a.x: "a.n * 2"}}
        - {id: r2, when: "a.x > 3 || a.q || a.d > duration('1s')", conclude: c, certainty: 0.7}
      causes:
        - {id: c, title: C, explains: [s], remediation: [{step: "fix ${a.s}", commands: [x]}]}
      checklist:
        - {id: k, text: K, pass: "a.up"}
      examples:
        - {name: e, facts: {a.n: 2, a.s: xx, a.l: [1]}, expect: {status: problem, root_cause: c}}
      """)
    var writer = BinaryWriter()
    writer.write(catalog)
    var digest: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in writer.bytes { digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    let pinned: (version: Int, digest: String) = (10, "eb43a6016e814807")
    #expect(
      (CatalogCache.formatVersion, String(digest, radix: 16)) == pinned,
      "the binary form changed: bump CatalogCache.formatVersion and pin the new digest")
  }
}
