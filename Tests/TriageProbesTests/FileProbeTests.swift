import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

#if canImport(Glibc)
  import Glibc
#endif

@Suite final class FileProbeTests {
  let directory: String

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("triage-file-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  private func write(_ name: String, _ text: String) throws -> String {
    let path = "\(directory)/\(name)"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return path
  }

  @Test func loadavgMeminfoAndPressureFromProc() throws {
    let load = try #require(
      FileProbe.run(probeRequest(["path": .string("/proc/loadavg"), "parse": .string("loadavg")])).value)
    #expect(load["exists"]?.bool == true)
    #expect(load["error"]?.string == "")
    #expect(load["parsed"]?["load1"]?.double != nil)
    #expect((load["parsed"]?["total"]?.int ?? 0) > 0)
    let memory = try #require(
      FileProbe.run(probeRequest(["path": .string("/proc/meminfo"), "parse": .string("meminfo")])).value)
    let total = try #require(memory["parsed"]?["MemTotal"]?.int)
    let available = try #require(memory["parsed"]?["MemAvailable"]?.int)
    #expect(total > 0 && available > 0 && available <= total)
    let fileNR = try #require(
      FileProbe.run(probeRequest(["path": .string("/proc/sys/fs/file-nr"), "parse": .string("lines")])).value)
    #expect(fileNR["parsed"]?["fields"]?[0]?.list?.count == 3)
    let cpus = try #require(
      FileProbe.run(
        probeRequest(["path": .string("/proc/cpuinfo"), "parse": .string("lines"), "max_bytes": .int(4 << 20)])
      ).value)
    let processors = cpus["parsed"]?["lines"]?.list?.filter { $0.string?.hasPrefix("processor") == true }.count ?? 0
    #expect(processors == ProcessInfo.processInfo.activeProcessorCount)
    if FileManager.default.fileExists(atPath: "/proc/pressure/cpu") {
      let pressure = try #require(
        FileProbe.run(probeRequest(["path": .string("/proc/pressure/cpu"), "parse": .string("pressure")])).value)
      #expect(pressure["parsed"]?["some"]?["avg10"]?.double != nil)
      #expect(pressure["parsed"]?["some"]?["total"]?.int != nil)
    }
  }

  @Test func missingFileIsAnObservation() throws {
    let result = try #require(
      FileProbe.run(probeRequest(["path": .string("\(directory)/nope"), "parse": .string("json")])).value)
    #expect(result["exists"]?.bool == false)
    #expect(result["error"]?.string == "missing")
    #expect(result["age_seconds"]?.double == -1)
  }

  @Test func unreadableFileMakesContentUnknown() throws {
    // Mode 0200 under /proc/sys: even root may not read it.
    let path = "/proc/sys/vm/drop_caches"
    let outcome = FileProbe.run(probeRequest(["path": .string(path)]))
    let reason = try #require(outcome.reason, "reading \(path) must fail: \(outcome.text)")
    #expect(reason.contains("permission denied"))
    let metadata = try #require(FileProbe.run(probeRequest(["path": .string(path), "max_bytes": .int(0)])).value)
    #expect(metadata["exists"]?.bool == true)
    #expect(metadata["readable"]?.bool == false)
    #expect(metadata["error"]?.string == "denied")
  }

  @Test func fifoIsNeverOpened() throws {
    let path = "\(directory)/fifo"
    #expect(mkfifo(path, 0o600) == 0)
    let (outcome, duration) = measure(FileProbe.self, probeRequest(["path": .string(path)]))
    let result = try #require(outcome.value)
    #expect(result["type"]?.string == "fifo")
    #expect(result["error"]?.string == "not_regular")
    #expect(duration < .milliseconds(200))
    #expect(
      FileProbe.run(probeRequest(["path": .string(path), "parse": .string("lines")])).reason?.contains("fifo") == true)
    let folder = try #require(FileProbe.run(probeRequest(["path": .string(directory)])).value)
    #expect(folder["type"]?.string == "directory")
  }

  @Test func symlinkAgeIsTheLinksOwn() throws {
    let release = "\(directory)/release-1"
    try FileManager.default.createDirectory(atPath: release, withIntermediateDirectories: true)
    let link = "\(directory)/current"
    #expect(symlink("release-1", link) == 0)
    var times = [timespec(tv_sec: time(nil) - 3600, tv_nsec: 0), timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, link, &times, AT_SYMLINK_NOFOLLOW) == 0)
    let result = try #require(FileProbe.run(probeRequest(["path": .string(link), "max_bytes": .int(0)])).value)
    #expect(result["exists"]?.bool == true)
    #expect(result["type"]?.string == "symlink")
    #expect(result["link_target"]?.string == "release-1")
    #expect(abs((result["age_seconds"]?.double ?? 0) - 3600) < 5)
    #expect(abs((result["link_age_seconds"]?.double ?? 0) - 3600) < 5)
    #expect((result["mtime_age_seconds"]?.double ?? 99) < 60)
    #expect(result["error"]?.string == "not_regular")
    let dangling = "\(directory)/dangling"
    #expect(symlink("nowhere", dangling) == 0)
    let broken = try #require(FileProbe.run(probeRequest(["path": .string(dangling)])).value)
    #expect(broken["exists"]?.bool == true)
    #expect(broken["error"]?.string == "dangling")
  }

  @Test func contentIsCapped() throws {
    let path = try write("big", String(repeating: "x", count: 100))
    let result = try #require(FileProbe.run(probeRequest(["path": .string(path), "max_bytes": .int(10)])).value)
    #expect(result["content"]?.string == String(repeating: "x", count: 10))
    #expect(result["truncated"]?.bool == true)
    #expect(result["error"]?.string == "too_large")
    #expect(result["size"]?.int == 100)
    let parsed = FileProbe.run(probeRequest(["path": .string(path), "max_bytes": .int(10), "parse": .string("lines")]))
    #expect(parsed.reason?.contains("larger than max_bytes") == true)
  }

  @Test func parsesKeyValuesJSONAndRegex() throws {
    let kv = try write(
      "os-release", "# comment\nNAME=\"Debian GNU/Linux\"\nVERSION_ID='12'\nkey: value: with colon\n\n")
    let pairs = try #require(
      FileProbe.run(probeRequest(["path": .string(kv), "parse": .string("kv")])).value?["parsed"])
    #expect(pairs["NAME"]?.string == "Debian GNU/Linux")
    #expect(pairs["VERSION_ID"]?.string == "12")
    #expect(pairs["key"]?.string == "value: with colon")
    let json = try write(
      "state.json", #"{"ok": true, "n": 3, "x": 1.5, "list": [1, "a", null], "nested": {"k": "\u00e9"}}"#)
    let value = try #require(
      FileProbe.run(probeRequest(["path": .string(json), "parse": .string("json")])).value?["parsed"])
    #expect(value["ok"]?.bool == true)
    #expect(value["n"]?.int == 3)
    #expect(value["x"]?.double == 1.5)
    #expect(value["list"]?.list?.count == 3)
    #expect(value["nested"]?["k"]?.string == "é")
    let bad = try write("bad.json", "{\"a\": ")
    #expect(
      FileProbe.run(probeRequest(["path": .string(bad), "parse": .string("json")])).reason?.contains("not JSON") == true
    )
    let log = try write("access.log", "GET /a 200 12ms\nPOST /b 503 900ms\nnoise\n")
    let rows = try #require(
      FileProbe.run(
        probeRequest([
          "path": .string(log), "parse": .string("regex"),
          "regex": .string(#"^(?<method>[A-Z]+) (?<path>\S+) (?<status>\d{3})"#),
        ])
      ).value?["parsed"]?.list)
    #expect(rows.count == 2)
    #expect(rows[1]["status"]?.string == "503")
    #expect(rows[1]["method"]?.string == "POST")
  }
}
