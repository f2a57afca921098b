extension UnitRules {
    /// Constraints whose level may not be lowered: a person in two places at once, or in a seat they may not take,
    /// is never a trade-off (and publishing refuses overlapping offers whatever the level says).
    public static let alwaysHard: Set<String> = ["noOverlap", "eligibility"]

    /// Every problem with these rules, each naming its field: unknown constraint ids (`constraints` are the core's
    /// and the enabled plugins'), values out of range, names that are not names.
    public func validate(constraints: Set<String>) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func issue(_ field: String, _ reason: String) { issues.append(ValidationIssue(field: field, reason: reason)) }
        func known(_ field: String, _ id: String) -> Bool {
            guard constraints.contains(id) else {
                issue(field, "no constraint is called \"\(id)\"; known: \(constraints.sorted().joined(separator: ", "))")
                return false
            }
            return true
        }
        for (id, weight) in weights.sorted(by: { $0.key < $1.key }) where known("weights.\(id)", id) {
            if !(0...1_000_000).contains(weight) { issue("weights.\(id)", "must be from 0 to 1000000, got \(weight)") }
        }
        for (id, level) in levels.sorted(by: { $0.key < $1.key }) where known("levels.\(id)", id) {
            if Self.alwaysHard.contains(id) && level != .hard { issue("levels.\(id)", "must stay hard") }
        }
        for (group, rules) in labour.sorted(by: { $0.key < $1.key }) {
            let at = "labour.\(group)"
            if InputRules.identifierProblem(group) != nil { issue(at, "a labour group is named like an id: letters, digits, _ - . :") }
            let ranges: [(String, Int?, ClosedRange<Int>)] = [
                ("minRestMinutes", rules.minRestMinutes, 0...2880), ("minGapMinutes", rules.minGapMinutes, 0...1440),
                ("maxConsecutiveDays", rules.maxConsecutiveDays, 1...366),
                ("minConsecutiveDays", rules.minConsecutiveDays, 1...31), ("minConsecutiveDaysOff", rules.minConsecutiveDaysOff, 1...31),
                ("maxWeekends", rules.maxWeekends, 0...53), ("minTotalMinutes", rules.minTotalMinutes, 0...10_080),
                ("maxTotalMinutes", rules.maxTotalMinutes, 0...10_080),
            ]
            for (name, value, range) in ranges {
                if let value, !range.contains(value) {
                    issue("\(at).\(name)", "must be from \(range.lowerBound) to \(range.upperBound), got \(value)")
                }
            }
            if let lo = rules.minTotalMinutes, let hi = rules.maxTotalMinutes, lo > hi {
                issue("\(at).minTotalMinutes", "must not exceed maxTotalMinutes (\(hi)), got \(lo)")
            }
            for (kind, limit) in rules.maxTasksOfKind.sorted(by: { $0.key < $1.key }) where !(0...1000).contains(limit) {
                issue("\(at).maxTasksOfKind.\(kind)", "must be from 0 to 1000, got \(limit)")
            }
        }
        if let v = travelSpeedKmh, !(v > 0 && v <= 200) { issue("travelSpeedKmh", "must be above 0 and at most 200 km/h, got \(v)") }
        if let v = maxDistanceFromHomeKm, !(v > 0 && v <= 1000) {
            issue("maxDistanceFromHomeKm", "must be above 0 and at most 1000 km, got \(v)")
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            if InputRules.identifierProblem(name) != nil { issue("settings", "\"\(name)\" is not a setting name: letters, digits, _ - . :") }
            if !(0...100_000).contains(value) { issue("settings.\(name)", "must be from 0 to 100000, got \(value)") }
        }
        return issues
    }
}
