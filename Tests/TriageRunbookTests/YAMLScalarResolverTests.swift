import Testing
import TriageCEL

@testable import TriageRunbook

/// Plain scalars resolve by YAML 1.2's core schema; quoted ones and anything else stay strings.
@Suite struct YAMLScalarResolverTests {
  static let plain: [(text: String, value: CELValue)] = [
    ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("nULL", .string("nULL")),
    ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)), ("tRUE", .string("tRUE")),
    ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)), ("no", .string("no")),
    ("0", .int(0)), ("867", .int(867)), ("-12", .int(-12)), ("+7", .int(7)), ("007", .int(7)),
    ("9223372036854775807", .int(Int64.max)), ("9223372036854775808", .double(9_223_372_036_854_775_808)),
    ("0x1F", .int(31)), ("0o17", .int(15)), ("0xZZ", .string("0xZZ")),
    ("65.16", .double(65.16)), ("-1.86", .double(-1.86)), ("1e3", .double(1000)), ("+.5", .double(0.5)),
    (".inf", .double(.infinity)), ("+.Inf", .double(.infinity)), ("-.INF", .double(-.infinity)),
    ("1.2.3", .string("1.2.3")), ("-", .string("-")), (".", .string(".")), ("e5", .string("e5")),
    ("12abc", .string("12abc")), ("١٢", .string("١٢")), ("1\u{301}", .string("1\u{301}")),
    ("503", .int(503)), ("reset", .string("reset")), ("f0001", .string("f0001")),
  ]

  @Test func plainScalarsFollowTheCoreSchema() {
    for (text, expected) in Self.plain {
      let value = YAMLScalarResolver.resolve(text, style: .plain, tag: nil)
      #expect(value == expected, "'\(text)' resolved to \(value)")
    }
    let nan = YAMLScalarResolver.resolve(".NaN", style: .plain, tag: nil)
    guard case .double(let number) = nan else {
      Issue.record(".NaN resolved to \(nan)")
      return
    }
    #expect(number.isNaN)
  }

  @Test func quotedScalarsAndTagsDecideTheType() {
    #expect(YAMLScalarResolver.resolve("503", style: .doubleQuoted, tag: nil) == .string("503"))
    #expect(YAMLScalarResolver.resolve("true", style: .singleQuoted, tag: nil) == .string("true"))
    #expect(YAMLScalarResolver.resolve("503", style: .plain, tag: "tag:yaml.org,2002:str") == .string("503"))
    #expect(YAMLScalarResolver.resolve("12", style: .doubleQuoted, tag: "tag:yaml.org,2002:int") == .int(12))
  }
}
