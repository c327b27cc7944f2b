/// Bounds on YAML input, so that no runbook can exhaust the machine.
public struct YAMLLimits: Sendable {
  /// Deepest nesting of sequences and mappings.
  public var maximumDepth = 64
  /// Most nodes that aliases may add by expansion ("billion laughs" protection).
  public var maximumAliasExpansion = 100_000
  /// Longest scalar, in bytes.
  public var maximumScalarLength = 1 << 20

  /// The defaults.
  public init() {}
}
