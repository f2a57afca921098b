import Scheduling
import Testing
@testable import Solver

@Suite("Slot- and group-scope constraints")
struct SlotAndGroupConstraintTests {
    @Test func eligibilityFiltersRoleCredentialSkillLanguageAvailabilityAndBlockouts() throws {
        var certified = Fixture.person("sw", role: .socialWorker)
        certified.credentials = [Credential(kind: "socialWorkerCertificate", level: 2, validFrom: Fixture.monday, validTo: Fixture.monday.adding(days: 2))]
        var expired = Fixture.person("old", role: .socialWorker)
        expired.credentials = [Credential(kind: "socialWorkerCertificate", level: 2, validTo: Fixture.monday.adding(days: -1))]
        var tibetan = Fixture.person("bo")
        tibetan.languages = ["bo"]
        tibetan.skills = ["calligraphy"]
        var away = Fixture.person("away")
        away.blockouts = [Blockout(start: Fixture.at(0, "00:00"), end: Fixture.at(1, "00:00"))]
        var weekends = Fixture.person("wk")
        weekends.availability = [WeeklyWindow(days: [6, 7], start: LocalTime("08:00")!, end: LocalTime("20:00")!)]
        let e = Eligibility(maxDistanceKm: nil)
        let visit = Fixture.task("v", day: 0, "09:00", "10:00")
        let needCert = SeatRequirement(role: .socialWorker, credentials: [CredentialRequirement(kind: "socialWorkerCertificate", minLevel: 2)])
        #expect(e.check(certified, labour: nil, task: visit, seat: needCert) == nil)
        #expect(e.check(expired, labour: nil, task: visit, seat: needCert) == .credential)
        #expect(e.check(tibetan, labour: nil, task: visit, seat: needCert) == .role)
        let lateVisit = Fixture.task("v3", day: 3, "09:00", "10:00")
        #expect(e.check(certified, labour: nil, task: lateVisit, seat: needCert) == .credential)  // expired by day 3
        let calligraphy = SeatRequirement(skills: ["calligraphy"], languages: ["bo"])
        #expect(e.check(tibetan, labour: nil, task: visit, seat: calligraphy) == nil)
        #expect(e.check(away, labour: nil, task: visit, seat: calligraphy) == .skill)
        #expect(e.check(away, labour: nil, task: visit, seat: SeatRequirement()) == .blockout)
        #expect(e.check(weekends, labour: nil, task: visit, seat: SeatRequirement()) == .unavailable)
        #expect(e.check(weekends, labour: nil, task: Fixture.task("s", day: 5, "09:00", "10:00"), seat: SeatRequirement()) == nil)
        #expect(e.check(tibetan, labour: LabourRules(maxTasksOfKind: ["visit": 0]), task: visit, seat: SeatRequirement()) == .kindNotAllowed)
    }

    @Test func unfilledSeatCostsPriorityTimesWeightAtMediumLevel() throws {
        let problem = Fixture.problem(people: [Fixture.person("a")], tasks: [
            Fixture.task("t1", day: 0, "09:00", "10:00", priority: 10), Fixture.task("t2", day: 1, "09:00", "10:00", priority: 3),
        ])
        let (empty, shares) = try Fixture.score(problem, [:])
        #expect(empty == Score(medium: 1300))
        #expect(shares.penalty(.unfilledSeat) == 1300)
        let (one, _) = try Fixture.score(problem, ["t1": ["a"]])
        #expect(one == Score(medium: 300))
    }

    @Test func optionalSeatsCostOnlyWhenFilled() throws {
        let seats = [SeatRequirement(count: 1), SeatRequirement(count: 1, optional: true, fillCost: 4)]
        let problem = Fixture.problem(people: [Fixture.person("a"), Fixture.person("b")], tasks: [Fixture.task("t", day: 0, "09:00", "10:00", seats: seats)])
        #expect(try Fixture.score(problem, ["t": ["a"]]).0 == .zero)
        #expect(try Fixture.score(problem, ["t": ["a", "b"]]).0 == Score(soft: 4))
    }

    @Test func preferencesDisruptionAndFamiliarFaces() throws {
        var a = Fixture.person("a")
        a.preferences = Preferences(preferredKinds: ["visit"], dislikedKinds: [])
        var b = Fixture.person("b")
        b.preferences = Preferences(dislikedKinds: ["visit"])
        var problem = Fixture.problem(people: [a, b], tasks: [Fixture.task("t", day: 0, "09:00", "10:00", client: "家庭1")])
        #expect(try Fixture.score(problem, ["t": ["a"]]).0 == Score(soft: -20))
        #expect(try Fixture.score(problem, ["t": ["b"]]).0 == Score(soft: 20))
        problem.currentSchedule = [Assignment(task: "t", seat: 0, person: "a")]
        #expect(try Fixture.score(problem, ["t": ["b"]]).0 == Score(soft: 220))  // disliked + one seat changed
        #expect(try Fixture.score(problem, [:]).0 == Score(medium: 500, soft: 200))
        problem.currentSchedule = []
        problem.history = [PastAssignment(person: "b", client: "家庭1")]
        #expect(try Fixture.score(problem, ["t": ["a"]]).0 == Score(soft: -20 + 30))
        #expect(try Fixture.score(problem, ["t": ["b"]]).0 == Score(soft: 20))
    }

    @Test func continuityCountsExtraWorkersPerClient() throws {
        let tasks = (0..<3).map { Fixture.task("v\($0)", day: $0, "09:00", "10:00", client: "王奶奶") }
        let problem = Fixture.problem(people: [Fixture.person("a"), Fixture.person("b")], tasks: tasks)
        let same = try Fixture.score(problem, ["v0": ["a"], "v1": ["a"], "v2": ["a"]])
        #expect(same.1.penalty(.continuity) == 0)
        let mixed = try Fixture.score(problem, ["v0": ["a"], "v1": ["b"], "v2": ["a"]])
        #expect(mixed.1.penalty(.continuity) == 60)
        #expect(ClientContinuity().magnitude(UnsafeBufferPointer(start: nil, count: 0)) == 0)
    }

    @Test func pinnedIneligiblePersonIsAHardViolationAndStays() throws {
        var problem = Fixture.problem(people: [Fixture.person("a"), Fixture.person("sw", role: .socialWorker)],
                                      tasks: [Fixture.task("t", day: 0, "09:00", "10:00", seats: [SeatRequirement(role: .socialWorker)])])
        problem.pins = [Assignment(task: "t", seat: 0, person: "a")]
        let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 2000), workers: 1))
        #expect(schedule.assignments == [Assignment(task: "t", seat: 0, person: "a")])
        #expect(schedule.score.hard == 1)
        #expect(schedule.constraints.penalty(.eligibility) == 1)
    }
}

@Suite("Degenerate problems")
struct DegenerateProblemTests {
    @Test func nobodyEligibleAnywhereSolvesToAllUnfilled() throws {
        let problem = Fixture.problem(people: [Fixture.person("a")],
                                      tasks: [Fixture.task("t", day: 0, "09:00", "10:00", seats: [SeatRequirement(role: .socialWorker)])])
        let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 1000), workers: 1))
        #expect(schedule.assignments.isEmpty)
        #expect(schedule.unfilled == [SeatRef(task: "t", seat: 0)])
        #expect(schedule.score == Score(medium: 500))
    }
}
