import Scheduling

/// Re-planning after a change (a decline, an expired offer): start from the schedule in force, fill what was
/// freed, and move as few people as the disruption cost allows.
public enum Replanner {
    /// A changed seat costs one priority unit of an unfilled seat: a re-plan may move people to fill a freed seat
    /// (a priority-5 seat is worth up to four changed seats) but never reshuffles the week for small gains, which a
    /// soft disruption cost, always outweighed by any medium gain, would allow.
    public static let disruption = Weighting(level: .medium, weight: 100)

    /// Other people a re-plan may move per seat that caused it (see `DisruptionBound`).
    public static let mostPeopleMoved = 3

    /// What a re-plan changed, seat by seat.
    public struct Outcome: Sendable {
        public var schedule: Schedule
        /// Seats whose person changed (including seats that became empty or were filled).
        public var changedSeats: [SeatRef]
        /// People who gained or lost a seat, other than those who refused.
        public var movedPeople: [String]
        /// People other than those who refused whose seats changed, not counting taking a seat that caused the
        /// re-plan: what the bound of `mostPeopleMoved` per cause limits.
        public var otherPeopleMoved: [String]
        /// Where the time went: redrawing the candidate table, searching, explaining the changed seats.
        public var phaseSeconds: (derive: Double, search: Double, explain: Double)
    }

    /// Re-plans from `base` (built with no current schedule and no pins). Explains only the changed seats, which
    /// are the ones that need new words; returns nil when the pins need a full rebuild (see `replanning`).
    ///
    /// With `longestSeconds`, a schedule that still breaks a hard rule is searched again from the standing schedule
    /// with eight times the time, up to that many seconds: a pin can start the search double-booked, the usual few
    /// milliseconds may not undo it, and a schedule that breaks a hard rule should not go out while more search
    /// could mend it.
    ///
    /// With `causes` (the declined or expired seats, the pinned seat), changes that answer none of them are undone
    /// and each cause moves at most `mostMoved` other people (`DisruptionBound`); without, the search's schedule
    /// stands as it is.
    public static func replan(base: SolverModel, currentSchedule: [Assignment], pins: [Assignment], refusals: [Assignment],
                              configuration: SolverConfiguration, longestSeconds: Double? = nil,
                              disruption: Weighting = Replanner.disruption, frozenBefore: LocalDateTime? = nil,
                              previous: [SeatExplanation] = [], causes: [SeatRef] = [],
                              mostMoved: Int = Replanner.mostPeopleMoved) -> Outcome? {
        let clock = Stopwatch()
        guard let model = base.replanning(currentSchedule: currentSchedule, pins: pins, refusals: refusals,
                                          disruption: disruption, frozenBefore: frozenBefore) else { return nil }
        let derived = clock.seconds
        var configuration = configuration
        var solved = Portfolio.solve(model: model, configuration: configuration)
        while solved.score.hard > 0, let longest = longestSeconds, let seconds = configuration.termination.seconds, seconds < longest {
            let longer = min(longest, seconds * 8)
            configuration.termination = Termination(seconds: longer, unimprovedSeconds: longer / 2)
            solved = Portfolio.solve(model: model, configuration: configuration)
        }
        var slotOf: [SeatRef: Int] = [:]
        for (s, ref) in model.slotRefs.enumerated() { slotOf[ref] = s }
        let refusers = Set(refusals.compactMap { r in model.problem.people.firstIndex { $0.id == r.person }.map(Int32.init) })
        let bound = DisruptionBound(model: model, causes: Set(causes.compactMap { slotOf[$0] }), refusers: refusers, mostMoved: mostMoved)
        if !bound.causes.isEmpty {
            (solved.assignment, solved.score) = bound.trim(solved.assignment)
        }
        let searched = clock.seconds
        var changed: [Int] = []
        var moved = Set<String>()
        for s in 0..<model.slotCount where !model.isHeld[s] && solved.assignment[s] != model.currentPerson[s] {
            changed.append(s)
            for p in [solved.assignment[s], model.currentPerson[s]] where p >= 0 { moved.insert(model.problem.people[Int(p)].id) }
        }
        for r in refusals { moved.remove(r.person) }
        let others = bound.changes(from: model.currentPerson, to: solved.assignment).reduce(into: Set<Int32>()) { $0.formUnion($1.others) }
        var schedule = TandemSolver.schedule(model: model, outcome: solved, configuration: configuration, explain: false)
        schedule.explanations = Self.explanations(model: model, assignment: solved.assignment, changed: changed, previous: previous)
        return Outcome(schedule: schedule, changedSeats: changed.map { model.slotRefs[$0] }, movedPeople: moved.sorted(),
                       otherPeopleMoved: others.map { model.problem.people[Int($0)].id }.sorted(),
                       phaseSeconds: (derived, searched - derived, clock.seconds - searched))
    }

    /// Every seat's explanation: a seat that keeps its person (or stays empty) keeps its reason from `previous`;
    /// changed seats, seats `previous` does not explain and empty seats that have just become frozen are explained
    /// afresh. Explaining every empty seat again would cost a 2,000-seat week's re-plan about 100 ms (measured with
    /// `tandem bench replan`), five times its search.
    static func explanations(model: SolverModel, assignment: [Int32], changed: [Int], previous: [SeatExplanation]) -> [SeatExplanation] {
        let known = Dictionary(previous.map { (SeatRef(task: $0.task, seat: $0.seat), $0) }, uniquingKeysWith: { a, _ in a })
        let changedSet = Set(changed)
        var fresh: [Int] = [], kept: [Int: SeatExplanation] = [:]
        for s in 0..<model.slotCount where !model.isHeld[s] {
            let person = assignment[s] >= 0 ? model.problem.people[Int(assignment[s])].id : nil
            let newlyFrozen = person == nil && model.problem.isFrozen(model.problem.tasks[Int(model.slotTask[s])])
            if !changedSet.contains(s), let old = known[model.slotRefs[s]], old.person == person,
               !newlyFrozen || old.summary == ReasonWords.frozenEmpty {
                kept[s] = old
            } else {
                fresh.append(s)
            }
        }
        var explained = Dictionary(zip(fresh, Explainer.explain(model: model, assignment: assignment, slots: fresh)),
                                   uniquingKeysWith: { a, _ in a })
        explained.merge(kept) { a, _ in a }
        return (0..<model.slotCount).compactMap { explained[$0] }  // held seats are another unit's to explain
    }
}
