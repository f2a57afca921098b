/// At most `limit` tasks of a kind over the horizon, for each limited kind. Magnitude: tasks over, summed.
public struct MaxTasksOfKind: PersonConstraint {
    public static let id = ConstraintID.maxTasksOfKind
    /// (kind number, limit) pairs.
    public var limits: [(kind: Int32, limit: Int)]
    /// limitByKind[k] is kind k's limit, or Int32.max when unlimited.
    private let limitByKind: [Int32]

    public init(limits: [(kind: Int32, limit: Int)]) {
        self.limits = limits
        var table = [Int32](repeating: .max, count: Int((limits.map(\.kind).max() ?? -1) + 1))
        for (k, l) in limits { table[Int(k)] = Int32(clamping: l) }
        limitByKind = table
    }

    /// Kind k's limit, or Int32.max when it has none.
    @inline(__always) func limit(of kind: Int32) -> Int32 { Int(kind) < limitByKind.count ? limitByKind[Int(kind)] : .max }

    public func magnitude(_ t: Timeline) -> Int64 {
        // One pass: count per kind on the stack, then compare with the limits.
        limitByKind.withUnsafeBufferPointer { limit in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: limit.count) { counts in
                counts.initialize(repeating: 0)
                for f in t where Int(f.kind) < limit.count { counts[Int(f.kind)] &+= 1 }
                var excess: Int64 = 0
                for k in 0..<limit.count where counts[k] > limit[k] { excess += Int64(counts[k] - limit[k]) }
                return excess
            }
        }
    }
}

/// Some kinds may not be worked on the day after others (a late shift, then an early one). Magnitude: such pairs.
public struct ForbiddenSuccession: PersonConstraint {
    public static let id = ConstraintID.forbiddenSuccession
    /// forbidden[first * kindCount + then] is true when `then` may not follow `first` on the next day.
    public var forbidden: [Bool]
    public var kindCount: Int

    public init(forbidden: [Bool], kindCount: Int) {
        self.forbidden = forbidden
        self.kindCount = kindCount
    }

    public func magnitude(_ t: Timeline) -> Int64 {
        var violations: Int64 = 0
        var previousFirst = -1, previousEnd = -1
        t.forEachRun(of: { $0.day }) { first, end in
            if previousFirst >= 0 && t[first].day == t[previousFirst].day &+ 1 {
                for i in previousFirst..<previousEnd {
                    let row = Int(t[i].kind) * kindCount
                    for j in first..<end where forbidden[row + Int(t[j].kind)] { violations += 1 }
                }
            }
            previousFirst = first
            previousEnd = end
        }
        return violations
    }
}
