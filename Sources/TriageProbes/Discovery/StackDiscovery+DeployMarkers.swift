import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension StackDiscovery {
  /// The release symlink (a `current` link on the application's directory path, or beside it
  /// pointing at it), the deploy lock next to it, and the disk the application writes to.
  mutating func findDeployMarkers() {
    guard let application = chain.last(where: { $0.role == .application }) else { return }
    let process = application.process
    var directories: [(String, String)] = []
    if let configured = application.inputs["working_directory"] {
      directories.append((configured.value, configured.provenance))
    }
    if let cwd = process.workingDirectory { directories.append((cwd, "the working directory of \(process.label)")) }
    var release: (String, String)?
    for (directory, why) in directories where release == nil {
      release = Self.releaseLink(on: directory).map { ($0, "a symlink on \(why): \(directory)") }
    }
    if let (link, why) = release {
      inputs["release_link"] = DiscoveredValue(link, from: why)
      let beside = (link as NSString).deletingLastPathComponent
      let candidates = [beside, (beside as NSString).deletingLastPathComponent].map {
        ($0 as NSString).appendingPathComponent("deploy.lock")
      }
      let lock = candidates.first { access($0, F_OK) == 0 } ?? candidates[0]
      inputs["deploy_lock"] = DiscoveredValue(lock, from: "beside the release symlink (\(link))")
    } else {
      let why = "no `current` release symlink on the application's directory (\(process.label))"
      inputs["release_link"] = DiscoveredValue("", from: why)
      inputs["deploy_lock"] = DiscoveredValue("", from: why)
    }
    findDiskPath(application, directories: directories)
  }

  /// Of the places the application writes (its directory, its logs' directories, directories its
  /// environment names), the one on the fullest filesystem.
  private mutating func findDiskPath(_ application: TechnologyFinding, directories: [(String, String)]) {
    var candidates = directories
    for log in application.logs {
      candidates.append(
        ((log.value as NSString).deletingLastPathComponent, "the directory of its log (\(log.provenance))"))
    }
    let environment = (application.process.environment() ?? [:]).merging(application.environment) { $1 }
    for (name, value) in environment.sorted(by: { $0.key < $1.key })
    where value.hasPrefix("/") && !value.contains(":") && Self.isDirectory(value) && !Self.systemPaths.contains(value) {
      candidates.append((value, "\(name) in the environment of \(application.process.label)"))
    }
    var fullest: (path: String, why: String, free: Double)?
    for (path, why) in candidates {
      var stats = statvfs()
      guard statvfs(path, &stats) == 0, stats.f_blocks > 0 else { continue }
      let free = Double(stats.f_bavail) / Double(stats.f_blocks)
      if fullest == nil || free < fullest!.free { fullest = (path, why, free) }
    }
    if let fullest {
      inputs["disk_path"] = DiscoveredValue(
        fullest.path, from: "\(fullest.why), on the fullest filesystem it writes to")
    }
  }

  private static let systemPaths: Set<String> = ["/", "/bin", "/usr/bin", "/usr/local/bin", "/tmp", "/root", "/home"]

  private static func isDirectory(_ path: String) -> Bool {
    var stats = stat()
    return stat(path, &stats) == 0 && (stats.st_mode & S_IFMT) == S_IFDIR
  }

  /// The `current` symlink on `path` (`/srv/app/current/…`), or beside it pointing at it.
  static func releaseLink(on path: String) -> String? {
    var prefix = ""
    for component in path.split(separator: "/") {
      prefix += "/" + component
      if component == "current", isSymlink(prefix) { return prefix }
    }
    let beside = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("current")
    if isSymlink(beside), let target = try? FileManager.default.destinationOfSymbolicLink(atPath: beside) {
      let resolved =
        target.hasPrefix("/")
        ? target : ((beside as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
      if (resolved as NSString).standardizingPath == (path as NSString).standardizingPath { return beside }
    }
    return nil
  }

  private static func isSymlink(_ path: String) -> Bool {
    var stats = stat()
    return lstat(path, &stats) == 0 && (stats.st_mode & S_IFMT) == S_IFLNK
  }
}
