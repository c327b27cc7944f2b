import Foundation
import TriageCore

/// One self-contained HTML file to share in an incident channel: the verdict, each root cause
/// with its chain, evidence and remediation (commands with a copy button), the decision graph
/// drawn with the evidence on it (inline SVG), the checklist, every probe with its evidence and
/// timing, and the inputs. No network fetch: styles and the one script are inline.
public enum HTMLReporter: Reporter {
  public static let identifier = "html"

  public static func render(_ diagnosis: Diagnosis, metadata: ReportMetadata, style: TextStyle) -> String {
    let status = diagnosis.status.rawValue
    var html = [
      "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
      // No icon to fetch: a browser would otherwise ask the server (or the file's folder) for one.
      "<link rel=\"icon\" href=\"data:,\">",
      "<meta name=\"generator\" content=\"triage \(escape(metadata.triageVersion))\">",
      "<title>\(status.uppercased()) — \(escape(diagnosis.symptomTitle)) — triage</title>",
      "<style>", HTMLReportAssets.styleSheet, "</style>", "</head>", "<body>",
      "<header class=\"verdict \(status)\">",
      "<h1>\(escape(diagnosis.symptomTitle)) <code>\(escape(diagnosis.symptomID))</code></h1>",
      "<p><span class=\"status\" id=\"status\">\(status.uppercased())</span></p>",
      "<p class=\"headline\" id=\"headline\">\(escape(Headline.text(diagnosis)))</p>", "</header>", "<main>",
    ]
    if !diagnosis.causes.isEmpty {
      html.append("<section aria-labelledby=\"causes\"><h2 id=\"causes\">Root cause</h2>")
      for cause in diagnosis.causes { html += causeSection(cause) }
      html.append("</section>")
    }
    html += graphSection(diagnosis)
    html += undecidedSection(diagnosis)
    html += checklistSection(diagnosis)
    html += probesSection(metadata)
    html += inputsSection(diagnosis)
    html.append("</main>")
    let runbooks = metadata.catalogDigest.map { ", runbooks \(escape($0))" } ?? ""
    let took = metadata.durationSeconds.map { String(format: "; the audit took %.2f s", $0) } ?? ""
    html.append(
      "<footer><p>triage \(escape(metadata.triageVersion))\(runbooks); \(diagnosis.rulesEvaluated) rules "
        + "evaluated, \(diagnosis.rulesFired) fired; \(diagnosis.ruledOut.count) hypotheses ruled out\(took). "
        + "Commands are shown, never run by triage.</p></footer>")
    html += ["<script>", HTMLReportAssets.script, "</script>", "</body>", "</html>"]
    return html.joined(separator: "\n") + "\n"
  }

