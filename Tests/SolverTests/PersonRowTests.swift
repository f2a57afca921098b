import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Person row")
struct PersonRowTests {
    /// A hard unit outweighs any number of unfilled seats here.
    static let weigh: @Sendable (Score) -> Int64 = { s in s.hard &* 1_000_000_000_000 &+ s.medium &* 1_000_000 &+ s.soft }
    private let weigh = PersonRowTests.weigh

    /// Small rosters with every rule the row move models, drawn at random: from a random start, the move leaves the
    /// person on a row exactly as good as the best that trying every row (every free seat on every day) finds.
    @Test(arguments: Array(1...40) as [UInt64]) func findsTheRowThatTryingEveryRowFinds(seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        let model = try SolverModel.build(Self.roster(&rng))
        for _ in 0..<4 {
            let director = ScoreDirector(model: model, initial: Self.start(model, &rng))
            let person = Int32(rng.below(model.personCount))
            let best = bestRowDelta(director, person)
            let before = weigh(director.score)
            let row = PersonRow(director: director)
            let changed = row.run(person: person, fitness: weigh)
            // With no row that keeps their rules, the move leaves the person as they are.
            #expect(weigh(director.score) - before == min(0, best ?? 0), "seed \(seed), person \(person)")
            #expect(changed || (best ?? 0) >= 0)
            #expect(director.score == director.fullScore())
        }
    }

    /// The window move (what long horizons use): from a start where the person keeps their rules, it leaves them
    /// on the best row that changes only the window's days, as trying every such row finds; from any start it is
    /// never worse and the director's score stays true.
    @Test func windowFindsTheBestRowOverItsDays() throws {
        var compared = 0
        for seed in 1...40 as ClosedRange<UInt64> {
            var rng = RandomSource(seed: seed &+ 100)
            let model = try SolverModel.build(Self.roster(&rng, days: 14))
            for _ in 0..<12 {
                let director = ScoreDirector(model: model, initial: Self.start(model, &rng))
                let person = Int32(rng.below(model.personCount))
                let row = PersonRow(director: director)
                let from = rng.below(10), length = 2 + rng.below(4)
                let days = row.aligned(from..<min(14, from + length))
                let keeps = director.personScores[Int(person)].hard == 0
                let best = bestRowDelta(director, person, within: days)
                let before = weigh(director.score)
                _ = row.runWindow(person: person, from: from, days: length, fitness: weigh)
                let delta = weigh(director.score) - before
                #expect(delta <= 0)
                if keeps {
                    compared += 1
                    #expect(delta == min(0, best ?? 0), "seed \(seed), person \(person), days \(days)")
                }
                #expect(director.score == director.fullScore())
            }
        }
        #expect(compared >= 30, "too few starts kept the person's rules to compare against")
    }

