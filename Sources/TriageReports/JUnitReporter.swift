import TriageCore

/// JUnit XML for CI systems: one test case per checklist item and one per hypothesis (cause).
///
/// A failed checklist item or a concluded cause is a `<failure>`; an unknown item or an undecided
/// hypothesis is `<skipped>` with the reason; a passed item or a ruled-out cause passes.
public enum JUnitReporter: Reporter {
  public static let identifier = "junit"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    var cases: [String] = []
    var failures = 0
    var skipped = 0
    let suite = "triage.\(diagnosis.symptomID)"
    for item in diagnosis.checklist {
      var body = ""
      switch item.outcome {
      case .pass: break
      case .fail:
        failures += 1
        body = "<failure message=\"\(xml(item.text))\" type=\"checklist\">\(xml(item.reason ?? "failed"))</failure>"
      case .unknown:
        skipped += 1
        body = "<skipped message=\"\(xml(item.reason ?? "unknown"))\"/>"
      case .notApplicable:
        skipped += 1
        body = "<skipped message=\"\(xml(item.reason ?? "not applicable"))\"/>"
      }
      cases.append(testCase("checklist.\(item.id)", item.text, classname: "\(suite).checklist", body: body))
    }
    var mechanismsShown = Set(diagnosis.causes.map(\.id))
    for cause in diagnosis.causes {
      failures += 1
      let chain = ([cause.id] + cause.mechanisms.map(\.id)).joined(separator: " -> ")
      let fix = cause.remediation.map { step in ([step.text] + step.commands.map { "$ \($0)" }).joined(separator: "\n")
      }
      let message = "root cause \(cause.id) (certainty \(TextReporter.format(cause.certainty)))"
      let detail = ([cause.summary ?? "", "chain: \(chain)"] + fix).joined(separator: "\n")
      cases.append(
        testCase(
          "cause.\(cause.id)", cause.title, classname: "\(suite).causes",
          body: "<failure message=\"\(xml(message))\" type=\"root-cause\">\(xml(detail))</failure>"))
      for mechanism in cause.mechanisms where mechanismsShown.insert(mechanism.id).inserted {
        failures += 1
        cases.append(
          testCase(
            "cause.\(mechanism.id)", mechanism.title, classname: "\(suite).causes",
            body: "<failure message=\"\(xml("mechanism of \(cause.id)"))\" type=\"mechanism\"/>"))
      }
    }
    for hypothesis in diagnosis.undecided {
      skipped += 1
      let blockers = UnknownFactList.text(hypothesis.blockedBy, separator: "; ")
      cases.append(
        testCase(
          "cause.\(hypothesis.id)", hypothesis.title, classname: "\(suite).causes",
          body: "<skipped message=\"\(xml("undecided: \(blockers)"))\"/>"))
    }
    for id in diagnosis.ruledOut {
      cases.append(testCase("cause.\(id)", "ruled out", classname: "\(suite).causes", body: ""))
    }
    let header =
      "<testsuite name=\"\(xml(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">"
    return
      (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites name=\"triage\">", "  " + header]
      + cases.map { "    " + $0 } + ["  </testsuite>", "</testsuites>"]).joined(separator: "\n") + "\n"
  }

  private static func testCase(_ name: String, _ title: String, classname: String, body: String) -> String {
    let open = "<testcase name=\"\(xml(name))\" classname=\"\(xml(classname))\""
    return body.isEmpty ? open + "/>" : open + ">" + body + "</testcase>"
  }

  /// Escapes text for XML attributes and content (see ``MarkupText``).
  static func xml(_ text: String) -> String { MarkupText.escape(text) }
}
