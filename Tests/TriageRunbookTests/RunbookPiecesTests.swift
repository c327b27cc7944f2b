import Testing
import TriageCore

@testable import TriageRunbook

/// A large runbook decoded in pieces on several threads must give exactly what decoding it
/// whole, in order, gives: the same definitions at the same positions and the same diagnostics,
/// whether the pieces stand on their own or the file has to be read whole after all.
@Suite struct RunbookPiecesTests {
  private let loader = RunbookLoader()

  /// Everything a decode produced, spelt out a definition a line (every field of every spec,
  /// locations included), then the diagnostics.
  private func describe(_ document: RunbookDocument?, _ diagnostics: [Diagnostic]) -> [String] {
    var lines = ["no document"]
    if let document {
      lines = []
      for section in Mirror(reflecting: document).children {
        let mirror = Mirror(reflecting: section.value)
        guard mirror.displayStyle == .collection else {
          lines.append("\(section.label ?? "?"): \(section.value)")
          continue
        }
        lines += mirror.children.map { "\(section.label ?? "?"): \($0.value)" }
      }
    }
    return lines + diagnostics.map(\.description)
  }

  /// The first line where two decodes differ; nil when they agree.
  private func difference(_ split: [String], _ whole: [String]) -> String? {
    for (index, (left, right)) in zip(split, whole).enumerated() where left != right {
      return "line \(index + 1): in pieces \(left)\nwhole \(right)"
    }
    return split.count == whole.count ? nil : "in pieces \(split.count) lines, whole \(whole.count)"
  }

  private func whole(_ text: String) -> [String] {
    var diagnostics: [Diagnostic] = []
    let document = loader.decodeWhole(text, file: "big.yaml", diagnostics: &diagnostics)
    return describe(document, diagnostics)
  }

  /// The decode in pieces, or nil when it handed the file back to be decoded whole.
  private func pieces(_ text: String, count: Int = 6) -> [String]? {
    guard let (document, diagnostics) = loader.decodeInPieces(text, file: "big.yaml", pieces: count, minimumSize: 0)
    else { return nil }
    return describe(document, diagnostics)
  }

  /// What a user gets: in pieces when they stand on their own, else whole.
  private func decoded(_ text: String) -> [String] {
    pieces(text) ?? whole(text)
  }

  /// A runbook of every section, with comments, blank lines, flow and block items, block
  /// scalars, quoted and folded expressions, and some mistakes whose messages must keep their lines.
  private static func runbook(rules: Int, lineBreak: String = "\n") -> String {
    var lines = [
      "# A generated runbook", "version: 1", "symptoms:", "  - id: slow", "    title: Slow answers", "",
      "facts:", "  latency: double", "  region: {type: string, description: where}", "causes:",
    ]
    for cause in 0..<5 {
      lines += [
        "  - id: cause-\(cause)", "    title: Cause \(cause)", "    explains: [slow]", "    remediation:",
        "      - Restart it", "      - step: Check \(cause)", "        commands: [\"systemctl status x\(cause)\"]",
      ]
    }
    lines.append("rules:")
    for rule in 0..<rules {
      switch rule % 6 {
      case 0: lines.append("  - {id: r\(rule), when: \"latency > \(rule).5\", derive: d\(rule)}")
      case 1:
        lines += [
          "  - id: r\(rule)", "    # a comment inside an item", "    when: >", "      d\(rule - 1) &&",
          "      region == 'eu'", "    conclude: cause-\(rule % 5)",
        ]
      case 2:
        lines += ["", "  - id: r\(rule)", "    when: 'latency < 1.0 || region == ''us'''", "    derive: [e\(rule)]"]
      case 3:
        lines += [
          "  - id: r\(rule)", "    when: \"region == \\\"a\\\\tb\\\"\"", "    derive: {f\(rule): latency * 2.0}",
        ]
      case 4: lines += ["  - id: r\(rule)", "    whn: typo", "    derive: g\(rule)"]
      default: lines += ["  - id: r \(rule)", "    when: \"latency >\"", "    conclude: cause-9"]
      }
    }
    lines += [
      "checklist:", "  - id: fast", "    symptom: slow", "    text: Latency is low", "    pass: latency < 0.5",
      "examples:", "  - name: slow answers", "    facts: {latency: 3.0, region: eu}", "    expect: {status: failing}",
    ]
    return lines.joined(separator: lineBreak) + lineBreak
  }

  @Test func aRunbookDecodesInPiecesAsWhole() throws {
    for lineBreak in ["\n", "\r\n"] {
      let text = Self.runbook(rules: 300, lineBreak: lineBreak)
      let split = try #require(pieces(text), "the generated runbook should be decoded in pieces")
      #expect(difference(split, whole(text)) == nil)
      #expect(split.contains { $0.contains("unknown key 'whn' in rule") })
    }
  }