    /// On a generated week, where people hold several tasks a day, no one has a row shape and the move stays out.
    @Test func leavesPeopleWithSeveralTasksADayAlone() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 6, people: 30, seats: 120))
        #expect(PersonRow(director: ScoreDirector(model: model)).isEmpty)
    }

    /// The search with rows (and rebuilds) on from the first evaluation repeats exactly for one worker and a seed, and its score is
    /// the schedule's real score.
    @Test func searchWithRowsRepeatsAndReportsTheTrueScore() throws {
        var rng = RandomSource(seed: 11)
        let model = try SolverModel.build(Self.roster(&rng, people: 6, days: 14))
        var search = SearchSettings()
        search.personRowShare = 0.5
        search.rowRebuildShare = 0.5
        Fixture.expectRepeatableSearch(model, search, evaluations: 100_000)
    }

    /// The best fitness delta over every row of `person` (each day off or any seat that is free or theirs) that
    /// keeps all their hard rules; nil when no row does.
    private func bestRowDelta(_ director: ScoreDirector, _ person: Int32, within days: Range<Int>? = nil) -> Int64? {
        let model = director.model
        let slots = (Int(model.personSlotOffsets[Int(person)])..<Int(model.personSlotOffsets[Int(person) + 1])).map { Int(model.personSlots[$0]) }
        var held = [Int](repeating: -1, count: model.horizonDays)
        var options = [[Int]](repeating: [-1], count: model.horizonDays)
        for s in slots {
            let day = Int(model.facts[s].day), occupant = director.person(in: s)
            if occupant == person { held[day] = s }
            if occupant == person || occupant < 0 && model.pinnedPerson[s] < 0 { options[day].append(s) }
        }
        for d in 0..<model.horizonDays where held[d] >= 0 && model.pinnedPerson[held[d]] >= 0 || days?.contains(d) == false {
            options[d] = [held[d]]
        }
        var digits = [Int](repeating: 0, count: model.horizonDays)
        var best: Int64? = nil
        while true {
            for d in 0..<digits.count where options[d][digits[d]] != held[d] {
                if held[d] >= 0 { _ = director.stage(slot: held[d], person: -1) }
                if options[d][digits[d]] >= 0 { _ = director.stage(slot: options[d][digits[d]], person: person) }
            }
            let delta = weigh(director.evaluateStaged())
            if delta < best ?? .max && personRulesHold(model, person, row: (0..<digits.count).map { options[$0][digits[$0]] }) {
                best = delta
            }
            director.discardStaged()
            var d = 0
            while d < digits.count {
                digits[d] += 1
                if digits[d] < options[d].count { break }
                digits[d] = 0
                d += 1
            }
            if d == digits.count { return best }
        }
    }

    /// True when the row (a seat or -1 per day) breaks none of the person's hard rules.
    private func personRulesHold(_ model: SolverModel, _ person: Int32, row: [Int]) -> Bool {
        let facts = row.filter { $0 >= 0 }.map { model.facts[$0] }
        return facts.withUnsafeBufferPointer { timeline in
            model.personRules[Int(person)].allSatisfy { $0.weighting.level != .hard || $0.rule.magnitude(timeline) == 0 }
        }
    }

    /// Early (8 h, one seat) and late (6 h, one seat and one optional) tasks every day; people with one task a day,
    /// random labour rules and wishes, and in half the rosters two pins. A late may not be followed by an early.
    static func roster(_ rng: inout RandomSource, people: Int = 4, days: Int = 7) -> Problem {
        var tasks: [ServiceTask] = []
        for d in 0..<days {
            tasks.append(Fixture.task("E\(d)", day: d, "08:00", "16:00", kind: "E"))
            tasks.append(Fixture.task("L\(d)", day: d, "15:00", "21:00", kind: "L",
                                      seats: [SeatRequirement(), SeatRequirement(optional: true, fillCost: 1)]))
        }
        var rules = Rules(weights: ["fairness": rng.below(2), "travel": 0, "homeDistance": 0, "request": 1, "optionalSeat": 1])
        let crew = (0..<people).map { i -> Person in
            var p = Fixture.person("P\(i)", group: "P\(i)")
            p.maxTasksPerDay = 1
            p.preferences.requests = (0..<3).map { _ in
                ShiftRequest(date: Fixture.monday.adding(days: rng.below(days)), kind: ["E", "L", nil][rng.below(3)],  // nil: the day itself
                             wanted: rng.chance(1, in: 2), weight: 1 + rng.below(4))
            }
            rules.labour[p.id] = LabourRules(
                maxConsecutiveDays: rng.chance(2, in: 3) ? 2 + rng.below(3) : nil,
                minConsecutiveDays: rng.chance(1, in: 2) ? 2 : nil,
                minConsecutiveDaysOff: rng.chance(1, in: 2) ? 2 : nil,
                maxWeekends: rng.chance(1, in: 2) ? rng.below(2) : nil,
                minTotalMinutes: rng.chance(1, in: 2) ? 360 * (1 + rng.below(3)) : nil,
                maxTotalMinutes: rng.chance(1, in: 2) ? 480 * (3 + rng.below(2)) : nil,
                maxTasksOfKind: rng.chance(1, in: 2) ? ["L": 1 + rng.below(2)] : [:],
                forbiddenSuccessions: rng.chance(2, in: 3) ? [Succession(first: "L", then: "E")] : [])
            return p
        }
        var problem = Fixture.problem(people: crew, tasks: tasks, days: days, rules: rules)
        if rng.chance(1, in: 2) {
            // P0 pinned to an optional seat (a required one of the same task is cheaper, but the pin holds).
            problem.pins = [Assignment(task: "L\(rng.below(days))", seat: 1, person: "P0"),
                            Assignment(task: "E\(rng.below(days))", seat: 0, person: "P1")]
        }
        return problem
    }

    /// The pins, then each other seat filled by a random candidate half the time, at most one seat a day per person.
    static func start(_ model: SolverModel, _ rng: inout RandomSource) -> [Int32] {
        var start = [Int32](repeating: -1, count: model.slotCount)
        var busy = Set<[Int32]>()
        for s in 0..<model.slotCount where model.pinnedPerson[s] >= 0 {
            start[s] = model.pinnedPerson[s]
            busy.insert([start[s], model.facts[s].day])
        }
        for s in 0..<model.slotCount where start[s] < 0 && rng.chance(1, in: 2) {
            let range = model.candidates(of: s)
            guard !range.isEmpty else { continue }
            let p = model.candidatePersons[range.lowerBound + rng.below(range.count)]
            if busy.insert([p, model.facts[s].day]).inserted { start[s] = p }
        }
        return start
    }
}
