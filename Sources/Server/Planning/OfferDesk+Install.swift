import Foundation
import Scheduling
import Storage

extension OfferDesk {
    /// Writes `version` as the week's published schedule in one transaction: supersedes `previous`, keeps offers
    /// whose seat keeps its person, cancels the rest, offers the new seats, and emits an event for each, then one
    /// for the schedule with what changed (`OfferChange`, counted apart from `causes`). `basis` is the week's live
    /// offers the version was planned from (read here when nil); under the week's and its people's locks the
    /// transaction finds the week still so, or throws `WeekChanged`. It deletes the re-plan requests it answers, or
    /// throws `ReplanTakenOver` when they are no longer this instance's.
    @discardableResult
    func install(version: ScheduleVersion, replacing previous: ScheduleVersion?, unit: OrgUnit, origin: String,
                 reason: String?, causes: [Assignment] = [], basis: [Offer]? = nil, answering: [String] = [],
                 task occurrence: @escaping @Sendable (String) -> ServiceTask?) async throws -> Int {
        let now = configuration.clock.now()
        let offers: [Offer]
        if let basis { offers = basis } else { offers = try await store.offers(orgUnit: unit.id, week: version.week).filter(\.status.isLive) }
        let liveBySeat = Dictionary(offers.map { ($0.assignment.seatRef, $0) }, uniquingKeysWith: { a, _ in a })
        let wanted = Dictionary(version.schedule.assignments.map { ($0.seatRef, $0.person) }, uniquingKeysWith: { a, _ in a })
        let why = Dictionary(version.schedule.explanations.map { (SeatRef(task: $0.task, seat: $0.seat), $0.summary) },
                             uniquingKeysWith: { a, _ in a })
        // The unit's own timing, as recorded with the version. A frozen task's offers stay as they are, whatever the
        // version says (a draft solved earlier may disagree).
        let time = self.time.adjusted(by: version.rules)
        var frozen: [String: Bool] = [:]
        for id in Set(offers.map(\.task) + version.schedule.assignments.map(\.task)) {
            frozen[id] = occurrence(id).map(time.isFrozen) ?? false
        }
        let cancelled = offers.filter { wanted[$0.assignment.seatRef] != $0.person && frozen[$0.task] != true }
        let fresh = version.schedule.assignments.filter { liveBySeat[$0.seatRef]?.person != $0.person && frozen[$0.task] != true }
        var after = liveBySeat.mapValues(\.person)
        for offer in cancelled { after[offer.assignment.seatRef] = nil }
        for assignment in fresh { after[assignment.seatRef] = assignment.person }
        // Counted from before the causes: a declined seat that goes to another person has moved, as in the versions.
        var before = liveBySeat.mapValues(\.person)
        for cause in causes where before[cause.seatRef] == nil { before[cause.seatRef] = cause.person }
        let change = OfferChange(before: before, after: after, causes: causes)
        let existingID = version.id
        let week = version.week
        // The offers as they will be written (their version id is known inside the transaction).
        let made = fresh.map { assignment in
            let task = occurrence(assignment.task)
            return Offer(id: Secrets.identifier(), orgUnit: unit.id, orgPath: unit.path, week: week, task: assignment.task,
                         seat: assignment.seat, person: assignment.person, status: .offered, deadline: time.deadline(for: task, now: now),
                         version: 0, createdAt: now, start: task?.start, end: task?.end)
        }
        let spans = try await legacySpans(week: week, people: Set(made.map(\.person)), tasks: Set(made.map(\.task)))

        let changing = Set(cancelled.map(\.person) + made.map(\.person)).map(LockKey.person)
        let previousID = previous?.id
        let (id, _) = try await store.write { w in
            try await w.lock([.week(unit: unit.id, week: week)] + changing)
            let published = try await w.publishedVersion(orgUnit: unit.id, week: week)
            let live = try await w.offers(orgUnit: unit.id, week: week).filter(\.status.isLive)
            guard published?.id == previousID, WeekChanged.same(live, offers) else { throw WeekChanged() }
            guard try await w.finishReplans(ids: answering, owner: Instance.name) else { throw ReplanTakenOver() }
            let id: Int
            if existingID > 0 {
                id = existingID
                try await w.setVersionStatus(id: id, status: .published)
            } else {
                var published = version
                published.status = .published
                id = try await w.insertVersion(published)
            }
            if let previous, previous.id != id { try await w.setVersionStatus(id: previous.id, status: .superseded) }
            for var offer in cancelled {
                offer.status = .cancelled
                offer.respondedAt = now
                try await w.update(offer)
                try await w.emit(Self.offerEvent("offer.cancelled", offer, task: occurrence(offer.task)))
            }
            // One timeline per person: checked here, where no other unit's publish can slip in between.
            try await TimelineCheck.verify(made, week: week, in: w, legacy: spans)
            for var offer in made {
                offer.version = id
                try await w.insert(offer)
                try await w.emit(Self.offerEvent("offer.created", offer, task: occurrence(offer.task), why: why[offer.assignment.seatRef]))
            }
            let summary = ScheduleChange(version: id, orgUnit: unit.id, week: version.week, origin: origin, reason: reason,
                                         offered: fresh.count, cancelled: cancelled.count, change: change,
                                         score: version.schedule.score, unfilled: version.schedule.unfilled.count)
            try await w.emit(NewEvent(type: origin == "replan" ? "schedule.replanned" : "schedule.published",
                                      orgPath: unit.path, payload: PushMessage.json(summary)))
            return id
        }
        return id
    }

    /// The times of live offers made before offers kept their own (schema version 4), read from their tasks.
    func legacySpans(week: LocalDate, people: Set<String>, tasks: Set<String>) async throws -> [String: TimelineCheck.Span] {
        var lookup = TaskLookup(store: store, records: [:])
        var out: [String: TimelineCheck.Span] = [:]
        for offer in try await store.offers(week: week, statuses: OfferStatus.live)
        where offer.start == nil && (people.contains(offer.person) || tasks.contains(offer.task)) {
            if let task = try await lookup.occurrence(offer.task) { out[offer.id] = (task.start, task.end) }
        }
        return out
    }
}

/// The payload of `schedule.published` and `schedule.replanned`: the version, offers made and cancelled, and the
/// change seat by seat (`OfferChange`).
struct ScheduleChange: Encodable {
    let version: Int, orgUnit: String, week: LocalDate, origin: String, reason: String?
    let offered: Int, cancelled: Int
    let added: Int, removed: Int, moved: Int, peopleMoved: [String], peopleAffected: [String]
    let score: Score, unfilled: Int

    init(version: Int, orgUnit: String, week: LocalDate, origin: String, reason: String?, offered: Int, cancelled: Int,
         change: OfferChange, score: Score, unfilled: Int) {
        (self.version, self.orgUnit, self.week, self.origin, self.reason) = (version, orgUnit, week, origin, reason)
        (self.offered, self.cancelled, self.score, self.unfilled) = (offered, cancelled, score, unfilled)
        (added, removed, moved) = (change.added, change.removed, change.moved)
        (peopleMoved, peopleAffected) = (change.peopleMoved, change.peopleAffected)
    }
}