  private static func causeSection(_ cause: CauseFinding) -> [String] {
    var html = [
      "<article class=\"cause\" data-cause=\"\(escape(cause.id))\">",
      "<h3>\(escape(cause.title)) <code>\(escape(cause.id))</code></h3>",
      "<p>Certainty \(TextReporter.format(cause.certainty))</p>",
    ]
    if let summary = cause.summary { html.append("<p>\(escape(summary))</p>") }
    if !cause.mechanisms.isEmpty {
      let links = ([cause.id] + cause.mechanisms.map(\.id)).map { "<li><code>\(escape($0))</code></li>" }
      html.append("<p>Chain, root first:</p><ol class=\"chain\">\(links.joined())</ol>")
    }
    html += [
      "<table><caption class=\"muted\">Evidence</caption>",
      "<thead><tr><th scope=\"col\">rule</th><th scope=\"col\">fact</th><th scope=\"col\">value</th>"
        + "<th scope=\"col\">source</th></tr></thead><tbody>",
    ]
    for trace in cause.evidence + cause.mechanisms.flatMap(\.evidence) {
      for fact in trace.facts {
        let source = fact.provenance.map { "\(escape($0.kind)) <code>\(escape($0.source))</code>" } ?? ""
        let evidence = fact.provenance?.evidence.map { "<br><span class=\"muted\">\(escape($0))</span>" } ?? ""
        html.append(
          "<tr><td><code>\(escape(trace.ruleID))</code></td><td><code>\(escape(fact.name))</code></td>"
            + "<td>\(escape(MarkdownReporter.value(of: fact)))</td><td>\(source)\(evidence)</td></tr>")
      }
    }
    html.append("</tbody></table>")
    if !cause.remediation.isEmpty {
      html.append("<h4>Remediation</h4><ol class=\"remediation\">")
      for step in cause.remediation {
        html.append("<li><p>\(escape(step.text))</p>")
        for command in step.commands {
          html.append(
            "<div class=\"command\"><pre><code>\(escape(command))</code></pre>"
              + "<button type=\"button\" class=\"copy\" data-command=\"\(escape(command))\" "
              + "aria-label=\"Copy the command \(escape(command))\">Copy</button></div>")
        }
        html.append("</li>")
      }
      html.append("</ol>")
    }
    if !cause.prevention.isEmpty {
      html.append("<h4>Prevention</h4><ul>" + cause.prevention.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
    }
    html.append("</article>")
    return html
  }

  private static func graphSection(_ diagnosis: Diagnosis) -> [String] {
    let graph = EvidenceGraph(diagnosis)
    guard let svg = EvidenceGraphSVG.render(graph) else { return [] }
    let omitted = graph.omitted > 0 ? " At least \(graph.omitted) more nodes are not drawn." : ""
    return [
      "<section aria-labelledby=\"graph\"><h2 id=\"graph\">Decision graph</h2>", "<figure>", svg,
      "<figcaption class=\"legend\"><span>Left to right: facts → rules → causes → symptom.</span>"
        + "<span>Solid: observed, fired, concluded (thick: the root cause).</span>"
        + "<span>Dashed: unknown facts and what they block.</span> Hover over a node, or reach it with Tab, "
        + "for its value."
        + "\(omitted)</figcaption>",
      "</figure>", "<p id=\"graph-detail\" class=\"muted\" aria-live=\"polite\"></p>", "</section>",
    ]
  }

  private static func undecidedSection(_ diagnosis: Diagnosis) -> [String] {
    tableSection(
      "undecided", "Undecided hypotheses", columns: ["hypothesis", "blocked by"],
      rows: diagnosis.undecided.map { hypothesis in
        let blockers = UnknownFactList.text(
          hypothesis.blockedBy, separator: "; ", name: { "<code>\(escape($0))</code>" }, reason: escape)
        return "<tr><td>\(escape(hypothesis.title)) <code>\(escape(hypothesis.id))</code></td><td>\(blockers)</td></tr>"
      })
  }

  private static func checklistSection(_ diagnosis: Diagnosis) -> [String] {
    tableSection(
      "checklist", "Checklist", columns: ["result", "item", "note"],
      rows: diagnosis.checklist.map { item in
        let (mark, kind) =
          switch item.outcome {
          case .pass: ("✔ pass", "pass")
          case .fail: ("✘ FAIL", "fail")
          case .unknown: ("? unknown", "unknown-outcome")
          case .notApplicable: ("– n/a", "na")
          }
        let essential = item.essential ? " <span class=\"muted\">(essential)</span>" : ""
        return "<tr data-item=\"\(escape(item.id))\"><td class=\"\(kind)\">\(mark)</td>"
          + "<td>\(escape(item.text))\(essential)</td><td>\(escape(item.reason ?? ""))</td></tr>"
      })
  }

  private static func probesSection(_ metadata: ReportMetadata) -> [String] {
    tableSection(
      "probes", "Probes", columns: ["probe", "kind", "status", "ms", "evidence"],
      rows: metadata.probes.map { probe in
        let note = [probe.evidence, probe.reason].compactMap { $0 }.map(escape).joined(separator: "<br>")
        return "<tr><td><code>\(escape(probe.id))</code></td><td>\(escape(probe.kind))</td>"
          + "<td>\(escape(probe.status))</td><td class=\"number\">\(Int(probe.milliseconds.rounded()))</td>"
          + "<td>\(note)</td></tr>"
      })
  }

  private static func inputsSection(_ diagnosis: Diagnosis) -> [String] {
    tableSection(
      "inputs", "Inputs", columns: ["input", "value", "from"],
      rows: diagnosis.inputs.map { input in
        let source = input.provenance.map { "\($0.kind): \($0.source)" } ?? ""
        return "<tr><td><code>\(escape(input.name))</code></td><td>\(escape(MarkdownReporter.value(of: input)))</td>"
          + "<td>\(escape(source))</td></tr>"
      })
  }

  /// A section with a heading and one table, or nothing when there are no rows.
  private static func tableSection(_ id: String, _ title: String, columns: [String], rows: [String]) -> [String] {
    guard !rows.isEmpty else { return [] }
    let header = columns.map { "<th scope=\"col\">\($0)</th>" }.joined()
    return [
      "<section aria-labelledby=\"\(id)\"><h2 id=\"\(id)\">\(title)</h2>",
      "<table><thead><tr>\(header)</tr></thead><tbody>",
    ] + rows + ["</tbody></table></section>"]
  }

  private static func escape(_ text: String) -> String { MarkupText.escape(text) }
}
