import Scheduling

/// A person-scope constraint with its level and weight, dispatched without existentials in the inner loop.
public enum PersonRule: Sendable {
    case noOverlap(NoOverlap)
    case travel(TravelBetweenTasks)
    case minRest(MinRest)
    case minGap(MinGap)
    case maxMinutesPerDay(MaxMinutesPerDay)
    case maxMinutesPerWeek(MaxMinutesPerWeek)
    case maxTasksPerDay(MaxTasksPerDay)
    case maxTasksPerWeek(MaxTasksPerWeek)
    case minTotalMinutes(MinTotalMinutes)
    case maxTotalMinutes(MaxTotalMinutes)
    case maxConsecutiveDays(MaxConsecutiveDays)
    case minConsecutiveDays(MinConsecutiveDays)
    case minConsecutiveDaysOff(MinConsecutiveDaysOff)
    case maxWeekends(MaxWeekends)
    case maxTasksOfKind(MaxTasksOfKind)
    case forbiddenSuccession(ForbiddenSuccession)
    case fairness(Fairness)
    case fairnessByCount(FairnessByCount)
    case requests(ShiftRequests)
    /// A constraint from a plugin; `name` is its id in rules and explanations. Made by `custom(_:name:)`.
    case plugin(PluginPersonRule, name: String)

    /// A plugin's constraint under `name`, its id in rules and explanations. When the constraint looks only at
    /// seats of some task kinds, name their numbers in `kinds`: the search then skips it for moves that change
    /// only seats of other kinds. Empty `kinds`: it runs on every change of the person's seats.
    public static func custom<C: PersonConstraint>(_ constraint: C, name: String, kinds: [Int32] = []) -> PersonRule {
        .plugin(PluginPersonRule(constraint, kinds: kinds), name: name)
    }

    /// The kinds (one bit per kind number mod 64) a rule is scoped to; 0 when it looks at every seat.
    public var kindMask: UInt64 {
        if case .plugin(let c, _) = self { c.kindMask } else { 0 }
    }

    public var name: String {
        switch self {
        case .plugin(_, let name): name
        default: id.rawValue
        }
    }

    public var id: ConstraintID {
        switch self {
        case .noOverlap: NoOverlap.id
        case .travel: TravelBetweenTasks.id
        case .minRest: MinRest.id
        case .minGap: MinGap.id
        case .maxMinutesPerDay: MaxMinutesPerDay.id
        case .maxMinutesPerWeek: MaxMinutesPerWeek.id
        case .maxTasksPerDay: MaxTasksPerDay.id
        case .maxTasksPerWeek: MaxTasksPerWeek.id
        case .minTotalMinutes: MinTotalMinutes.id
        case .maxTotalMinutes: MaxTotalMinutes.id
        case .maxConsecutiveDays: MaxConsecutiveDays.id
        case .minConsecutiveDays: MinConsecutiveDays.id
        case .minConsecutiveDaysOff: MinConsecutiveDaysOff.id
        case .maxWeekends: MaxWeekends.id
        case .maxTasksOfKind: MaxTasksOfKind.id
        case .forbiddenSuccession: ForbiddenSuccession.id
        case .fairness: Fairness.id
        case .fairnessByCount: FairnessByCount.id
        case .requests: ShiftRequests.id
        case .plugin(let c, _): c.id
        }
    }

    @inline(__always) public func magnitude(_ t: Timeline) -> Int64 {
        switch self {
        case .noOverlap(let c): c.magnitude(t)
        case .travel(let c): c.magnitude(t)
        case .minRest(let c): c.magnitude(t)
        case .minGap(let c): c.magnitude(t)
        case .maxMinutesPerDay(let c): c.magnitude(t)
        case .maxMinutesPerWeek(let c): c.magnitude(t)
        case .maxTasksPerDay(let c): c.magnitude(t)
        case .maxTasksPerWeek(let c): c.magnitude(t)
        case .minTotalMinutes(let c): c.magnitude(t)
        case .maxTotalMinutes(let c): c.magnitude(t)
        case .maxConsecutiveDays(let c): c.magnitude(t)
        case .minConsecutiveDays(let c): c.magnitude(t)
        case .minConsecutiveDaysOff(let c): c.magnitude(t)
        case .maxWeekends(let c): c.magnitude(t)
        case .maxTasksOfKind(let c): c.magnitude(t)
        case .forbiddenSuccession(let c): c.magnitude(t)
        case .fairness(let c): c.magnitude(t)
        case .fairnessByCount(let c): c.magnitude(t)
        case .requests(let c): c.magnitude(t)
        case .plugin(let c, _): c.evaluate(t)
        }
    }
}

/// A person rule with the level and weight it weighs on.
public struct WeightedPersonRule: Sendable {
    public var rule: PersonRule
    public var weighting: Weighting

    public init(_ rule: PersonRule, _ weighting: Weighting) {
        self.rule = rule
        self.weighting = weighting
    }
}

/// A plugin's person constraint, specialised once when the model is built: the search calls it through a closure
/// over the concrete type, instead of opening an existential box on every evaluation.
public final class PluginPersonRule: Sendable {
    let id: ConstraintID
    let kindMask: UInt64
    let evaluate: @Sendable (Timeline) -> Int64

    init<C: PersonConstraint>(_ constraint: C, kinds: [Int32]) {
        id = C.id
        kindMask = kinds.reduce(0) { $0 | 1 &<< UInt64($1 & 63) }
        evaluate = { constraint.magnitude($0) }
    }
}
