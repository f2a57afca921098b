import Foundation
import Scheduling
import Storage

/// Gathers one org unit's week from the store as a solver problem: the people and tasks of its subtree, recent
/// history (continuity of care), the schedule in force, accepted offers as pins, and declines as blockouts.
struct WeekProblem {
    let store: any TandemStore

    struct Assembled: Sendable {
        var problem: Problem
        /// Task records by id, for rebuilding occurrences later.
        var records: [String: TaskRecord]
    }

    func assemble(unit: OrgUnit, week: LocalDate, rules: Rules = Rules()) async throws -> Assembled {
        let people = try await store.people(under: unit.path)
        let taskRecords = try await store.tasks(under: unit.path)
        let records = Dictionary(taskRecords.map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let tasks = WeekTasks.occurrences(of: taskRecords, week: week)
        var persons = people.map(\.person)

        let offers = try await store.offers(orgUnit: unit.id, week: week)
        let taskByID = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let known = Set(persons.map(\.id))
        let live = offers.filter { $0.status.isLive && known.contains($0.person) && taskByID[$0.task] != nil }
        // Whoever declined a seat (or let its offer expire) cannot make that time: never offer it to them again.
        var refusals: [String: [Blockout]] = [:]
        for offer in offers where offer.status == .declined || offer.status == .expired {
            guard let task = taskByID[offer.task] else { continue }
            refusals[offer.person, default: []].append(Blockout(start: task.start, end: task.end, reason: "declined \(offer.task)"))
        }
        for index in persons.indices { persons[index].blockouts += refusals[persons[index].id] ?? [] }

        var history: [PastAssignment] = []
        for back in 1...4 {
            for offer in try await store.offers(orgUnit: unit.id, week: week.adding(days: -7 * back)) where offer.status == .accepted {
                let task = WeekTasks.occurrence(offer.task, in: records)
                history.append(PastAssignment(person: offer.person, kind: task?.kind, client: task?.client,
                                              start: task?.start, end: task?.end))
            }
        }
        let problem = Problem(name: "\(unit.name) \(week)", horizon: Horizon(start: week, days: 7), people: persons,
                              tasks: tasks, history: history, currentSchedule: live.map(\.assignment),
                              pins: live.filter { $0.status == .accepted }.map(\.assignment), rules: rules)
        return Assembled(problem: problem, records: records)
    }
}
