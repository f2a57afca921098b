import Scheduling

/// Every built-in constraint, by the id a coordinator uses in `rules.weights` and `rules.levels`.
public enum ConstraintID: String, CaseIterable, Sendable, Codable {
    // Slot scope: one seat, one person.
    case eligibility, unfilledSeat, optionalSeat, preference, homeDistance, familiarFace, disruption
    // Person scope: one person's timeline.
    case noOverlap, maxMinutesPerDay, maxMinutesPerWeek, maxTasksPerDay, maxTasksPerWeek, minRest, minGap, maxConsecutiveDays
    case minConsecutiveDays, minConsecutiveDaysOff, maxWeekends, minTotalMinutes, maxTotalMinutes, maxTasksOfKind
    case forbiddenSuccession, fairness, fairnessByCount, travel, request
    // Group scope: seats sharing a key.
    case continuity, socialWorkerDuty
    /// A plugin's constraint: its own name identifies it in rules and explanations.
    case plugin

    public var scope: ConstraintScope {
        switch self {
        case .eligibility, .unfilledSeat, .optionalSeat, .preference, .homeDistance, .familiarFace, .disruption: .slot
        case .continuity, .socialWorkerDuty: .group
        default: .person
        }
    }

    /// The level and weight used when the rules do not override them.
    public var defaults: (level: ScoreLevel, weight: Int) {
        switch self {
        case .eligibility: (.hard, 1)
        case .unfilledSeat: (.medium, 100)  // times the task's priority (1–10)
        case .optionalSeat: (.soft, 1)  // times the seat's fillCost
        case .preference: (.soft, 20)
        case .request: (.soft, 1)  // times the request's own weight
        case .homeDistance: (.soft, 1)  // per minute of travel from home
        case .familiarFace: (.soft, 30)  // a client's past workers are preferred
        case .disruption: (.soft, 200)  // per seat changed against the current schedule
        case .noOverlap, .maxMinutesPerDay, .maxMinutesPerWeek, .maxTasksPerDay, .maxTasksPerWeek, .minRest, .minGap, .maxConsecutiveDays,
             .minConsecutiveDays, .minConsecutiveDaysOff, .maxWeekends, .minTotalMinutes, .maxTotalMinutes,
             .maxTasksOfKind, .forbiddenSuccession: (.hard, 1)
        case .fairness: (.soft, 1)  // per hour squared of each person's load
        case .fairnessByCount: (.soft, 0)  // per task squared of each person's count: off unless weighted
        case .travel: (.soft, 1)  // per minute between consecutive tasks
        case .continuity: (.soft, 60)  // per extra worker a client meets in the horizon
        case .socialWorkerDuty: (.medium, 1_000)  // per certified social worker missing on a unit's working day
        case .plugin: (.hard, 1)  // plugins give their own defaults
        }
    }
}

public enum ConstraintScope: String, Sendable, Codable { case slot, person, group }

/// A constraint's level and weight after the coordinator's overrides.
public struct Weighting: Hashable, Sendable {
    public var level: ScoreLevel
    public var weight: Int64

    public init(level: ScoreLevel, weight: Int64) {
        self.level = level
        self.weight = weight
    }

    public init(_ id: ConstraintID, rules: Rules) {
        level = rules.levels[id.rawValue] ?? id.defaults.level
        weight = Int64(rules.weights[id.rawValue] ?? id.defaults.weight)
    }

    @inline(__always) public func score(_ magnitude: Int64) -> Score {
        switch level {
        case .hard: Score(hard: magnitude &* weight)
        case .medium: Score(medium: magnitude &* weight)
        case .soft: Score(soft: magnitude &* weight)
        }
    }
}
