import Testing
import TriageCEL

@testable import TriageProbes

@Suite struct SystemdProbeTests {
  @Test func withoutSystemdTheFactsAreUnknownWithThatReason() throws {
    let outcome = SystemdProbe.run(probeRequest(["unit": .string("gunicorn.service")]))
    if SystemdHost.isRunning() {
      // A unit that does not exist is an observation.
      let missing = SystemdProbe.run(probeRequest(["unit": .string("triage-no-such-unit.service")]))
      #expect(missing.value?["load_state"]?.string == "not-found", "\(missing.text)")
    } else {
      #expect(outcome.reason == "systemd is not running on this host (no /run/systemd/system)")
    }
  }

  @Test func parsesSystemctlShow() {
    let values = SystemdProbe.parse(
      "LoadState=loaded\nActiveState=activating\nSubState=auto-restart\nNRestarts=5\nExecMainStatus=3\n")
    #expect(values["SubState"] == "auto-restart")
    #expect(values["NRestarts"] == "5")
  }

  @Test func rejectsAnOptionAsUnit() {
    #expect(SystemdProbe.run(probeRequest(["unit": .string("--help")])).reason?.contains("invalid unit") == true)
  }
}
