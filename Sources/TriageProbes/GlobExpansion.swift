#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Expands comma-separated paths and glob patterns (`/var/log/app/*.log, /srv/app/log/err.log`)
/// into existing paths, sorted and de-duplicated.
enum GlobExpansion {
  /// At most this many files are read for one probe.
  static let maximumPaths = 64

  /// The paths matching `patterns`, at most ``maximumPaths``; a pattern without glob characters
  /// is kept as written (so a missing file is reported as missing, not silently skipped).
  static func paths(_ patterns: String) -> [String] {
    var found: [String] = []
    for pattern in patterns.split(separator: ",").map({ String($0).trimmingSpaces() }) where !pattern.isEmpty {
      guard pattern.contains(where: { "*?[".contains($0) }) else {
        found.append(pattern)
        continue
      }
      var matches = glob_t()
      defer { globfree(&matches) }
      guard glob(pattern, 0, nil, &matches) == 0 else { continue }
      for index in 0..<Int(matches.gl_pathc) {
        if let path = matches.gl_pathv[index] { found.append(String(cString: path)) }
      }
    }
    var seen = Set<String>()
    return Array(found.filter { seen.insert($0).inserted }.prefix(maximumPaths))
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var text = Substring(self)
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
  }
}
