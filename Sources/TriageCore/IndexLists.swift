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
