import Foundation
import Scheduling
import Storage

/// Gathers one org unit's week from the store as a solver problem: the people and tasks of its subtree and recent
/// history (continuity of care) make the week's needs; the offers make its standing: the schedule in force,
/// accepted offers as pins, declines and expiries as refusals.
struct WeekProblem {
    let store: any TandemStore

    /// The Chengdu staffing standard: certified social workers on duty each working day, by level of the unit.
    static let socialWorkersOnDuty: [OrgLevel: Int] = [.community: 2, .street: 1]

    /// The week's needs without any standing: what a cached model is built from. Other units' live offers are part
    /// of it (one timeline per person): their seats on this unit's tasks are held, and this unit's people's seats on
    /// other units' tasks come with those tasks, held too. History (continuity, fairness) is every unit's.
    func needs(unit: OrgUnit, week: LocalDate, rules given: Rules? = nil) async throws -> Problem {
        let people = try await store.people(under: unit.path)
        let taskRecords = try await store.tasks(under: unit.path)
        let records = Dictionary(taskRecords.map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ours = Set(people.map(\.person.id))
        var tasks = TaskLookup(store: store, records: records)
        var history: [PastAssignment] = []
        for back in 1...4 {
            for offer in try await store.offers(week: week.adding(days: -7 * back), statuses: [.accepted]) where ours.contains(offer.person) {
                let task = try await tasks.occurrence(offer.task)
                history.append(PastAssignment(person: offer.person, kind: task?.kind, client: task?.client,
                                              start: task?.start ?? offer.start, end: task?.end ?? offer.end))
            }
        }
        var rules: Rules
        if let given { rules = given } else { rules = try await effectiveRules(unit) }
        for unit in try await store.orgUnits(under: unit.path) where rules.socialWorkerDuty[unit.id] == nil {
            if let required = Self.socialWorkersOnDuty[unit.level] { rules.socialWorkerDuty[unit.id] = required }
        }
        var weekTasks = WeekTasks.occurrences(of: taskRecords, week: week)
        let (held, foreignTasks) = try await heldSeats(unit: unit, week: week, ownTasks: Set(weekTasks.map(\.id)), people: ours, tasks: &tasks)
        weekTasks += foreignTasks
        return Problem(name: "\(unit.name) \(week)", horizon: Horizon(start: week, days: 7), people: people.map(\.person),
                       tasks: weekTasks, history: history, rules: rules, heldSeats: held, heldTasks: Set(foreignTasks.map(\.id)))
    }

    /// Other units' live offers of the week, as held seats: those on this unit's tasks, and those of this unit's
    /// people on other tasks, which come along as held tasks.
    func heldSeats(unit: OrgUnit, week: LocalDate, ownTasks: Set<String>, people: Set<String>,
                   tasks: inout TaskLookup) async throws -> (held: [HeldSeat], tasks: [ServiceTask]) {
        let foreign = try await store.offers(week: week, statuses: OfferStatus.live).filter { $0.orgUnit != unit.id }
        var held: [SeatRef: HeldSeat] = [:]
        var extra: [String: ServiceTask] = [:]
        for offer in foreign where ownTasks.contains(offer.task) || people.contains(offer.person) {
            if !ownTasks.contains(offer.task) && extra[offer.task] == nil {
                guard let task = try await tasks.occurrence(offer.task) else { continue }
                extra[offer.task] = task
            }
            held[offer.assignment.seatRef] = HeldSeat(seat: offer.assignment.seatRef, person: offer.person, unit: offer.orgUnit)
        }
        return (held.values.sorted { ($0.seat.task, $0.seat.seat) < ($1.seat.task, $1.seat.seat) },
                extra.values.sorted { ($0.start, $0.id) < ($1.start, $1.id) })
    }

    /// The rules in force at `unit`: each unit's own choices, from the top of the tree down.
    func effectiveRules(_ unit: OrgUnit) async throws -> Rules {
        var lineage: [UnitRules?] = []
        for id in unit.lineage { lineage.append(id == unit.id ? unit.rules : try await store.orgUnit(id: id)?.rules) }
        return UnitRules.effective(lineage)
    }

    struct Standing: Sendable {
        var current: [Assignment]
        var pins: [Assignment]
        var refusals: [Assignment]
        /// Every live offer of the unit's week as read: a re-plan publishes only if the week still has exactly these.
        var basis: [Offer]
    }

    /// The offers of the week, as the solver sees them; offers for people or tasks that no longer exist are left out.
    /// Accepted offers are pins, and so is every live offer of a task frozen by `frozenBefore`: what has started (or
    /// starts too soon to offer) stays as it is.
    func standing(unit: OrgUnit, week: LocalDate, needs: Problem, frozenBefore: LocalDateTime? = nil) async throws -> Standing {
        let known = Set(needs.people.map(\.id))
        let tasks = Dictionary(needs.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let held = Set(needs.heldSeats.map(\.seat))
        let all = try await store.offers(orgUnit: unit.id, week: week)
        let offers = all.filter { known.contains($0.person) && tasks[$0.task] != nil && !held.contains($0.assignment.seatRef) }
        let live = offers.filter(\.status.isLive)
        func frozen(_ offer: Offer) -> Bool {
            guard let frozenBefore, let task = tasks[offer.task] else { return false }
            return task.start < frozenBefore
        }
        return Standing(current: live.map(\.assignment), pins: live.filter { $0.status == .accepted || frozen($0) }.map(\.assignment),
                        refusals: offers.filter { $0.status == .declined || $0.status == .expired }.map(\.assignment),
                        basis: all.filter(\.status.isLive))
    }

    /// Needs and standing in one problem, for a full solve. A refusal becomes a blockout over the refused task's time.
    func assemble(unit: OrgUnit, week: LocalDate, rules: Rules? = nil, frozenBefore: LocalDateTime? = nil) async throws -> Problem {
        var problem = try await needs(unit: unit, week: week, rules: rules)
        problem.frozenBefore = frozenBefore
        let standing = try await standing(unit: unit, week: week, needs: problem, frozenBefore: frozenBefore)
        let taskByID = Dictionary(problem.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var refusals: [String: [Blockout]] = [:]
        for r in standing.refusals {
            guard let task = taskByID[r.task] else { continue }
            refusals[r.person, default: []].append(.refusal(of: task))
        }
        for index in problem.people.indices { problem.people[index].blockouts += refusals[problem.people[index].id] ?? [] }
        problem.currentSchedule = standing.current
        problem.pins = standing.pins
        return problem
    }
}

/// Occurrences by id: this unit's task records first, then any other task from the store, each read once.
struct TaskLookup {
    let store: any TandemStore
    var records: [String: TaskRecord]
    private var missing: Set<String> = []

    init(store: any TandemStore, records: [String: TaskRecord]) {
        self.store = store
        self.records = records
    }

    mutating func occurrence(_ id: String) async throws -> ServiceTask? {
        if let task = WeekTasks.occurrence(id, in: records) { return task }
        let base = WeekTasks.baseID(id)
        guard !missing.contains(base) else { return nil }
        guard let record = try await store.task(id: base) else {
            missing.insert(base)
            return nil
        }
        records[base] = record
        return WeekTasks.occurrence(id, in: records)
    }
}
