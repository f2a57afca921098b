import Scheduling
@testable import Solver
import Testing
import WeekGenerator

/// Re-planning from a cached model must see exactly what compiling the whole week again would see.
@Suite struct ReplanTests {
    static let week = WeekGenerator.week(seed: 3, people: 60, seats: 200)

    /// A schedule in force, some of it accepted, and two declines.
    static func standing(_ model: SolverModel) -> (current: [Assignment], pins: [Assignment], refusals: [Assignment]) {
        let solved = TandemSolver.schedule(model: model, outcome: Portfolio.solve(model: model, configuration: SolverConfiguration(
            termination: Termination(maxEvaluations: 20_000), workers: 1, seed: 5)), configuration: SolverConfiguration(), explain: false)
        let all = solved.assignments
        let refusals = [all[3], all[all.count / 2]]
        let refused = Set(refusals.map(\.seatRef))
        let current = all.filter { !refused.contains($0.seatRef) }
        let pins = current.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        return (current, pins, refusals)
    }

    @Test func theDerivedModelEqualsAFullCompileOfTheSameStanding() throws {
        let base = try SolverModel.build(Self.week)
        let (current, pins, refusals) = Self.standing(base)
        let derived = try #require(base.replanning(currentSchedule: current, pins: pins, refusals: refusals))

        var problem = Self.week
        problem.currentSchedule = current
        problem.pins = pins
        for r in refusals {
            let task = try #require(problem.tasks.first { $0.id == r.task })
            let i = try #require(problem.people.firstIndex { $0.id == r.person })
            problem.people[i].blockouts.append(.refusal(of: task))
        }
        let full = try SolverModel.build(problem)

        #expect(derived.currentPerson == full.currentPerson)
        #expect(derived.pinnedPerson == full.pinnedPerson)
        #expect(derived.emptyCost == full.emptyCost)
        #expect(derived.candidateOffsets == full.candidateOffsets)
        #expect(derived.candidatePersons == full.candidatePersons)
        #expect(derived.candidateCosts == full.candidateCosts)
        #expect(derived.personSlotOffsets == full.personSlotOffsets)
        #expect(derived.personSlots == full.personSlots)
        let assignment = derived.currentPerson
        #expect(ScoreDirector(model: derived, initial: assignment).score == ScoreDirector(model: full, initial: assignment).score)
    }

    @Test func aDeclineIsNeverOfferedBackAndPinsStay() throws {
        let base = try SolverModel.build(Self.week)
        let (current, pins, refusals) = Self.standing(base)
        let outcome = try #require(Replanner.replan(base: base, currentSchedule: current, pins: pins, refusals: refusals,
                                                    configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5_000),
                                                                                       workers: 1, seed: 1)))
        let placed = Dictionary(outcome.schedule.assignments.map { ($0.seatRef, $0.person) }, uniquingKeysWith: { a, _ in a })
        for r in refusals { #expect(placed[r.seatRef] != r.person) }
        for p in pins { #expect(placed[p.seatRef] == p.person) }
        #expect(outcome.schedule.score.hard == 0)
        // Every seat is explained (with no earlier reasons given, all afresh), each naming the person it holds now.
        #expect(Set(outcome.schedule.explanations.map { SeatRef(task: $0.task, seat: $0.seat) }) == Set(base.slotRefs))
        #expect(outcome.schedule.explanations.allSatisfy { $0.person == placed[SeatRef(task: $0.task, seat: $0.seat)] })
    }

    @Test func aPinOutsideItsCandidatesAsksForAFullBuild() throws {
        let base = try SolverModel.build(Self.week)
        let slot = try #require((0..<base.slotCount).first { base.candidates(of: $0).count < base.personCount })
        let outsider = try #require((0..<Int32(base.personCount)).first { base.candidatePosition(slot: slot, person: $0) < 0 })
        let pin = Assignment(task: base.slotRefs[slot].task, seat: base.slotRefs[slot].seat, person: base.problem.people[Int(outsider)].id)
        #expect(base.replanning(currentSchedule: [pin], pins: [pin], refusals: []) == nil)
    }
}

@Suite struct RecommenderTests {
    @Test func theFreePersonRanksFirstAndTheBusyOneSaysWhy() throws {
        let tasks = [Fixture.task("a", day: 0, "09:00", "11:00"), Fixture.task("b", day: 0, "10:00", "12:00")]
        let problem = Fixture.problem(people: [Fixture.person("p1"), Fixture.person("p2"), Fixture.person("p3")], tasks: tasks)
        let model = try SolverModel.build(problem)
        // p1 holds task a; who else could take task b? p1 is busy then, p2 and p3 are free.
        let assignment: [Int32] = [0, -1]
        let list = Recommender.recommend(model: model, assignment: assignment, slot: 1, count: 5)
        #expect(list.count == 3)
        #expect(Set(list.prefix(2).map(\.person)) == ["p2", "p3"])
        #expect(list.prefix(2).allSatisfy { $0.breaks == nil && $0.delta.hard == 0 && $0.delta.medium < 0 })
        #expect(list.last?.person == "p1")
        #expect(list.last?.breaks == ConstraintID.noOverlap.rawValue)
        #expect(list.last?.summary.en.contains("busy at that time") == true)
        #expect(Recommender.recommend(model: model, assignment: assignment, slot: 1, count: 1).count == 1)
    }

    @Test func assessingOnePersonGivesTheSameVerdictOrWhyTheyMayNotSitThere() throws {
        var social = Fixture.person("sw", role: .socialWorker)
        social.credentials = [Credential(kind: "socialWorkerCertificate", validTo: Fixture.monday.adding(days: 30))]
        let tasks = [Fixture.task("a", day: 0, "09:00", "11:00"),
                     Fixture.task("b", day: 0, "10:00", "12:00", seats: [SeatRequirement(role: .socialWorker)])]
        let problem = Fixture.problem(people: [Fixture.person("p1"), social], tasks: tasks)
        let model = try SolverModel.build(problem)
        let assignment: [Int32] = [0, -1]
        let refused = Recommender.assess(model: model, assignment: assignment, slot: 1, person: 0)
        #expect(refused.breaks == "eligibility:role")
        #expect(refused.summary.en == "志愿者p1 may not take this seat: they have another role")
        let fits = Recommender.assess(model: model, assignment: assignment, slot: 1, person: 1)
        let ranked = Recommender.recommend(model: model, assignment: assignment, slot: 1, count: 5)
        #expect(fits == ranked.first { $0.person == "sw" })
        #expect(fits.breaks == nil && fits.delta.medium < 0)
        let busy = Recommender.assess(model: model, assignment: assignment, slot: 0, person: 0)
        #expect(busy.delta == .zero && busy.summary.en.contains("already has this seat"))
    }
}
