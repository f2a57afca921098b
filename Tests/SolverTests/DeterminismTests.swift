import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Determinism and search")
struct DeterminismTests {
    private func solve(seed: UInt64, strategy: SearchStrategy) throws -> Schedule {
        let problem = WeekGenerator.week(seed: 5, people: 60, seats: 220)
        let configuration = SolverConfiguration(termination: Termination(maxEvaluations: 60_000), workers: 1, seed: seed,
                                                search: SearchSettings(strategy: strategy))
        return try TandemSolver.solve(problem, configuration: configuration)
    }

    @Test(arguments: SearchStrategy.allCases)
    func oneWorkerAndASeedGiveTheSameSchedule(strategy: SearchStrategy) throws {
        let a = try solve(seed: 42, strategy: strategy), b = try solve(seed: 42, strategy: strategy)
        #expect(a.assignments == b.assignments)
        #expect(a.score == b.score)
    }

    /// Construction keeps to its budget: out of time, it leaves the seats it has not reached for the search. Without
    /// a time limit, or with an evaluation limit (a repeatable solve), it has none.
    @Test func constructionStopsAtItsBudget() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 9, people: 80, seats: 900))
        let whole = ScoreDirector(model: model, initial: nil), cut = ScoreDirector(model: model, initial: nil)
        var rng = RandomSource(seed: 1)
        Construction.run(whole, rng: &rng)
        rng = RandomSource(seed: 1)
        Construction.run(cut, rng: &rng, seconds: 0)
        let filled = { (d: ScoreDirector) in (0..<model.slotCount).filter { d.person(in: $0) >= 0 }.count }
        #expect(filled(cut) > 0 && filled(cut) < filled(whole))
        #expect(Construction.budget(Termination(seconds: 60)) == 3)
        #expect(Construction.budget(Termination(seconds: 10)) == 2)
        #expect(Construction.budget(Termination(seconds: 60, maxEvaluations: 1000)) == nil)
        #expect(Construction.budget(Termination()) == nil)
    }

    @Test func searchImprovesOnConstructionAndStaysFeasible() throws {
        let problem = WeekGenerator.week(seed: 9, people: 80, seats: 300)
        let model = try SolverModel.build(problem)
        let constructed = ScoreDirector(model: model, initial: nil)
        var rng = RandomSource(seed: 1)
        Construction.run(constructed, rng: &rng)
        let outcome = Portfolio.solve(model: model, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 300_000), workers: 1))
        #expect(constructed.score.hard == 0)
        #expect(outcome.score.hard == 0)
        #expect(outcome.score < constructed.score)
        #expect(ScoreDirector(model: model, initial: outcome.assignment).score == outcome.score)
    }

    /// Unfilled seats set annealing's starting temperature; without a last phase cooled on the soft level's own
    /// scale, wishes, distances and fairness stay a random walk to the end.
    @Test func annealingEndsByCoolingTheSoftLevel() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 7, people: 60, seats: 200))
        func solve(softCooling: Double) -> Score {
            var search = SearchSettings()
            search.softCoolingShare = softCooling
            return Portfolio.solve(model: model, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 400_000),
                                                                                  workers: 1, seed: 3, search: search)).score
        }
        let walked = solve(softCooling: 0), cooled = solve(softCooling: 0.15)
        #expect(cooled.hard == 0 && walked.hard == 0)
        #expect(cooled.medium <= walked.medium)
        #expect(Double(cooled.soft) < 0.9 * Double(walked.soft), "soft \(cooled.soft) against \(walked.soft) without the soft phase")
    }

    @Test func shareTotalsEqualTheScoreAndEverySeatIsExplained() throws {
        let schedule = try solve(seed: 3, strategy: .lateAcceptance)
        #expect(ScoreBreakdown.total(schedule.constraints) == schedule.score)
        let seats = schedule.assignments.count + schedule.unfilled.count
        #expect(schedule.explanations.count >= seats)
        for e in schedule.explanations {
            #expect(e.reasons.reduce(0) { $0 + $1.count } + (e.person == nil ? 0 : 1) == e.considered)
            #expect(!e.summary.en.isEmpty && !e.summary.zh.isEmpty)
        }
    }

    @Test func cancellationStopsASolveEarly() throws {
        let problem = WeekGenerator.week(seed: 2, people: 50, seats: 150)
        let cancellation = SolveCancellation()
        cancellation.cancel()
        let model = try SolverModel.build(problem)
        let outcome = Portfolio.solve(model: model, configuration: SolverConfiguration(termination: Termination(seconds: 30), workers: 2),
                                      cancellation: cancellation)
        #expect(outcome.seconds < 5)
        #expect(outcome.score.hard == 0)
    }
}
