import Scheduling
import Testing
@testable import Solver

@Suite("Relaxed person row")
struct PersonRowRelaxedTests {
    private let weigh = PersonRowTests.weigh

    /// Fourteen-week rosters whose people are near their least total all the time, from random starts that break
    /// their rules: the relaxed row (totals, weekends and kind counts priced, not counted) mends a person whenever
    /// it changes them, which the director's own rules confirm; it never makes the schedule worse; the director's
    /// score stays true; and it mends at least three quarters of the broken people.
    @Test func mendsLongTightRowsAndNeverMakesThemWorse() throws {
        var broken = 0, mended = 0
        for seed in 1...12 as ClosedRange<UInt64> {
            var rng = RandomSource(seed: seed &+ 500)
            let model = try SolverModel.build(Self.longRoster(&rng))
            let director = ScoreDirector(model: model, initial: PersonRowTests.start(model, &rng))
            let row = PersonRow(director: director)
            #expect(model.horizonDays > PersonRow.wholeRowDays)
            for p in 0..<Int32(model.personCount) where director.personScores[Int(p)].hard > 0 {
                broken += 1
                let before = weigh(director.score)
                let changed = row.runRelaxed(person: p, fitness: weigh)
                #expect(weigh(director.score) <= before, "seed \(seed), person \(p)")
                if changed {
                    #expect(director.personScores[Int(p)].hard == 0, "seed \(seed), person \(p): changed but not mended")
                    mended += 1
                }
                #expect(director.score == director.fullScore())
            }
        }
        #expect(broken >= 40, "too few broken people to judge the move")
        #expect(mended * 4 >= broken * 3, "mended \(mended) of \(broken)")
    }

    /// A required seat and two optional ones: room for everyone on any day, so every person's row can be mended.
    private static let seats = [SeatRequirement(), SeatRequirement(count: 2, optional: true, fillCost: 1)]

    /// 98 days of early and late tasks (`seats`); six people with one task a day, runs of 2–3
    /// to 4–5 days, 2–3 days off at least, at most 8 or 9 weekends, at least about 60% of the days worked and a cap
    /// on lates; a late may not be followed by an early.
    static func longRoster(_ rng: inout RandomSource) -> Problem {
        let days = 98
        var tasks: [ServiceTask] = []
        for d in 0..<days {
            tasks.append(Fixture.task("E\(d)", day: d, "08:00", "16:00", kind: "E",
                                      seats: Self.seats))
            tasks.append(Fixture.task("L\(d)", day: d, "14:00", "22:00", kind: "L",
                                      seats: Self.seats))
        }
        var rules = Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0, "request": 1, "optionalSeat": 1])
        let crew = (0..<6).map { i -> Person in
            var p = Fixture.person("P\(i)", group: "P\(i)")
            p.maxTasksPerDay = 1
            let maxRun = 4 + rng.below(2), minOff = 2 + rng.below(2)
            // About as dense as the runs and breaks allow, less a little: a tight total.
            let least = days * maxRun / (maxRun + minOff) - 4 - rng.below(4)
            rules.labour[p.id] = LabourRules(
                maxConsecutiveDays: maxRun,
                minConsecutiveDays: 2 + rng.below(2),
                minConsecutiveDaysOff: minOff,
                maxWeekends: 8 + rng.below(2),
                minTotalMinutes: 480 * least,
                maxTotalMinutes: 480 * (least + 6),
                maxTasksOfKind: ["L": 20 + rng.below(10)],
                forbiddenSuccessions: [Succession(first: "L", then: "E")])
            return p
        }
        return Fixture.problem(people: crew, tasks: tasks, days: days, rules: rules)
    }
}
