/// At most `limit` minutes of tasks on any one day. Magnitude: started hours over the limit, summed over days.
public struct MaxMinutesPerDay: PersonConstraint {
    public static let id = ConstraintID.maxMinutesPerDay
    public var limit: Int64

    public init(limit: Int) { self.limit = Int64(limit) }

    public func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0
        t.forEachRun(of: { $0.day }) { first, end in
            var minutes: Int64 = 0
            for i in first..<end { minutes += Int64(t[i].minutes) }
            excess += startedHours(minutes - limit)
        }
        return excess
    }
}

/// At most `limit` minutes in any horizon week (days 0–6, 7–13, ...). Magnitude: started hours over, summed.
public struct MaxMinutesPerWeek: PersonConstraint {
    public static let id = ConstraintID.maxMinutesPerWeek
    public var limit: Int64

    public init(limit: Int) { self.limit = Int64(limit) }

    public func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0
        t.forEachRun(of: { $0.week }) { first, end in
            var minutes: Int64 = 0
            for i in first..<end { minutes += Int64(t[i].minutes) }
            excess += startedHours(minutes - limit)
        }
        return excess
    }
}

/// At most `limit` tasks on any one day. Magnitude: tasks over the limit, summed over days.
public struct MaxTasksPerDay: PersonConstraint {
    public static let id = ConstraintID.maxTasksPerDay
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    public func magnitude(_ t: Timeline) -> Int64 { tasksOver(limit, t, per: { $0.day }) }
}

/// At most `limit` tasks in any horizon week (days 0–6, 7–13, ...). Magnitude: tasks over the limit, summed over weeks.
public struct MaxTasksPerWeek: PersonConstraint {
    public static let id = ConstraintID.maxTasksPerWeek
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    public func magnitude(_ t: Timeline) -> Int64 { tasksOver(limit, t, per: { $0.week }) }
}

/// Tasks beyond `limit` in each run of entries sharing `key` (a day, a week), summed.
@inline(__always) private func tasksOver(_ limit: Int, _ t: Timeline, per key: (SlotFacts) -> Int32) -> Int64 {
    var excess: Int64 = 0
    t.forEachRun(of: key) { first, end in excess += Int64(max(0, end - first - limit)) }
    return excess
}

/// At least `limit` minutes over the horizon. Magnitude: started hours short. Someone with no tasks is short too.
public struct MinTotalMinutes: PersonConstraint {
    public static let id = ConstraintID.minTotalMinutes
    public var limit: Int64

    public init(limit: Int) { self.limit = Int64(limit) }

    public func magnitude(_ t: Timeline) -> Int64 { magnitude(minutes: t.totalMinutes) }

    @inline(__always) func magnitude(minutes: Int64) -> Int64 { startedHours(limit - minutes) }
}

/// At most `limit` minutes over the horizon. Magnitude: started hours over.
public struct MaxTotalMinutes: PersonConstraint {
    public static let id = ConstraintID.maxTotalMinutes
    public var limit: Int64

    public init(limit: Int) { self.limit = Int64(limit) }

    public func magnitude(_ t: Timeline) -> Int64 { magnitude(minutes: t.totalMinutes) }

    @inline(__always) func magnitude(minutes: Int64) -> Int64 { startedHours(minutes - limit) }
}

/// Soft: spread the load. Magnitude: the person's hours squared (minutes² / 3600), so two people at 10 h
/// cost less than one at 20 h and one idle. With `pastWeeklyMinutes` (their average week over the last four),
/// it is the growth of (past + this week)² over past²: each hour costs more for someone who has worked a lot.
/// Spreads the number of tasks, not the hours: the square of the person's count of tasks in the horizon. Off by
/// default (weight 0); a coordinator weighs it when a visit counts the same however long it is.
public struct FairnessByCount: PersonConstraint {
    public static let id = ConstraintID.fairnessByCount

    public init() {}

    public func magnitude(_ t: Timeline) -> Int64 { magnitude(count: Int64(t.count)) }

    @inline(__always) func magnitude(count: Int64) -> Int64 { count * count }
}

public struct Fairness: PersonConstraint {
    public static let id = ConstraintID.fairness
    public var pastWeeklyMinutes: Int64

    public init(pastWeeklyMinutes: Int64 = 0) { self.pastWeeklyMinutes = pastWeeklyMinutes }

    public func magnitude(_ t: Timeline) -> Int64 { magnitude(minutes: t.totalMinutes) }

    @inline(__always) func magnitude(minutes: Int64) -> Int64 { (minutes * minutes + 2 * pastWeeklyMinutes * minutes) / 3600 }
}

extension Timeline {
    @inline(__always) var totalMinutes: Int64 {
        var minutes: Int64 = 0
        for f in self { minutes += Int64(f.minutes) }
        return minutes
    }
}
