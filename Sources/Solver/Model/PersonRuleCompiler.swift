import Scheduling

/// Turns a person's own limits and their labour group's rules into the person-scope constraints that apply.
enum PersonRuleCompiler {
    /// `reachable` counts the person's candidate seats of a kind: a kind limit they cannot exceed is left out.
    static func rules(for person: Person, labour: LabourRules?, context: SolverModelContext,
                      reachable: (Int32) -> Int) -> [WeightedPersonRule] {
        let rules = context.problem.rules
        var out: [WeightedPersonRule] = []
        func add(_ id: ConstraintID, _ rule: @autoclosure () -> PersonRule) {
            let w = Weighting(id, rules: rules)
            if w.weight > 0 { out.append(WeightedPersonRule(rule(), w)) }
        }
        let days = context.problem.horizon.days
        add(.noOverlap, .noOverlap(NoOverlap(minutesPerKm: context.minutesPerKm)))
        if let v = person.maxMinutesPerDay { add(.maxMinutesPerDay, .maxMinutesPerDay(MaxMinutesPerDay(limit: v))) }
        if let v = person.maxMinutesPerWeek { add(.maxMinutesPerWeek, .maxMinutesPerWeek(MaxMinutesPerWeek(limit: v))) }
        if let v = person.maxTasksPerDay { add(.maxTasksPerDay, .maxTasksPerDay(MaxTasksPerDay(limit: v))) }
        if let v = person.maxTasksPerWeek { add(.maxTasksPerWeek, .maxTasksPerWeek(MaxTasksPerWeek(limit: v))) }
        if let l = labour {
            if let v = l.minRestMinutes { add(.minRest, .minRest(MinRest(minutes: Int32(v)))) }
            if let v = l.minGapMinutes, v > 0 { add(.minGap, .minGap(MinGap(minutes: Int32(v)))) }
            if let v = l.maxConsecutiveDays { add(.maxConsecutiveDays, .maxConsecutiveDays(MaxConsecutiveDays(limit: v))) }
            if let v = l.minConsecutiveDays, v > 1 { add(.minConsecutiveDays, .minConsecutiveDays(MinConsecutiveDays(limit: v, horizonDays: days))) }
            if let v = l.minConsecutiveDaysOff, v > 1 { add(.minConsecutiveDaysOff, .minConsecutiveDaysOff(MinConsecutiveDaysOff(limit: v))) }
            if let v = l.maxWeekends { add(.maxWeekends, .maxWeekends(MaxWeekends(limit: v))) }
            if let v = l.minTotalMinutes, v > 0 { add(.minTotalMinutes, .minTotalMinutes(MinTotalMinutes(limit: v))) }
            if let v = l.maxTotalMinutes { add(.maxTotalMinutes, .maxTotalMinutes(MaxTotalMinutes(limit: v))) }
            // A zero limit already keeps the person out of that kind's seats (eligibility); only positive limits bind here.
            let limits = l.maxTasksOfKind.compactMap { name, limit -> (kind: Int32, limit: Int)? in
                guard limit > 0, let k = context.kindIndex[name], reachable(k) > limit else { return nil }
                return (k, limit)
            }.sorted { $0.kind < $1.kind }
            if !limits.isEmpty { add(.maxTasksOfKind, .maxTasksOfKind(MaxTasksOfKind(limits: limits))) }
            let pairs = l.forbiddenSuccessions.compactMap { s -> (Int32, Int32)? in
                guard let a = context.kindIndex[s.first], let b = context.kindIndex[s.then] else { return nil }
                return (a, b)
            }
            if !pairs.isEmpty {
                let n = context.kinds.count
                var forbidden = [Bool](repeating: false, count: n * n)
                for (a, b) in pairs { forbidden[Int(a) * n + Int(b)] = true }
                add(.forbiddenSuccession, .forbiddenSuccession(ForbiddenSuccession(forbidden: forbidden, kindCount: n)))
            }
        }
        let requests = person.preferences.requests.compactMap { r -> ShiftRequests.Entry? in
            let day = r.date.dayNumber - context.problem.horizon.start.dayNumber
            guard day >= 0, day < days else { return nil }
            guard let kind = r.kind else { return ShiftRequests.Entry(day: Int32(day), kind: ShiftRequests.anyKind, wanted: r.wanted, weight: Int64(r.weight)) }
            guard let k = context.kindIndex[kind] else { return nil }
            return ShiftRequests.Entry(day: Int32(day), kind: k, wanted: r.wanted, weight: Int64(r.weight))
        }
        if !requests.isEmpty { add(.request, .requests(ShiftRequests(entries: requests))) }
        add(.fairness, .fairness(Fairness(pastWeeklyMinutes: context.pastWeeklyMinutes[person.id] ?? 0)))
        add(.fairnessByCount, .fairnessByCount(FairnessByCount()))
        add(.travel, .travel(TravelBetweenTasks(minutesPerKm: context.minutesPerKm)))
        return out
    }
}
