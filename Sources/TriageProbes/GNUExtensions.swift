#if canImport(Glibc)
  import Glibc
#endif

/// glibc functions that Swift's Glibc module hides (it is built without `_GNU_SOURCE`), looked up
/// once at run time. Each is present in glibc ≥ 2.34 (Debian 12 ships 2.36); nil when missing.
enum GNUExtensions {
  typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
  typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// `pipe2(2)`: a pipe whose ends are created close-on-exec, atomically.
  static let pipe2: Pipe2? = symbol("pipe2")
  /// `posix_spawn_file_actions_addchdir_np`: the child's working directory.
  static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
  /// `posix_spawn_file_actions_addclosefrom_np`: close every descriptor from a number up.
  static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

  private static func symbol<Function>(_ name: String) -> Function? {
    guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
    return unsafeBitCast(address, to: Function.self)
  }
}
