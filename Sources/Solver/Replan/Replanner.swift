import Scheduling

/// Re-planning after a change (a decline, an expired offer): start from the schedule in force, fill what was
/// freed, and move as few people as the disruption cost allows.
public enum Replanner {
    /// A changed seat costs one priority unit of an unfilled seat: a re-plan may move people to fill a freed seat
    /// (a priority-5 seat is worth up to four changed seats) but never reshuffles the week for small gains, which a
    /// soft disruption cost, always outweighed by any medium gain, would allow.
    public static let disruption = Weighting(level: .medium, weight: 100)

    /// What a re-plan changed, seat by seat.
    public struct Outcome: Sendable {
        public var schedule: Schedule
        /// Seats whose person changed (including seats that became empty or were filled).
        public var changedSeats: [SeatRef]
        /// People who gained or lost a seat, other than those who refused.
        public var movedPeople: [String]
        /// Where the time went: redrawing the candidate table, searching, explaining the changed seats.
        public var phaseSeconds: (derive: Double, search: Double, explain: Double)
    }

    /// Re-plans from `base` (built with no current schedule and no pins). Explains only the changed seats, which
    /// are the ones that need new words; returns nil when the pins need a full rebuild (see `replanning`).
    public static func replan(base: SolverModel, currentSchedule: [Assignment], pins: [Assignment], refusals: [Assignment],
                              configuration: SolverConfiguration, disruption: Weighting = Replanner.disruption) -> Outcome? {
        let clock = Stopwatch()
        guard let model = base.replanning(currentSchedule: currentSchedule, pins: pins, refusals: refusals,
                                          disruption: disruption) else { return nil }
        let derived = clock.seconds
        let solved = Portfolio.solve(model: model, configuration: configuration)
        let searched = clock.seconds
        var changed: [Int] = []
        var moved = Set<String>()
        for s in 0..<model.slotCount where solved.assignment[s] != model.currentPerson[s] {
            changed.append(s)
            for p in [solved.assignment[s], model.currentPerson[s]] where p >= 0 { moved.insert(model.problem.people[Int(p)].id) }
        }
        for r in refusals { moved.remove(r.person) }
        var schedule = TandemSolver.schedule(model: model, outcome: solved, configuration: configuration, explain: false)
        schedule.explanations = Explainer.explain(model: model, assignment: solved.assignment, slots: changed)
        return Outcome(schedule: schedule, changedSeats: changed.map { model.slotRefs[$0] }, movedPeople: moved.sorted(),
                       phaseSeconds: (derived, searched - derived, clock.seconds - searched))
    }
}