  @Test func everyPieceCountGivesTheSameDocument() {
    let text = Self.runbook(rules: 60)
    let expected = whole(text)
    for count in 2...12 {
      #expect(difference(pieces(text, count: count) ?? expected, expected) == nil, "pieces: \(count)")
    }
  }

  /// Files a cut would misread, or that need the whole file for their messages: each must
  /// decode exactly as whole.
  @Test(arguments: [
    // A quoted scalar runs over a line that looks like an item.
    "version: 1\nrules:\n" + String(repeating: "  - {id: a, when: 'x\n  - y', derive: b}\n", count: 40),
    // An alias whose anchor is in an earlier piece.
    "version: 1\nrules:\n  - {id: a, when: &w 'true', derive: b}\n"
      + String(repeating: "  - {id: c, when: *w, derive: d}\n", count: 40),
    // A top-level key given twice, far apart.
    "version: 1\nrules:\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40)
      + "version: 1\nrules:\n  - {id: z, when: 'true', derive: b}\n",
    // A syntax error halfway.
    "version: 1\nrules:\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 20)
      + "  - {id: [\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 20),
    // No version.
    "rules:\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40),
    // Items at column 0 (an indentless list).
    "version: 1\nrules:\n" + String(repeating: "- {id: a, when: 'true', derive: b}\n", count: 40),
    // A second document.
    "version: 1\nrules:\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40)
      + "---\nversion: 1\n",
    // A list section that is not a list, and a root that is not a mapping.
    "version: 1\nrules:\n  id: a\n" + String(repeating: "causes:\n  - {id: c, title: t, explains: [s]}\n", count: 2),
    String(repeating: "- {id: a, when: 'true', derive: b}\n", count: 40),
    // A block scalar whose lines look like items and top-level keys.
    "version: 1\nrules:\n  - id: a\n    when: |\n" + String(repeating: "      - x\n      rules:\n", count: 30)
      + "    derive: b\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 30),
    // Comments between a section's key and its first item, where a cut may fall.
    "version: 1\nrules:\n" + String(repeating: "# a comment\n", count: 300)
      + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40),
    // A list section given twice: the second is skipped whole, all its items with it.
    "version: 1\nrules:\n  - {id: a, when: 'true', derive: b}\nrules:\n"
      + String(repeating: "  - {id: c, when: 'oops(', derive: d}\n", count: 60),
    // Line breaks libyaml counts and a cut by newlines would not: CR alone, NEL, LS, PS.
    "version: 1\nrules:\n  - {id: a, when: \"'x\ry'\", derive: b}\n"
      + String(repeating: "  - {id: c, when: 'oops(', derive: d}\n", count: 40),
    "version: 1\nrules:\n  - {id: a, when: \"'x\u{85}y\u{2028}z\u{2029}'\", derive: b}\n"
      + String(repeating: "  - {id: c, when: 'oops(', derive: d}\n", count: 40),
    // A root mapping indented: a key at column 0 later on is not one of its keys (found by fuzzing).
    "# a comment\n    summary: >-\n      text\nversion: 1\n\nrules:\n"
      + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40),
    // Tabs, a byte-order mark, a flow mapping over many lines.
    "version: 1\nrules:\n" + String(repeating: "  - {id: a,\twhen: 'true', derive: b}\n", count: 40),
    "\u{FEFF}version: 1\nrules:\n" + String(repeating: "  - {id: a, when: 'true', derive: b}\n", count: 40),
    "{version: 1,\nrules: [\n" + String(repeating: "{id: a, when: 'true', derive: b},\n", count: 40) + "]}\n",
  ])
  func awkwardFilesDecodeAsWhole(_ text: String) {
    #expect(difference(decoded(text), whole(text)) == nil)
  }

  /// Random damage to a valid runbook (a line dropped, doubled, unindented, quoted open): the
  /// decode in pieces agrees with the decode in order every time.
  @Test func damagedRunbooksDecodeAsWhole() {
    var generator = SeededGenerator(seed: 17)
    let lines = Self.runbook(rules: 40).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for round in 0..<40 {
      var damaged = lines
      for _ in 0..<3 {
        let index = Int.random(in: 0..<damaged.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: damaged.remove(at: index)
        case 1: damaged.insert(damaged[index], at: index)
        case 2: damaged[index] = String(damaged[index].drop { $0 == " " })
        case 3: damaged[index] += " '"
        default: damaged[index] = "  " + damaged[index]
        }
      }
      let text = damaged.joined(separator: "\n")
      #expect(difference(decoded(text), whole(text)) == nil, "round \(round)")
    }
  }
}
