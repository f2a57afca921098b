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
        let director = ScoreDirector(model: model, initial: nil)
        let moves = Neighbourhood(director: director)
        var rng = RandomSource(seed: seed)
        var committed = 0
        for step in 0..<3000 {
            let kind = MoveKind.allCases[step % MoveKind.allCases.count]
            guard moves.stage(kind, &rng) else { continue }
            let before = director.score
            let delta = director.evaluateStaged()
            if step % 3 == 2 {
                director.discardStaged()
                #expect(director.score == before)
                continue
            }
            director.commitStaged()
            committed += 1
            let full = director.fullScore()
            #expect(director.score == full, "after \(kind) at step \(step)")
            #expect(before + delta == full)
            if director.score != full { return }
        }
        #expect(committed > 1000)
        #expect(ScoreBreakdown.total(ScoreBreakdown.shares(model: model, assignment: director.assignment)) == director.score)
    }
}
