/// At most `limit` tasks of a kind over the horizon, for each limited kind. Magnitude: tasks over, summed.
public struct MaxTasksOfKind: PersonConstraint {
    public static let id = ConstraintID.maxTasksOfKind
    /// (kind number, limit) pairs.
    public var limits: [(kind: Int32, limit: Int)]

    public init(limits: [(kind: Int32, limit: Int)]) { self.limits = limits }

    public func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0
        for (kind, limit) in limits {
            var n = 0
            for f in t where f.kind == kind { n += 1 }
            excess += Int64(max(0, n - limit))
        }
        return excess
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
