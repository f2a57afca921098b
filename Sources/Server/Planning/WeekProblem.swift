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

    /// The week's needs without any standing: what a cached model is built from.
    func needs(unit: OrgUnit, week: LocalDate, rules: Rules = Rules()) async throws -> Problem {
        let people = try await store.people(under: unit.path)
        let taskRecords = try await store.tasks(under: unit.path)
        let records = Dictionary(taskRecords.map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        var history: [PastAssignment] = []
        for back in 1...4 {
            for offer in try await store.offers(orgUnit: unit.id, week: week.adding(days: -7 * back)) where offer.status == .accepted {
                let task = WeekTasks.occurrence(offer.task, in: records)
                history.append(PastAssignment(person: offer.person, kind: task?.kind, client: task?.client,
                                              start: task?.start, end: task?.end))
            }
        }
        var rules = rules
        for unit in try await store.orgUnits(under: unit.path) where rules.socialWorkerDuty[unit.id] == nil {
            if let required = Self.socialWorkersOnDuty[unit.level] { rules.socialWorkerDuty[unit.id] = required }
        }
        return Problem(name: "\(unit.name) \(week)", horizon: Horizon(start: week, days: 7), people: people.map(\.person),
                       tasks: WeekTasks.occurrences(of: taskRecords, week: week), history: history, rules: rules)
    }

    struct Standing: Sendable {
        var current: [Assignment]
        var pins: [Assignment]
        var refusals: [Assignment]
    }

    /// The offers of the week, as the solver sees them; offers for people or tasks that no longer exist are left out.
    /// Accepted offers are pins, and so is every live offer of a task frozen by `frozenBefore`: what has started (or
    /// starts too soon to offer) stays as it is.
    func standing(unit: OrgUnit, week: LocalDate, needs: Problem, frozenBefore: LocalDateTime? = nil) async throws -> Standing {
        let known = Set(needs.people.map(\.id))
        let tasks = Dictionary(needs.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let offers = try await store.offers(orgUnit: unit.id, week: week).filter { known.contains($0.person) && tasks[$0.task] != nil }
        let live = offers.filter(\.status.isLive)
        func frozen(_ offer: Offer) -> Bool {
            guard let frozenBefore, let task = tasks[offer.task] else { return false }
            return task.start < frozenBefore
        }
        return Standing(current: live.map(\.assignment), pins: live.filter { $0.status == .accepted || frozen($0) }.map(\.assignment),
                        refusals: offers.filter { $0.status == .declined || $0.status == .expired }.map(\.assignment))
    }

    /// Needs and standing in one problem, for a full solve. A refusal becomes a blockout over the refused task's time.
    func assemble(unit: OrgUnit, week: LocalDate, rules: Rules = Rules(), frozenBefore: LocalDateTime? = nil) async throws -> Problem {
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
