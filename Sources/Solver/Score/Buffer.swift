/// A fixed-size heap buffer owned by one worker's objects. Unsafe pointers keep the inner loop free of
/// bounds checks, exclusivity checks and reference counting; every index is checked in debug builds.
struct Buffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    /// A view of memory someone else owns and frees (a model's frozen column): never `free()` it.
    init(borrowing base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    init(_ array: [Element]) {
        count = array.count
        base = .allocate(capacity: max(count, 1))
        array.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { base.initialize(from: s, count: count) }
        }
    }

    @inline(__always) subscript(_ i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "index \(i) out of 0..<\(count)")
            base[i] = newValue
        }
    }

    @inline(__always) subscript(_ i: Int32) -> Element {
        get { self[Int(i)] }
        nonmutating set { self[Int(i)] = newValue }
    }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
