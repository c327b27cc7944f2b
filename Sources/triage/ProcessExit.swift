import Foundation

/// Ends the process at once, without tearing down large structures (a catalog of 100,000 rules
/// takes a fifth of a second to deallocate): the operating system reclaims the memory anyway.
///
/// `_exit`, after flushing standard I/O, not `exit`: `exit` runs the libraries' exit handlers,
/// and OpenSSL's frees the locks a probe thread still inside libpq (one abandoned at its
/// deadline, or an audit of `triage serve` cut short by SIGTERM) may take next — a crash at exit,
/// seen under AddressSanitizer.
enum ProcessExit {
  static func now(_ code: Int32) -> Never {
    fflush(nil)
    _exit(code)
  }
}
