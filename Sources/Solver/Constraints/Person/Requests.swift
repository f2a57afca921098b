/// Dated wishes: "work a `kind` task on day d" (paid when no such task is held that day) and "don't"
/// (paid for each such task held); of `anyKind`, "work that day" and "that day off". Magnitude: the sum of unmet
/// wishes' weights.
public struct ShiftRequests: PersonConstraint {
    public static let id = ConstraintID.request

    public struct Entry: Sendable, Equatable {
        public var day: Int32
        public var kind: Int32
        public var wanted: Bool
        public var weight: Int64

        public init(day: Int32, kind: Int32, wanted: Bool, weight: Int64) {
            self.day = day
            self.kind = kind
            self.wanted = wanted
            self.weight = weight
        }
    }

    /// The kind of a wish about the whole day (any task).
    public static let anyKind: Int32 = -2

    /// Sorted by day.
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries.sorted { $0.day < $1.day } }

    public func magnitude(_ t: Timeline) -> Int64 { magnitude(t, entries: 0..<entries.count) }

    /// The wishes dated from `first` to `last` only, against a timeline that holds at least those days.
    func magnitude(_ t: Timeline, days first: Int32, _ last: Int32) -> Int64 {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].day < first { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < entries.count && entries[end].day <= last { end += 1 }
        return magnitude(t, entries: lo..<end)
    }

    private func magnitude(_ t: Timeline, entries range: Range<Int>) -> Int64 {
        var total: Int64 = 0
        var i = 0  // both lists are in day order: one merge pass
        for e in entries[range] {
            while i < t.count && t[i].day < e.day { i += 1 }
            var held = 0
            var j = i
            while j < t.count && t[j].day == e.day {
                if e.kind == Self.anyKind || t[j].kind == e.kind { held += 1 }
                j += 1
            }
            if e.wanted { if held == 0 { total += e.weight } } else { total += e.weight * Int64(held) }
        }
        return total
    }
}
