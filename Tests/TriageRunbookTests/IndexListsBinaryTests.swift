import Testing
import TriageBinary
import TriageCore

/// The binary form of index lists, as the compiled-catalog cache stores them.
@Suite struct IndexListsBinaryTests {
  static let lists = IndexLists(count: 3, pairs: [(0, 5), (2, 7), (2, 8)])

  static func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.write(lists)
    return writer.bytes
  }

  @Test func aRoundTripKeepsEveryList() throws {
    var reader = BinaryReader(Self.encoded())
    let decoded = try reader.read(IndexLists.self)
    #expect(reader.isAtEnd)
    #expect(decoded.map(Array.init) == [[5], [], [7, 8]])
  }

  /// The total of values written ahead of the lists must be theirs: a damaged file is refused.
  @Test func aValueTotalThatDisagreesWithTheListsIsRefused() {
    var bytes = Self.encoded()
    #expect(bytes[1] == 3, "the second number is the total of values")
    bytes[1] = 2
    var reader = BinaryReader(bytes)
    #expect(throws: BinaryFormatError.self) { try reader.read(IndexLists.self) }
  }
}
