extension Timeline {
    /// Calls `body(firstDay, lastDay)` for every maximal run of consecutive working days, in order.
    @inline(__always) func forEachWorkRun(_ body: (Int32, Int32) -> Void) {
        guard count > 0 else { return }
        var runStart = self[0].day, previous = self[0].day
        for i in 1..<count {
            let d = self[i].day
            if d == previous { continue }
            if d != previous &+ 1 {
                body(runStart, previous)
                runStart = d
            }
            previous = d
        }
        body(runStart, previous)
    }
}

/// No more than `limit` working days in a row. Days outside the horizon count as off, so a run at the edge still
/// counts. Magnitude: days over the limit, summed over runs.
public struct MaxConsecutiveDays: PersonConstraint {
    public static let id = ConstraintID.maxConsecutiveDays
    public var limit: Int32

    public init(limit: Int) { self.limit = Int32(limit) }

    public func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0
        t.forEachWorkRun { a, b in excess += Int64(max(0, b - a + 1 - limit)) }
        return excess
    }
}

/// Every run of working days is at least `limit` long, except runs touching the horizon's first or last day
/// (they may continue outside it). Magnitude: days short, summed over runs.
public struct MinConsecutiveDays: PersonConstraint {
    public static let id = ConstraintID.minConsecutiveDays
    public var limit: Int32
    public var horizonDays: Int32

    public init(limit: Int, horizonDays: Int) {
        self.limit = Int32(limit)
        self.horizonDays = Int32(horizonDays)
    }

    public func magnitude(_ t: Timeline) -> Int64 {
        var shortfall: Int64 = 0
        t.forEachWorkRun { a, b in
            if a > 0 && b < horizonDays - 1 { shortfall += Int64(max(0, limit - (b - a + 1))) }
        }
        return shortfall
    }
}

/// Every run of days off between two working days is at least `limit` long; runs touching either end of the
/// horizon are exempt. Magnitude: days short, summed over runs.
public struct MinConsecutiveDaysOff: PersonConstraint {
    public static let id = ConstraintID.minConsecutiveDaysOff
    public var limit: Int32

    public init(limit: Int) { self.limit = Int32(limit) }

    public func magnitude(_ t: Timeline) -> Int64 {
        var shortfall: Int64 = 0
        var previousEnd: Int32? = nil
        t.forEachWorkRun { a, b in
            if let p = previousEnd { shortfall += Int64(max(0, limit - (a - p - 1))) }
            previousEnd = b
        }
        return shortfall
    }
}

/// At most `limit` weekends worked (a weekend is worked when any task falls on its Saturday or Sunday).
/// Magnitude: weekends over the limit.
public struct MaxWeekends: PersonConstraint {
    public static let id = ConstraintID.maxWeekends
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    public func magnitude(_ t: Timeline) -> Int64 {
        var worked = 0
        var last: Int32 = -1
        for f in t where f.weekend >= 0 && f.weekend != last {
            worked += 1
            last = f.weekend
        }
        return magnitude(worked: worked)
    }

    @inline(__always) func magnitude(worked: Int) -> Int64 { Int64(max(0, worked - limit)) }
}
