/// MYCIN's certainty factors: how evidence from several rules combines.
///
/// Two positive factors reinforce (`a + b(1 − a)`), two negative ones likewise, and mixed
/// evidence cancels (`(a + b) / (1 − min(|a|, |b|))`). The result stays in −1…1.
public enum CertaintyFactor {
  /// Combines the certainty so far with a new rule's certainty.
  public static func combine(_ a: Double, _ b: Double) -> Double {
    if a >= 0, b >= 0 { return a + b * (1 - a) }
    if a <= 0, b <= 0 { return a + b * (1 + a) }
    let denominator = 1 - min(abs(a), abs(b))
    guard denominator > 0 else { return 0 }
    return (a + b) / denominator
  }
}
