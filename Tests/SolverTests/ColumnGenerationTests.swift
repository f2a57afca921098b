import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Column generation")
struct ColumnGenerationTests {
    /// Three tasks needing one person each, three people who could each cover two of them (or nothing): any
    /// choice of rows leaves a task empty or one twice covered (over-cover 50), but half of every pair covers each
    /// task exactly once, so the relaxation is worth 0 with every pair at one half.
    @Test func masterFindsTheFractionalOptimumOfAnOddCycle() {
        var rng = RandomSource(seed: 3)
        let lp = CoverLP(required: [1, 1, 1], underCost: [100, 100, 100], overCost: [50, 50, 50], personCount: 3, rng: &rng)
        let empty = (0..<3).map { lp.addColumn(person: Int32($0), tasks: [], cost: 0) }
        let pairs = [[0, 1], [1, 2], [0, 2]].enumerated().map { lp.addColumn(person: Int32($0.offset), tasks: $0.element.map(Int32.init), cost: 0) }
        lp.start(chosen: empty)
        #expect(lp.solve(maxPivots: 1000))
        #expect(abs(lp.objective) < 0.01)
        #expect(abs(lp.dualBound) < 1e-6)
        for j in pairs { #expect(abs(lp.value(ofColumn: j) - 0.5) < 1e-4) }
    }

    /// With a cheap cover for everything the relaxation is integral: the master picks it.
    @Test func masterPicksTheIntegralOptimumWhenThereIsOne() {
        var rng = RandomSource(seed: 4)
        let lp = CoverLP(required: [1, 1], underCost: [100, 100], overCost: [1, 1], personCount: 2, rng: &rng)
        let starts = (0..<2).map { lp.addColumn(person: Int32($0), tasks: [], cost: 0) }
        let a = lp.addColumn(person: 0, tasks: [0], cost: 3)
        let b = lp.addColumn(person: 1, tasks: [1], cost: 5)
        _ = lp.addColumn(person: 1, tasks: [0, 1], cost: 20)
        lp.start(chosen: starts)
        #expect(lp.solve(maxPivots: 1000))
        #expect(abs(lp.objective - 8) < 0.01)
        // The requirements carry a tiny random excess against degeneracy: shares are exact up to it.
        #expect(abs(lp.value(ofColumn: a) - 1) < 1e-4)
        #expect(abs(lp.value(ofColumn: b) - 1) < 1e-4)
        #expect(abs(lp.dualBound - 8) < 1e-6)
    }

    /// On random small rosters, the bound column generation reaches (pricing rows by the row programme) equals the
    /// relaxation over every row of every person that keeps their rules, enumerated by brute force; the dive's
    /// schedule keeps every hard rule and costs no less than the bound.
    @Test(arguments: Array(1...12) as [UInt64]) func boundEqualsTheRelaxationOverEveryRow(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        var problem = PersonRowTests.roster(&rng)
        problem.pins = []
        let model = try SolverModel.build(problem)
        let director = ScoreDirector(model: model)
        let generation = try ColumnGeneration(director: director, threads: 2, seed: seed)
        let outcome = generation.run(until: 30, stopwatch: Stopwatch())
        let bound = try #require(outcome.lowerBound)
        #expect(outcome.complete)

        var enumerationRng = RandomSource(seed: seed)
        let split = generation.split
        let full = CoverLP(required: split.required, underCost: split.underCost, overCost: split.overCost,
                           personCount: model.personCount, rng: &enumerationRng)
        let pricer = PersonRow(director: director)
        var starts: [Int] = []
        for p in 0..<Int32(model.personCount) {
            starts.append(full.addColumn(person: p, tasks: [], cost: split.barred))
            let rows = everyRow(model, offers: split.offers[Int(p)]).filter { rulesHold(model, p, $0, split.offers[Int(p)]) }
            guard !rows.isEmpty else { return }  // nobody can keep this person's rules: nothing to compare
            for row in rows {
                let cost = pricer.rowCost(of: p, tasks: row, offers: split.offers[Int(p)], unoffered: 0, fitness: CoverSplit.fitness)
                _ = full.addColumn(person: p, tasks: row.filter { $0 >= 0 }, cost: cost)
            }
        }
        full.start(chosen: starts)
        #expect(full.solve(maxPivots: 1_000_000))
        // Costs are whole numbers; the bounds differ only by the perturbation's share in different optimal duals.
        #expect(abs(full.dualBound - bound) <= 0.01 + 1e-9 * abs(bound), "seed \(seed): generated \(bound), every row \(full.dualBound)")

        let schedule = ScoreDirector(model: model, initial: outcome.assignment)
        #expect(schedule.score.hard == 0)
        #expect(Double(CoverSplit.fitness(schedule.score)) >= bound - 1e-3)
    }

    /// Pins, group rules, and rules the row programme does not model are outside what the split holds: no column
    /// generation, and the solve's statistics say why, in both languages.
    @Test func staysOutOfModelsThatDoNotSplitAndSaysWhy() throws {
        var rng = RandomSource(seed: 5)
        var pinned = PersonRowTests.roster(&rng)
        pinned.pins = [Assignment(task: "E0", seat: 0, person: "P1")]
        #expect(obstacle(try SolverModel.build(pinned))?.words.en == "some seats are pinned")
        let week = try SolverModel.build(WeekGenerator.week(seed: 6, people: 30, seats: 120))
        #expect(obstacle(week)?.words.en.hasPrefix("the model has group rules") == true)
        var rested = PersonRowTests.roster(&rng)
        rested.rules.labour["P2", default: LabourRules()].minRestMinutes = 660
        let restModel = try SolverModel.build(rested)
        let why = try #require(obstacle(restModel))
        #expect(why.words.en == "P2's rule minRest is outside what the row programme models")
        #expect(why.words.zh.contains("minRest"))
        let schedule = TandemSolver.solve(model: restModel, configuration: SolverConfiguration(termination: Termination(seconds: 0.2), workers: 1))
        #expect(schedule.statistics?.skippedPhases == [SkippedPhase(phase: "columnGeneration", reason: why.words)])
    }

    private func obstacle(_ model: SolverModel) -> SplitObstacle? {
        do {
            _ = try ColumnGeneration(director: ScoreDirector(model: model), threads: 1, seed: 1)
            return nil
        } catch {
            return error
        }
    }

    /// Every row of days, each off or one of the tasks offered that day, as the task per day.
    private func everyRow(_ model: SolverModel, offers: [RowOffer]) -> [[Int32]] {
        var rows: [[Int32]] = [[]]
        for d in 0..<Int32(model.horizonDays) {
            let choices = [-1] + offers.filter { $0.day == d }.map(\.task)
            rows = rows.flatMap { row in choices.map { row + [$0] } }
        }
        return rows
    }

    private func rulesHold(_ model: SolverModel, _ person: Int32, _ row: [Int32], _ offers: [RowOffer]) -> Bool {
        let facts = row.compactMap { t in offers.first { $0.task == t }.map { model.facts[Int($0.slot)] } }
        return facts.withUnsafeBufferPointer { timeline in
            model.personRules[Int(person)].allSatisfy { $0.weighting.level != .hard || $0.rule.magnitude(timeline) == 0 }
        }
    }
}
