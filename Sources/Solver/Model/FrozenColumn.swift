import Scheduling

/// An array written once, when the model is built, and only read after: one heap block that never moves, so every
/// worker's score director reads the same copy through a pointer instead of copying it. On a city-sized week the
/// candidate table has some 27 million entries; a copy per worker was most of the memory.
public final class FrozenColumn<Element: Sendable>: RandomAccessCollection, @unchecked Sendable {
    // Sharing is safe: `base` is written only inside `init`, before any other code can see the column; afterwards
    // nothing writes it, and `deinit` frees it once no reader holds the column (a director holds its model).
    let base: UnsafeMutablePointer<Element>
    public let count: Int

    public init(_ array: [Element]) {
        count = array.count
        base = .allocate(capacity: Swift.max(count, 1))
        array.withUnsafeBufferPointer { source in
            if let s = source.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    /// A column of `count` elements that `fill` initialises, every one of them.
    init(count: Int, fill: (UnsafeMutablePointer<Element>) -> Void) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        fill(base)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inline(__always) public subscript(_ i: Int) -> Element {
        precondition(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
        return base[i]
    }

    /// The column seen through a buffer a director does not free.
    var view: Buffer<Element> { Buffer(borrowing: base, count: count) }
}

extension FrozenColumn: Equatable where Element: Equatable {
    public static func == (a: FrozenColumn, b: FrozenColumn) -> Bool { a === b || a.elementsEqual(b) }
}

/// The slot-scope cost of every candidate, stored as a number into a palette of the distinct costs: a week has
/// some hundreds of distinct costs among millions of candidates, so two bytes stand for a 24-byte score.
public final class CostColumn: RandomAccessCollection, @unchecked Sendable {
    // Sharing is safe for the reason `FrozenColumn` gives: written in `init` only, read afterwards.
    let palette: FrozenColumn<Score>
    let narrow: FrozenColumn<UInt16>?
    let wide: FrozenColumn<UInt32>?

    public convenience init(_ costs: [Score]) {
        var index: [Score: UInt32] = [:]
        var palette: [Score] = []
        let numbers = costs.map { cost in
            if let n = index[cost] { return n }
            let n = UInt32(palette.count)
            index[cost] = n
            palette.append(cost)
            return n
        }
        self.init(palette: palette, numbers: numbers)
    }

    /// Costs given as numbers into `palette`.
    convenience init(palette: [Score], numbers: [UInt32]) {
        if palette.count <= Int(UInt16.max) + 1 {
            self.init(palette: palette, narrow: FrozenColumn(numbers.map { UInt16(truncatingIfNeeded: $0) }))
        } else {
            self.init(palette: palette, wide: FrozenColumn(numbers))
        }
    }

    init(palette: [Score], narrow: FrozenColumn<UInt16>) {
        self.palette = FrozenColumn(palette)
        self.narrow = narrow
        wide = nil
    }

    init(palette: [Score], wide: FrozenColumn<UInt32>) {
        self.palette = FrozenColumn(palette)
        narrow = nil
        self.wide = wide
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { narrow?.count ?? wide!.count }

    public subscript(_ i: Int) -> Score { view[i] }

    /// The distinct costs (a scan over them answers "is any cost on the medium level").
    public var distinct: FrozenColumn<Score> { palette }

    var view: CostView {
        CostView(palette: palette.base, narrow: narrow?.base, wide: wide?.base, count: endIndex)
    }
}

extension CostColumn: Equatable {
    /// Equal costs entry by entry, however each column numbered them.
    public static func == (a: CostColumn, b: CostColumn) -> Bool { a === b || a.elementsEqual(b) }
}

/// A director's window on a `CostColumn`: no copy, no reference counting in the inner loop.
struct CostView {
    let palette: UnsafeMutablePointer<Score>
    let narrow: UnsafeMutablePointer<UInt16>?
    let wide: UnsafeMutablePointer<UInt32>?
    let count: Int

    @inline(__always) subscript(_ i: Int) -> Score {
        assert(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
        if let narrow { return palette[Int(narrow[i])] }
        return palette[Int(wide.unsafelyUnwrapped[i])]
    }
}
