import Scheduling
import Testing

/// Rules come down the org tree: each unit's choices over its parent's, labour rules field by field.
@Suite struct UnitRulesTests {
    @Test func aChildsChoicesLieOverItsParentsFieldByField() {
        let street = UnitRules(weights: ["fairness": 2, "travel": 3], labour: ["default": LabourRules(minRestMinutes: 600, maxConsecutiveDays: 5, minGapMinutes: 30)],
                               travelSpeedKmh: 12, settings: ["maxStopsPerRound": 4])
        let community = UnitRules(weights: ["travel": 0], labour: ["default": LabourRules(maxConsecutiveDays: 3), "night": LabourRules(maxWeekends: 1)],
                                  maxDistanceFromHomeKm: 5)
        let rules = UnitRules.effective([nil, street, community])
        #expect(rules.weights == ["fairness": 2, "travel": 0])
        #expect(rules.labour["default"] == LabourRules(minRestMinutes: 600, maxConsecutiveDays: 3, minGapMinutes: 30))
        #expect(rules.labour["night"] == LabourRules(maxWeekends: 1))
        #expect(rules.travelSpeedKmh == 12 && rules.maxDistanceFromHomeKm == 5)
        #expect(rules.settings == ["maxStopsPerRound": 4])
        #expect(UnitRules.effective([nil, nil]) == Rules())
    }

    @Test func badValuesAreNamedByField() {
        let rules = UnitRules(weights: ["fairness": -1, "unknown": 1], levels: ["eligibility": .soft, "travel": .hard],
                              labour: ["bad group!": LabourRules(maxConsecutiveDays: 400)], travelSpeedKmh: 0,
                              settings: ["ok": 100_001])
        let fields = rules.validate(constraints: ["fairness", "travel", "eligibility"]).map(\.field)
        #expect(fields == ["weights.fairness", "weights.unknown", "levels.eligibility", "labour.bad group!",
                           "labour.bad group!.maxConsecutiveDays", "travelSpeedKmh", "settings.ok"])
        #expect(UnitRules(labour: ["default": LabourRules(maxConsecutiveDays: 3)]).validate(constraints: []).isEmpty)
    }
}
