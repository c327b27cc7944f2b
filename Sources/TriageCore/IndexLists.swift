import TriageBinary

/// Many short lists of indices (rules per fact, successors per rule …) in two flat arrays, so a
/// catalog of 100,000 rules does not hold 100,000 separately allocated arrays.
public struct IndexLists: Sendable, RandomAccessCollection {
  /// Where each list starts in `values`; list `i` is `values[starts[i]..<starts[i + 1]]`.
  private var starts: [Int32]
  private var values: [Int32]

  /// Builds `count` lists from (list, value) pairs; each list keeps its values in the pairs' order.
  public init(count: Int, pairs: [(list: Int, value: Int)]) {
    var starts = [Int32](repeating: 0, count: count + 1)
    for pair in pairs { starts[pair.list + 1] += 1 }
    for index in 0..<count { starts[index + 1] += starts[index] }
    var next = starts
    var values = [Int32](repeating: 0, count: pairs.count)
    for pair in pairs {
      values[Int(next[pair.list])] = Int32(truncatingIfNeeded: pair.value)
      next[pair.list] += 1
    }
    self.starts = starts
    self.values = values
  }

  /// The inverse of `source` read in `order`: list `v` (for `v` below `count`) holds, in
  /// ascending order, every position `i` whose list `order[i]` of `source` holds `v`. Built in
  /// two counting passes, without a pair per value.
  init(inverting source: IndexLists, count: Int, order: [Int]) {
    var starts = [Int32](repeating: 0, count: count + 1)
    for list in order {
      for position in source.positions(of: list) { starts[Int(source.values[position]) + 1] += 1 }
    }
    for index in 0..<count { starts[index + 1] += starts[index] }
    var next = starts
    var values = [Int32](repeating: 0, count: Int(starts[count]))
    for (index, list) in order.enumerated() {
      for position in source.positions(of: list) {
        let value = Int(source.values[position])
        values[Int(next[value])] = Int32(truncatingIfNeeded: index)
        next[value] += 1
      }
    }
    self.starts = starts
    self.values = values
  }

  /// `source`'s lists taken in `order`: list `i` is list `order[i]` of `source`.
  init(reordering source: IndexLists, order: [Int]) {
    self.init()
    starts.reserveCapacity(order.count + 1)
    values.reserveCapacity(source.values.count)
    for list in order { append(list, of: source) }
  }

  /// No lists yet: lists are appended one at a time.
  public init() {
    starts = [0]
    values = []
  }

  /// Appends a list.
  mutating func append(_ list: some Sequence<Int>) {
    for value in list { values.append(Int32(truncatingIfNeeded: value)) }
    starts.append(Int32(truncatingIfNeeded: values.count))
  }

  /// Appends list `index` of `other`.
  mutating func append(_ index: Int, of other: IndexLists) {
    values.append(contentsOf: other.values[other.positions(of: index)])
    starts.append(Int32(truncatingIfNeeded: values.count))
  }

  /// Appends every list of `other`, in order.
  mutating func append(contentsOf other: IndexLists) {
    let offset = Int32(truncatingIfNeeded: values.count)
    values.append(contentsOf: other.values)
    starts.append(contentsOf: other.starts.dropFirst().lazy.map { $0 + offset })
  }

  /// Where list `index` lies among all the values (the positions its ``List`` is indexed by).
  func positions(of index: Int) -> Range<Int> {
    Int(starts[index])..<Int(starts[index + 1])
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { starts.count - 1 }

  /// The values of list `index`.
  public subscript(index: Int) -> List {
    List(values: values[Int(starts[index])..<Int(starts[index + 1])])
  }

  /// One list of ``IndexLists``, read without copying.
  public struct List: RandomAccessCollection, Sendable {
    let values: ArraySlice<Int32>

    public var startIndex: Int { values.startIndex }
    public var endIndex: Int { values.endIndex }
    public subscript(position: Int) -> Int { Int(values[position]) }
  }
}

/// The binary form: the number of lists and of values in all, then each list's length and values.
/// (In this file: it reads straight into the flat arrays.)
extension IndexLists: BinaryCodable {
  public func encode(to writer: inout BinaryWriter) {
    writer.writeUnsigned(UInt64(count))
    writer.writeUnsigned(UInt64(values.count))
    for list in self {
      writer.writeUnsigned(UInt64(list.count))
      for value in list { writer.writeUnsigned(UInt64(value)) }
    }
  }

  public init(from reader: inout BinaryReader) throws(BinaryFormatError) {
    // Every list takes a byte or more, and so does every value: neither count can reserve more
    // room than the bytes left could fill.
    let count = try reader.readCount(limit: reader.remainingCount)
    let valueCount = try reader.readCount(limit: reader.remainingCount)
    self.init()
    starts.reserveCapacity(count + 1)
    values.reserveCapacity(valueCount)
    for _ in 0..<count {
      for _ in 0..<(try reader.readCount()) { values.append(Int32(truncatingIfNeeded: try reader.readCount())) }
      starts.append(Int32(truncatingIfNeeded: values.count))
    }
    guard values.count == valueCount else { throw BinaryFormatError("index lists hold another number of values") }
  }
}
