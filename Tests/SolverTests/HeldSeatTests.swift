import Scheduling
@testable import Solver
import Testing

/// One timeline per person: seats another unit's schedule staffs are fixed, take none of this problem's answer,
/// and their people are busy then and carry the load.
@Suite struct HeldSeatTests {
    static let configuration = SolverConfiguration(termination: Termination(maxEvaluations: 20_000), workers: 1, seed: 2)

    static func solve(_ problem: Problem) throws -> Schedule {
        try TandemSolver.solve(problem, configuration: configuration)
    }

    @Test func aPersonBusyAtAnotherUnitIsNotGivenAnOverlappingSeat() throws {
        // "street-visit" is the street's task, here only for its held seat: p1 is there at 09:00–11:00.
        let tasks = [Fixture.task("ours", day: 0, "10:00", "12:00"), Fixture.task("street-visit", day: 0, "09:00", "11:00")]
        var problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2")], tasks: tasks)
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: "street-visit", seat: 0), person: "p1", unit: "street")]
        let schedule = try Self.solve(problem)
        #expect(schedule.assignments == [Assignment(task: "ours", seat: 0, person: "p2")])
        #expect(schedule.unfilled.isEmpty)
        #expect(schedule.explanations.map(\.task) == ["ours"])
        #expect(schedule.score.hard == 0)
    }

    @Test func aSeatHeldByNobodyOfOursIsLeftOutAndCostsNothing() throws {
        let tasks = [Fixture.task("shared", day: 0, "09:00", "11:00", seats: [SeatRequirement(count: 2)])]
        var problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2")], tasks: tasks)
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: "shared", seat: 0), person: "street-worker", unit: "street")]
        let schedule = try Self.solve(problem)
        #expect(schedule.assignments.map(\.seatRef) == [SeatRef(task: "shared", seat: 1)])
        #expect(schedule.unfilled.isEmpty)
        #expect(!schedule.explanations.contains { $0.seat == 0 })
    }

    @Test func everySeatOfAHeldTaskIsLeftAloneThoughOnlyOneIsOurs() throws {
        // The street's two-seat task is here for p1's seat; its other seat (empty there) is not ours to fill.
        let tasks = [Fixture.task("street-visit", day: 0, "09:00", "11:00", seats: [SeatRequirement(count: 2)])]
        var problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2")], tasks: tasks)
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: "street-visit", seat: 0), person: "p1", unit: "street"),
                             HeldSeat(seat: SeatRef(task: "street-visit", seat: 5), person: "p2", unit: "street")]
        problem.heldTasks = ["street-visit"]
        let schedule = try Self.solve(problem)
        #expect(schedule.assignments.isEmpty && schedule.unfilled.isEmpty && schedule.explanations.isEmpty)
        // A seat the other unit's data no longer has is a warning, not a failure.
        #expect(schedule.warnings.contains { $0.field == "heldSeats[1].seat" })
    }

    @Test func heldDaysCountTowardConsecutiveDays() throws {
        // p1 works Monday to Wednesday at the street; at most 3 days in a row: Thursday goes to p2.
        var tasks = (0..<3).map { Fixture.task("street-\($0)", day: $0, "09:00", "11:00") }
        tasks.append(Fixture.task("thursday", day: 3, "09:00", "11:00"))
        var people = [Fixture.person("p1"), Fixture.person("p2")]
        people[1].preferences.dislikedKinds = ["visit"]  // p2 is the second choice
        var rules = Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0])
        rules.labour["default"] = LabourRules(maxConsecutiveDays: 3)
        var problem = Fixture.problem(people: people, tasks: tasks, rules: rules)
        problem.heldSeats = (0..<3).map { HeldSeat(seat: SeatRef(task: "street-\($0)", seat: 0), person: "p1", unit: "street") }
        #expect(try Self.solve(problem).assignments == [Assignment(task: "thursday", seat: 0, person: "p2")])
        problem.heldSeats.removeAll()
        problem.tasks.removeAll { $0.id.hasPrefix("street-") }
        #expect(try Self.solve(problem).assignments == [Assignment(task: "thursday", seat: 0, person: "p1")])
    }

    @Test func aReplanKeepsHeldSeatsAsTheyAre() throws {
        let tasks = [Fixture.task("ours", day: 0, "10:00", "12:00"), Fixture.task("street-visit", day: 0, "09:00", "11:00")]
        var problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2")], tasks: tasks)
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: "street-visit", seat: 0), person: "p1", unit: "street")]
        let base = try SolverModel.build(problem)
        let refusal = Assignment(task: "ours", seat: 0, person: "p2")
        let outcome = try #require(Replanner.replan(base: base, currentSchedule: [], pins: [], refusals: [refusal],
                                                    configuration: Self.configuration, causes: [refusal.seatRef]))
        // p2 declined and p1 is busy at the street: the seat stays empty, and the held seat is no change.
        #expect(outcome.schedule.assignments.isEmpty)
        #expect(outcome.schedule.unfilled == [SeatRef(task: "ours", seat: 0)])
        #expect(outcome.changedSeats.isEmpty)
        #expect(outcome.schedule.score.hard == 0)
    }

    @Test func fairnessWeighsTheLastFourWeeks() throws {
        // Two people alike but for p1's 40 hours over the last four weeks: this week's seat goes to p2.
        let tasks = [Fixture.task("ours", day: 0, "09:00", "11:00")]
        var problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2")], tasks: tasks,
                                      rules: Rules(weights: ["travel": 0, "homeDistance": 0]))
        problem.history = (1...4).map { week in
            PastAssignment(person: "p1", start: Fixture.at(-7 * week, "08:00"), end: Fixture.at(-7 * week, "18:00"))
        }
        #expect(problem.pastWeeklyMinutes == ["p1": 600])
        #expect(try Self.solve(problem).assignments == [Assignment(task: "ours", seat: 0, person: "p2")])
        #expect(Fairness(pastWeeklyMinutes: 600).magnitude(Timeline(start: nil, count: 0)) == 0)
    }
}
