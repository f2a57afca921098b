/// A shift kind that may not be worked on the day after another one (a late shift then an early one).
public struct Succession: Hashable, Codable, Sendable {
    public var first: String
    public var then: String

    public init(first: String, then: String) {
        self.first = first
        self.then = then
    }
}

/// Labour rules for one group of people. Every field is optional; an absent field is no rule.
///
/// Edge rules follow the usual rostering convention: days before and after the horizon count as days off for
/// `maxConsecutiveDays`, while runs that touch the horizon's first or last day are exempt from the two minimum rules.
public struct LabourRules: Hashable, Codable, Sendable {
    /// Minimum minutes between the last task of one day and the first task of the next.
    public var minRestMinutes: Int?
    /// Minimum minutes between one task's end and the next one's start on the same day (a split shift's break).
    public var minGapMinutes: Int?
    public var maxConsecutiveDays: Int?
    public var minConsecutiveDays: Int?
    public var minConsecutiveDaysOff: Int?
    /// Weekends (Saturday or Sunday worked) over the horizon.
    public var maxWeekends: Int?
    public var minTotalMinutes: Int?
    public var maxTotalMinutes: Int?
    /// At most this many tasks of each kind over the horizon (0 forbids the kind).
    public var maxTasksOfKind: [String: Int]
    public var forbiddenSuccessions: [Succession]

    public init(minRestMinutes: Int? = nil, maxConsecutiveDays: Int? = nil, minConsecutiveDays: Int? = nil,
                minConsecutiveDaysOff: Int? = nil, maxWeekends: Int? = nil, minTotalMinutes: Int? = nil,
                maxTotalMinutes: Int? = nil, maxTasksOfKind: [String: Int] = [:], forbiddenSuccessions: [Succession] = [],
                minGapMinutes: Int? = nil) {
        self.minRestMinutes = minRestMinutes
        self.minGapMinutes = minGapMinutes
        self.maxConsecutiveDays = maxConsecutiveDays
        self.minConsecutiveDays = minConsecutiveDays
        self.minConsecutiveDaysOff = minConsecutiveDaysOff
        self.maxWeekends = maxWeekends
        self.minTotalMinutes = minTotalMinutes
        self.maxTotalMinutes = maxTotalMinutes
        self.maxTasksOfKind = maxTasksOfKind
        self.forbiddenSuccessions = forbiddenSuccessions
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minRestMinutes = try c.decodeIfPresent(Int.self, forKey: .minRestMinutes)
        minGapMinutes = try c.decodeIfPresent(Int.self, forKey: .minGapMinutes)
        maxConsecutiveDays = try c.decodeIfPresent(Int.self, forKey: .maxConsecutiveDays)
        minConsecutiveDays = try c.decodeIfPresent(Int.self, forKey: .minConsecutiveDays)
        minConsecutiveDaysOff = try c.decodeIfPresent(Int.self, forKey: .minConsecutiveDaysOff)
        maxWeekends = try c.decodeIfPresent(Int.self, forKey: .maxWeekends)
        minTotalMinutes = try c.decodeIfPresent(Int.self, forKey: .minTotalMinutes)
        maxTotalMinutes = try c.decodeIfPresent(Int.self, forKey: .maxTotalMinutes)
        maxTasksOfKind = try c.decodeIfPresent([String: Int].self, forKey: .maxTasksOfKind) ?? [:]
        forbiddenSuccessions = try c.decodeIfPresent([Succession].self, forKey: .forbiddenSuccessions) ?? []
    }
}

/// What a coordinator can tune: constraint weights and levels, labour rules per group, travel speed.
public struct Rules: Hashable, Codable, Sendable {
    /// Weight overrides by constraint id (see docs/problem-format.md for the ids and defaults).
    public var weights: [String: Int]
    /// Level overrides by constraint id, e.g. `{"unfilledSeat": "soft"}` to trade cover against preferences.
    public var levels: [String: ScoreLevel]
    /// Labour rules by group name; people without a `labourGroup` fall under `default`.
    public var labour: [String: LabourRules]
    /// Average travel speed between sites, for travel time (km/h).
    public var travelSpeedKmh: Double
    /// The radius beyond which a task is too far from a person's home (km); nil for no limit.
    public var maxDistanceFromHomeKm: Double?
    /// Certified social workers each org unit needs on duty every working day (Monday to Friday), by unit id:
    /// the Chengdu standard is 2 for a community station and 1 for a street centre.
    public var socialWorkerDuty: [String: Int]
    /// Numbers a plugin reads, by name (`maxStopsPerRound`, `stationMinRestMinutes`); each plugin documents its own.
    public var settings: [String: Int]

    public init(weights: [String: Int] = [:], levels: [String: ScoreLevel] = [:], labour: [String: LabourRules] = [:],
                travelSpeedKmh: Double = 15, maxDistanceFromHomeKm: Double? = nil, socialWorkerDuty: [String: Int] = [:],
                settings: [String: Int] = [:]) {
        self.weights = weights
        self.levels = levels
        self.labour = labour
        self.travelSpeedKmh = travelSpeedKmh
        self.maxDistanceFromHomeKm = maxDistanceFromHomeKm
        self.socialWorkerDuty = socialWorkerDuty
        self.settings = settings
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        weights = try c.decodeIfPresent([String: Int].self, forKey: .weights) ?? [:]
        levels = try c.decodeIfPresent([String: ScoreLevel].self, forKey: .levels) ?? [:]
        labour = try c.decodeIfPresent([String: LabourRules].self, forKey: .labour) ?? [:]
        travelSpeedKmh = try c.decodeIfPresent(Double.self, forKey: .travelSpeedKmh) ?? 15
        maxDistanceFromHomeKm = try c.decodeIfPresent(Double.self, forKey: .maxDistanceFromHomeKm)
        socialWorkerDuty = try c.decodeIfPresent([String: Int].self, forKey: .socialWorkerDuty) ?? [:]
        settings = try c.decodeIfPresent([String: Int].self, forKey: .settings) ?? [:]
    }

    public func labourRules(forGroup group: String?) -> LabourRules? {
        labour[group ?? "default"] ?? labour["default"]
    }
}
