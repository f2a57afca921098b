/// A person cannot be in two places at once: a task must start after the previous one ends plus the travel time
/// between their sites. Magnitude: the number of tasks that start too early.
public struct NoOverlap: PersonConstraint {
    public static let id = ConstraintID.noOverlap
    public var minutesPerKm: Float

    public init(minutesPerKm: Float) { self.minutesPerKm = minutesPerKm }

    public func magnitude(_ t: Timeline) -> Int64 {
        guard t.count > 1 else { return 0 }
        var conflicts: Int64 = 0
        var latest = 0  // the entry that ends last so far: a long task can overlap several later ones
        for i in 1..<t.count {
            let previous = t[latest], current = t[i]
            if previous.blocks(current, minutesPerKm: minutesPerKm) { conflicts += 1 }
            if current.end > previous.end { latest = i }
        }
        return conflicts
    }
}

/// Soft: minutes spent travelling between consecutive tasks on the same day.
public struct TravelBetweenTasks: PersonConstraint {
    public static let id = ConstraintID.travel
    public var minutesPerKm: Float

    public init(minutesPerKm: Float) { self.minutesPerKm = minutesPerKm }

    public func magnitude(_ t: Timeline) -> Int64 {
        guard t.count > 1 else { return 0 }
        var total: Int64 = 0
        for i in 1..<t.count where t[i].day == t[i - 1].day {
            total += Int64(t[i - 1].travelMinutes(to: t[i], minutesPerKm: minutesPerKm))
        }
        return total
    }
}

/// Minimum rest between the last task of one working day and the first task of the next. Magnitude: short rests.
public struct MinRest: PersonConstraint {
    public static let id = ConstraintID.minRest
    public var minutes: Int32

    public init(minutes: Int32) { self.minutes = minutes }

    public func magnitude(_ t: Timeline) -> Int64 {
        var violations: Int64 = 0
        var previousEnd: Int32? = nil
        t.forEachRun(of: { $0.day }) { first, end in
            var dayEnd = t[first].end
            for i in first..<end where t[i].end > dayEnd { dayEnd = t[i].end }
            if let p = previousEnd, t[first].start &- p < minutes { violations += 1 }
            previousEnd = dayEnd
        }
        return violations
    }
}

/// At least `minutes` between one task's end and the next one's start on the same day (`minRest` covers the night
/// between days). Magnitude: the gaps that are too short; an overlap is one too, besides `noOverlap`'s count.
public struct MinGap: PersonConstraint {
    public static let id = ConstraintID.minGap
    public var minutes: Int32

    public init(minutes: Int32) { self.minutes = minutes }

    public func magnitude(_ t: Timeline) -> Int64 {
        var short: Int64 = 0
        t.forEachRun(of: { $0.day }) { first, end in
            var busyUntil = t[first].end
            for i in (first + 1)..<max(first + 1, end) {
                if t[i].start &- busyUntil < minutes { short += 1 }
                busyUntil = max(busyUntil, t[i].end)
            }
        }
        return short
    }
}
