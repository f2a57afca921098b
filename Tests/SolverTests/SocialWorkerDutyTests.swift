import Scheduling
import Testing
@testable import Solver

/// The Chengdu staffing standard, a core group rule: certified social workers on duty per unit and working day.
@Suite("Social workers on duty")
struct SocialWorkerDutyTests {
    func worker(_ id: String, certifiedUntil: Int = 30) -> Person {
        var p = Fixture.person(id, role: .socialWorker)
        p.credentials = [Credential(kind: "socialWorkerCertificate", level: 1, validFrom: Fixture.monday.adding(days: -30),
                                    validTo: Fixture.monday.adding(days: certifiedUntil))]
        return p
    }

    func visit(_ id: String, day: Int, unit: String, seats: Int = 1) -> ServiceTask {
        var t = Fixture.task(id, day: day, "09:00", "10:00", seats: [SeatRequirement(role: .socialWorker, count: seats)])
        t.orgUnit = unit
        return t
    }

    func problem(_ people: [Person], _ tasks: [ServiceTask], duty: [String: Int], days: Int = 1) -> Problem {
        Fixture.problem(people: people, tasks: tasks, days: days,
                        rules: Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0, "unfilledSeat": 0], socialWorkerDuty: duty))
    }

    @Test func aCommunityNeedsTwoCertifiedWorkersEachWorkingDay() throws {
        let people = [worker("a"), worker("b"), worker("lapsed", certifiedUntil: -1)]
        let tasks = [visit("v1", day: 0, unit: "jinhua"), visit("v2", day: 0, unit: "jinhua"), visit("v3", day: 0, unit: "jinhua")]
        let p = problem(people, tasks, duty: ["jinhua": 2])
        #expect(try Fixture.score(p, ["v1": ["a"], "v2": ["b"]]).1.penalty(.socialWorkerDuty) == 0)
        #expect(try Fixture.score(p, ["v1": ["a"], "v2": ["a"]]).1.penalty(.socialWorkerDuty) == 1_000)  // the same worker twice
        #expect(try Fixture.score(p, ["v1": ["a"], "v3": ["lapsed"]]).1.penalty(.socialWorkerDuty) == 1_000)  // not certified that day
        #expect(try Fixture.score(p, [:]).1.penalty(.socialWorkerDuty) == 2_000)
        #expect(try Fixture.score(p, [:]).0.medium == 2_000)
    }

    @Test func aStreetCentreNeedsOneAndWeekendsAndOtherUnitsAreFree() throws {
        let people = [worker("a"), worker("b")]
        let tasks = [visit("street", day: 0, unit: "centre"), visit("other", day: 0, unit: "yulin"), visit("sat", day: 5, unit: "centre")]
        let p = problem(people, tasks, duty: ["centre": 1], days: 7)
        // Monday to Friday count; Saturday does not. Tuesday to Friday have no seats at the centre: each misses 1.
        #expect(try Fixture.score(p, ["street": ["a"]]).1.penalty(.socialWorkerDuty) == 4_000)
        #expect(try Fixture.score(p, ["other": ["a"], "sat": ["b"]]).1.penalty(.socialWorkerDuty) == 5_000)
    }

    @Test func theSolverStaffsTheUnitFirst() throws {
        let people = [worker("a"), worker("b")]
        // One worker could take both visits; the rule asks for two different ones.
        var second = visit("v2", day: 0, unit: "jinhua")
        second.start = Fixture.at(0, "14:00")
        second.end = Fixture.at(0, "15:00")
        let p = problem(people, [visit("v1", day: 0, unit: "jinhua"), second], duty: ["jinhua": 2])
        let schedule = try TandemSolver.solve(p, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 20_000), workers: 1))
        #expect(Set(schedule.assignments.map(\.person)) == ["a", "b"])
        #expect(schedule.score == .zero)
    }
}
