import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Person window")
struct PersonWindowTests {
    private let weigh = { (s: Score) -> Int64 in s.hard &* 1_000_000_000 &+ s.medium &* 1_000_000 &+ s.soft }

    /// A volunteer works Tuesday and Wednesday but asked for Friday and Saturday. Moving one day at a time breaks a
    /// rule on the way (a third day is over the hours; a lone day is under the run of two), so only a move that
    /// slides the whole run reaches the wish. The window finds it in one step.
    @Test func slidesARunThatSingleChangesCannotMove() throws {
        var a = Fixture.person("A", group: "A")
        a.preferences.requests = [4, 5].map { ShiftRequest(date: Fixture.monday.adding(days: $0), kind: "visit", wanted: true, weight: 5) }
        let tasks = (0..<7).map { Fixture.task("t\($0)", day: $0, "08:00", "16:00") }
        var rules = Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0, "request": 1])
        rules.labour["A"] = LabourRules(minConsecutiveDays: 2, maxTotalMinutes: 2 * 480)
        let model = try SolverModel.build(Fixture.problem(people: [a], tasks: tasks, rules: rules))
        var start = [Int32](repeating: -1, count: model.slotCount)
        start[1] = 0
        start[2] = 0
        let director = ScoreDirector(model: model, initial: start)
        #expect(director.score.hard == 0)
        let before = director.score

        let window = PersonWindow(director: director)
        #expect(window.run(person: 0, from: 0, fitness: weigh))
        #expect(director.assignment == [-1, -1, -1, -1, 0, 0, -1])
        #expect(director.score.hard == 0)
        #expect(director.score.soft == before.soft - 10)
        #expect(director.score == director.fullScore())
    }

    /// From a poor start on a generated week: windows never leave the score worse, keep the incremental score equal
    /// to a full recompute, and improve it.
    @Test func neverWorsensAndKeepsTheScoreExact() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 6, people: 30, seats: 120))
        var rng = RandomSource(seed: 3)
        var start = [Int32](repeating: -1, count: model.slotCount)
        for s in 0..<model.slotCount where !model.candidates(of: s).isEmpty && rng.chance(1, in: 2) {
            let range = model.candidates(of: s)
            start[s] = model.candidatePersons[range.lowerBound + rng.below(range.count)]
        }
        let director = ScoreDirector(model: model, initial: start)
        let window = PersonWindow(director: director)
        let first = director.score
        var improved = 0
        for _ in 0..<300 {
            let before = director.score
            if window.run(&rng, fitness: weigh), director.score < before { improved += 1 }
            #expect(weigh(director.score) <= weigh(before))
            #expect(director.score == director.fullScore())
        }
        #expect(improved > 0)
        #expect(director.score < first)
    }

    /// In the search (with every large move on from the first evaluation) one worker and a seed still repeat
    /// exactly, and the reported score is the schedule's real score.
    @Test func searchWithWindowsRepeatsAndReportsTheTrueScore() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 5, people: 40, seats: 160))
        var search = SearchSettings()
        search.personWindowShare = 0.2
        #expect(Fixture.expectRepeatableSearch(model, search, evaluations: 200_000).hard == 0)
    }
}
