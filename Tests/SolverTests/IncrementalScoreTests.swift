import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Incremental scoring")
struct IncrementalScoreTests {
    /// Thousands of random moves of every kind: after each committed one, the cached score equals a full
    /// recompute, and every evaluated delta equals the difference of full scores.
    @Test(arguments: [UInt64(3), 11])
    func incrementalScoreMatchesFullRecompute(seed: UInt64) throws {
        var problem = WeekGenerator.week(seed: seed, people: 40, seats: 160)
        problem.rules.labour["default"] = LabourRules(minRestMinutes: 600, maxConsecutiveDays: 3, minConsecutiveDays: 2,
                                                      minConsecutiveDaysOff: 2, maxWeekends: 1, minTotalMinutes: 120,
                                                      maxTotalMinutes: 900, maxTasksOfKind: ["mealDelivery": 3],
                                                      forbiddenSuccessions: [Succession(first: "tutoring", then: "stationShift")])
        problem.pins = [Assignment(task: problem.tasks[0].id, seat: 0, person: problem.people[1].id)]
        let model = try SolverModel.build(problem)
        let check = IncrementalCheck.run(model: model, seed: seed, steps: 3000)
        #expect(check.firstMismatch == nil)
        #expect(check.committed > 1000)
    }
}
