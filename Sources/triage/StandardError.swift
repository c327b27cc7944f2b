#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes lines to standard error, unbuffered.
enum StandardError {
  static func write(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    FileDescriptorWriter.write(Array(line.utf8), to: 2)
  }

  static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }
}
