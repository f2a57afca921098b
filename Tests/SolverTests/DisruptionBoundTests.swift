import Scheduling
@testable import Solver
import Testing

/// A re-plan answers its causes and nothing else, and moves at most `mostPeopleMoved` other people per cause.
@Suite struct DisruptionBoundTests {
    /// Four seats at the same hour, so each person holds one: the declined seat S (priority 5) only B can take;
    /// B's seat X only C can take besides B, C's seat Y only D, D's seat Z only E, who is free (X, Y, Z priority 3).
    /// Filling S by the whole chain (three changed seats) costs less than leaving X empty, and moves four people.
    static func chain() throws -> (model: SolverModel, current: [Assignment], refusal: Assignment) {
        func seat(_ skill: String) -> [SeatRequirement] { [SeatRequirement(skills: [skill])] }
        func person(_ id: String, _ skills: [String]) -> Person {
            var p = Fixture.person(id)
            p.skills = skills
            return p
        }
        let tasks = [Fixture.task("S", day: 0, "09:00", "11:00", seats: seat("s"), priority: 5),
                     Fixture.task("X", day: 0, "09:00", "11:00", seats: seat("x"), priority: 3),
                     Fixture.task("Y", day: 0, "09:00", "11:00", seats: seat("y"), priority: 3),
                     Fixture.task("Z", day: 0, "09:00", "11:00", seats: seat("z"), priority: 3),
                     // Empty before the decline, and F could fill it: a gain the decline did not ask for.
                     Fixture.task("W", day: 1, "09:00", "11:00", seats: seat("w"), priority: 5)]
        let people = [person("A", ["s"]), person("B", ["s", "x"]), person("C", ["x", "y"]), person("D", ["y", "z"]),
                      person("E", ["z"]), person("F", ["w"])]
        let model = try SolverModel.build(Fixture.problem(people: people, tasks: tasks))
        let current = [Assignment(task: "X", seat: 0, person: "B"), Assignment(task: "Y", seat: 0, person: "C"),
                       Assignment(task: "Z", seat: 0, person: "D")]
        return (model, current, Assignment(task: "S", seat: 0, person: "A"))
    }

    static let configuration = SolverConfiguration(termination: Termination(maxEvaluations: 20_000), workers: 1, seed: 1)

    static func placed(_ outcome: Replanner.Outcome) -> [String: String] {
        Dictionary(outcome.schedule.assignments.map { ($0.task, $0.person) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func unboundedTheSearchRunsTheWholeChainAndFillsTheOtherEmptySeat() throws {
        let (model, current, refusal) = try Self.chain()
        let outcome = try #require(Replanner.replan(base: model, currentSchedule: current, pins: [], refusals: [refusal],
                                                    configuration: Self.configuration))
        #expect(Self.placed(outcome) == ["S": "B", "X": "C", "Y": "D", "Z": "E", "W": "F"])
        #expect(outcome.otherPeopleMoved.count > Replanner.mostPeopleMoved)
    }

    @Test func boundedTheDeclinedSeatIsFilledByAShortChainAndNothingElseMoves() throws {
        let (model, current, refusal) = try Self.chain()
        let outcome = try #require(Replanner.replan(base: model, currentSchedule: current, pins: [], refusals: [refusal],
                                                    configuration: Self.configuration, causes: [refusal.seatRef]))
        // B moves to S and X stays empty: one other person moved, the rest of the week as it was.
        #expect(Self.placed(outcome) == ["S": "B", "Y": "C", "Z": "D"])
        #expect(outcome.otherPeopleMoved == ["B"])
        // The score given is the trimmed schedule's own.
        let replanning = try #require(model.replanning(currentSchedule: current, pins: [], refusals: [refusal], disruption: Replanner.disruption))
        let placed = Self.placed(outcome)
        let assignment = model.slotRefs.map { ref in Int32(model.problem.people.firstIndex { $0.id == placed[ref.task] } ?? -1) }
        #expect(outcome.schedule.score == ScoreDirector(model: replanning, initial: assignment).score)
        #expect(outcome.schedule.explanations.count == model.slotCount)
    }

    @Test func aBoundOfFourLetsTheWholeChainStandButNotTheUnaskedGain() throws {
        let (model, current, refusal) = try Self.chain()
        let outcome = try #require(Replanner.replan(base: model, currentSchedule: current, pins: [], refusals: [refusal],
                                                    configuration: Self.configuration, causes: [refusal.seatRef], mostMoved: 4))
        #expect(Self.placed(outcome) == ["S": "B", "X": "C", "Y": "D", "Z": "E"])
        #expect(outcome.otherPeopleMoved == ["B", "C", "D", "E"])
    }

    @Test func aChangeThatMendsAHardRuleIsKeptThoughNoCauseAskedForIt() throws {
        let (model, _, refusal) = try Self.chain()
        // B pinned on S while the schedule in force still has B on X at the same hour: B must leave X.
        let pin = Assignment(task: "S", seat: 0, person: "B")
        let current = [pin, Assignment(task: "X", seat: 0, person: "B"), Assignment(task: "Y", seat: 0, person: "C")]
        let outcome = try #require(Replanner.replan(base: model, currentSchedule: current, pins: [pin], refusals: [],
                                                    configuration: Self.configuration, causes: [refusal.seatRef]))
        #expect(outcome.schedule.score.hard == 0)
        #expect(Self.placed(outcome)["X"] != "B")
    }
}
