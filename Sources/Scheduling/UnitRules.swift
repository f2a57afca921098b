/// What one org unit sets of the rules. Anything it leaves out comes from the unit above, and the top of the tree
/// from the defaults (`Rules()`): a street's labour rules hold in its communities unless a community sets its own.
public struct UnitRules: Hashable, Codable, Sendable {
    /// Weight overrides by constraint id; a child's key replaces its parent's.
    public var weights: [String: Int]
    public var levels: [String: ScoreLevel]
    /// Labour rules by group, merged field by field down the tree.
    public var labour: [String: LabourRules]
    public var travelSpeedKmh: Double?
    public var maxDistanceFromHomeKm: Double?
    /// Plugin settings by name (each plugin documents its own).
    public var settings: [String: Int]

    public init(weights: [String: Int] = [:], levels: [String: ScoreLevel] = [:], labour: [String: LabourRules] = [:],
                travelSpeedKmh: Double? = nil, maxDistanceFromHomeKm: Double? = nil, settings: [String: Int] = [:]) {
        self.weights = weights
        self.levels = levels
        self.labour = labour
        self.travelSpeedKmh = travelSpeedKmh
        self.maxDistanceFromHomeKm = maxDistanceFromHomeKm
        self.settings = settings
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        weights = try c.decodeIfPresent([String: Int].self, forKey: .weights) ?? [:]
        levels = try c.decodeIfPresent([String: ScoreLevel].self, forKey: .levels) ?? [:]
        labour = try c.decodeIfPresent([String: LabourRules].self, forKey: .labour) ?? [:]
        travelSpeedKmh = try c.decodeIfPresent(Double.self, forKey: .travelSpeedKmh)
        maxDistanceFromHomeKm = try c.decodeIfPresent(Double.self, forKey: .maxDistanceFromHomeKm)
        settings = try c.decodeIfPresent([String: Int].self, forKey: .settings) ?? [:]
    }

    public var isEmpty: Bool { self == UnitRules() }

    /// `rules` with this unit's choices laid over it.
    public func applied(to rules: Rules) -> Rules {
        var out = rules
        out.weights.merge(weights) { _, mine in mine }
        out.levels.merge(levels) { _, mine in mine }
        for (group, mine) in labour { out.labour[group] = out.labour[group].map { mine.laid(over: $0) } ?? mine }
        if let travelSpeedKmh { out.travelSpeedKmh = travelSpeedKmh }
        if let maxDistanceFromHomeKm { out.maxDistanceFromHomeKm = maxDistanceFromHomeKm }
        out.settings.merge(settings) { _, mine in mine }
        return out
    }

    /// The rules in force at the last unit of `lineage` (top of the tree first).
    public static func effective(_ lineage: [UnitRules?], base: Rules = Rules()) -> Rules {
        lineage.reduce(base) { rules, unit in unit?.applied(to: rules) ?? rules }
    }
}

extension LabourRules {
    /// These rules where set, `parent`'s elsewhere.
    func laid(over parent: LabourRules) -> LabourRules {
        LabourRules(minRestMinutes: minRestMinutes ?? parent.minRestMinutes,
                    maxConsecutiveDays: maxConsecutiveDays ?? parent.maxConsecutiveDays,
                    minConsecutiveDays: minConsecutiveDays ?? parent.minConsecutiveDays,
                    minConsecutiveDaysOff: minConsecutiveDaysOff ?? parent.minConsecutiveDaysOff,
                    maxWeekends: maxWeekends ?? parent.maxWeekends, minTotalMinutes: minTotalMinutes ?? parent.minTotalMinutes,
                    maxTotalMinutes: maxTotalMinutes ?? parent.maxTotalMinutes,
                    maxTasksOfKind: parent.maxTasksOfKind.merging(maxTasksOfKind) { _, mine in mine },
                    forbiddenSuccessions: forbiddenSuccessions.isEmpty ? parent.forbiddenSuccessions : forbiddenSuccessions,
                    minGapMinutes: minGapMinutes ?? parent.minGapMinutes)
    }
}
