import Scheduling
@testable import Solver
import Testing
import WeekGenerator

/// What has started is frozen: its seats keep their pinned person or stay empty, in a full build and in a re-plan
/// from a cached model alike.
@Suite struct FrozenTests {
    static let week = WeekGenerator.week(seed: 3, people: 60, seats: 200)
    /// Wednesday noon of the generated week.
    static var wednesdayNoon: LocalDateTime { LocalDateTime(date: week.horizon.start.adding(days: 2), time: LocalTime(minuteOfDay: 720)!) }

    static func solve(_ model: SolverModel) -> Schedule {
        TandemSolver.schedule(model: model, outcome: Portfolio.solve(model: model, configuration: SolverConfiguration(
            termination: Termination(maxEvaluations: 20_000), workers: 1, seed: 5)), configuration: SolverConfiguration(), explain: false)
    }

    @Test func aFullSolveFillsNoFrozenSeatButItsPins() throws {
        let first = Self.solve(try SolverModel.build(Self.week))
        let frozenTasks = Set(Self.week.tasks.filter { $0.start < Self.wednesdayNoon }.map(\.id))
        let kept = first.assignments.filter { frozenTasks.contains($0.task) }.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        var problem = Self.week
        problem.pins = kept
        problem.frozenBefore = Self.wednesdayNoon
        let again = Self.solve(try SolverModel.build(problem))
        let frozenAssignments = again.assignments.filter { frozenTasks.contains($0.task) }
        #expect(!kept.isEmpty)
        #expect(Set(frozenAssignments) == Set(kept))
        #expect(again.assignments.contains { !frozenTasks.contains($0.task) })
    }

    @Test func aReplanFromTheCachedModelFreezesTheSameSeats() throws {
        let base = try SolverModel.build(Self.week)
        let first = Self.solve(base)
        let frozenTasks = Set(Self.week.tasks.filter { $0.start < Self.wednesdayNoon }.map(\.id))
        let pins = first.assignments.filter { frozenTasks.contains($0.task) }.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        let derived = try #require(base.replanning(currentSchedule: first.assignments, pins: pins, refusals: [], frozenBefore: Self.wednesdayNoon))
        var problem = Self.week
        problem.currentSchedule = first.assignments
        problem.pins = pins
        problem.frozenBefore = Self.wednesdayNoon
        let full = try SolverModel.build(problem)
        #expect(derived.candidateOffsets == full.candidateOffsets)
        #expect(derived.candidatePersons == full.candidatePersons)
        #expect(derived.personSlotOffsets == full.personSlotOffsets)
        #expect(derived.personSlots == full.personSlots)
        let replanned = Self.solve(derived)
        #expect(Set(replanned.assignments.filter { frozenTasks.contains($0.task) }) == Set(pins))
    }
}

/// Every version explains every seat: a re-plan keeps the reasons of seats that keep their person and explains the
/// rest afresh; a frozen empty seat says why nobody is there.
@Suite struct ReplanExplanationTests {
    @Test func aReplanExplainsEverySeatAndAFrozenEmptySeatSaysWhy() throws {
        let base = try SolverModel.build(FrozenTests.week)
        let first = TandemSolver.schedule(model: base, outcome: Portfolio.solve(model: base, configuration: SolverConfiguration(
            termination: Termination(maxEvaluations: 20_000), workers: 1, seed: 5)), configuration: SolverConfiguration(), explain: true)
        #expect(first.explanations.count == base.slotCount)
        let declined = first.assignments[first.assignments.count / 2]
        let current = first.assignments.filter { $0 != declined }
        let outcome = try #require(Replanner.replan(base: base, currentSchedule: current, pins: [], refusals: [declined],
                                                    configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5_000), workers: 1, seed: 1),
                                                    frozenBefore: FrozenTests.wednesdayNoon, previous: first.explanations))
        let explanations = outcome.schedule.explanations
        #expect(explanations.count == base.slotCount)
        #expect(Set(explanations.map { SeatRef(task: $0.task, seat: $0.seat) }) == Set(base.slotRefs))
        #expect(explanations.allSatisfy { !$0.summary.en.isEmpty && !$0.summary.zh.isEmpty })
        let assigned = Dictionary(outcome.schedule.assignments.map { ($0.seatRef, $0.person) }, uniquingKeysWith: { a, _ in a })
        #expect(explanations.allSatisfy { $0.person == assigned[SeatRef(task: $0.task, seat: $0.seat)] })
        // Nothing was pinned on the frozen days, so their seats are empty and say why.
        let frozenTasks = Set(FrozenTests.week.tasks.filter { $0.start < FrozenTests.wednesdayNoon }.map(\.id))
        let frozenEmpty = explanations.filter { frozenTasks.contains($0.task) && $0.person == nil }
        #expect(!frozenEmpty.isEmpty)
        #expect(frozenEmpty.allSatisfy { $0.summary == ReasonWords.frozenEmpty })
    }
}
