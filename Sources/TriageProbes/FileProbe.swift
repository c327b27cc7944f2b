import TriageCEL
import TriageCore

/// `file`: a file's presence, metadata and (capped) content →
/// `exists`, `type`, `readable`, `size`, `content`, `truncated`, `parsed` (with `parse`),
/// `age_seconds` (since the path itself changed — for a symbolic link, since it was switched),
/// `mtime_age_seconds` (since the file, or the link's target, was modified), `link_target` and
/// `link_age_seconds` (symbolic links; `""` and -1 otherwise), `error`.
///
/// `error` is `""`, `missing` (the path does not exist: an observation, `exists: false`),
/// `dangling` (a link to nothing), `not_regular` (a directory, FIFO, device …: content not read —
/// a FIFO is never opened), `denied` or `too_large` (content cut at `max_bytes`).
/// When the facts asked for cannot be observed the probe fails instead, with the reason: the path
/// cannot be examined (permission denied on a parent), or content was asked for (`max_bytes` >
/// 0) and the file cannot be read, or `parse` was asked for and the content is cut, not a regular
/// file, or does not parse. `max_bytes: 0` reads metadata only.
public enum FileProbe: ProbeKind {
  public static let identifier = "file"
  public static let parameters = [
    ProbeParameter("path", .string, required: true, "the file"),
    ProbeParameter("max_bytes", .int, "bytes of content read (default 1048576; 0: metadata only)"),
    ProbeParameter("parse", .string, "parse the content into result.parsed: \(OutputParser.names)"),
    ProbeParameter("regex", .string, "the pattern of parse: regex (named groups)"),
  ]
  public static let resultFields: [ProbeResultField] = [
    ProbeResultField("exists", .bool, "the path exists (a symlink counts, even a dangling one)"),
    ProbeResultField(
      "type", .string, "file, directory, symlink, fifo, socket, char, block or other; \"\" when the path is absent"),
    ProbeResultField("readable", .bool, "its content could be read"),
    ProbeResultField("size", .int, "size in bytes (of the target for a symlink; 0 when absent)"),
    ProbeResultField(
      "age_seconds", .double,
      "seconds since the path itself changed (for a symlink: since it was switched); -1 when absent"),
    ProbeResultField(
      "mtime_age_seconds", .double,
      "seconds since the file (a symlink's target) was modified; -1 when absent or dangling"),
    ProbeResultField("link_target", .string, "the link's target as written; \"\" for other files"),
    ProbeResultField(
      "link_age_seconds", .double, "seconds since the symlink was created or switched; -1 for other files"),
    ProbeResultField("content", .string, "the first max_bytes bytes, as UTF-8 (invalid bytes replaced)"),
    ProbeResultField("truncated", .bool, "the content was cut at max_bytes"),
    ProbeResultField("parsed", .dyn, "only with parse: the parsed content"),
    ProbeResultField(
      "error", .string, "\"\", missing, dangling, not_regular, denied or too_large (content cut at max_bytes)"),
  ]

  public static func run(_ request: ProbeRequest) -> ProbeOutcome {
    guard let path = request.nonEmptyString("path") else { return .failure("file probe needs a path") }
    let parser: OutputParser?
    do { parser = try request.outputParser() } catch { return .failure(error.message) }
    let limit = max(0, min(request.int("max_bytes") ?? 1 << 20, 256 << 20))
    let metadata: FileInspector.Metadata
    do {
      metadata = try FileInspector.metadata(path)
    } catch {
      return outcome(of: error, path: path)
    }
    var fields = present(metadata)
    var content: [UInt8] = []
    var truncated = false
    var error = ""
    if !metadata.targetExists {
      error = "dangling"
    } else if !metadata.isRegular {
      error = "not_regular"
    } else if limit > 0 {
      do {
        (content, truncated) = try FileInspector.read(path, limit: limit)
        if truncated { error = "too_large" }
      } catch {
        return outcome(of: error, path: path)
      }
    }
    let readable = metadata.targetExists && FileInspector.isReadable(path)
    if error.isEmpty, metadata.isRegular, !readable { error = "denied" }
    fields += [
      ("readable", .bool(readable)),
      ("content", .string(String(decoding: content, as: UTF8.self))), ("truncated", .bool(truncated)),
    ]
    if let parser {
      guard error.isEmpty else { return .failure(parseRefusal(path, error: error, limit: limit, type: metadata.type)) }
      do {
        fields.append(("parsed", try parser.parse(content, pattern: request.string("regex"))))
      } catch {
        return .failure("\(path): \(error)")
      }
    }
    fields.append(("error", .string(error)))
    let age = Int(metadata.ageSeconds.rounded())
    let size = limit > 0 && metadata.isRegular ? content.count : Int(metadata.size)
    var evidence = "\(path): \(metadata.type), \(size)\(truncated ? "+" : "") bytes, changed \(age) s ago"
    if let target = metadata.linkTarget { evidence += " → \(target)" }
    if !error.isEmpty { evidence += " (\(error))" }
    return .result(.record(fields), evidence: evidence)
  }

  private static func outcome(of error: FileInspector.Failure, path: String) -> ProbeOutcome {
    switch error {
    case .missing: .result(absent(), evidence: "\(path) does not exist")
    case .denied(let message), .other(let message): .failure(message)
    }
  }

  private static func parseRefusal(_ path: String, error: String, limit: Int, type: String) -> String {
    switch error {
    case "too_large": "\(path) is larger than max_bytes (\(limit)); raise max_bytes to parse it"
    case "dangling": "\(path) is a symbolic link to nothing"
    default: "\(path) is a \(type), not a regular file"
    }
  }

  private static func absent() -> CELValue {
    .record([
      ("exists", .bool(false)), ("type", .string("")), ("readable", .bool(false)), ("size", .int(0)),
      ("age_seconds", .double(-1)), ("mtime_age_seconds", .double(-1)), ("link_target", .string("")),
      ("link_age_seconds", .double(-1)), ("content", .string("")), ("truncated", .bool(false)),
      ("error", .string("missing")),
    ])
  }

  private static func present(_ metadata: FileInspector.Metadata) -> [(String, CELValue)] {
    [
      ("exists", .bool(true)), ("type", .string(metadata.type)), ("size", .integer(metadata.size)),
      ("age_seconds", .double(metadata.ageSeconds)), ("mtime_age_seconds", .double(metadata.targetAgeSeconds)),
      ("link_target", .string(metadata.linkTarget ?? "")),
      ("link_age_seconds", .double(metadata.linkTarget == nil ? -1 : metadata.ageSeconds)),
    ]
  }
}
