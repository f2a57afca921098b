import Foundation
import Logging
import Metrics
import Scheduling
import ServiceLifecycle
import Solver
import Storage
import Synchronization

/// Publishing schedules as offers, answers to offers, expiry and re-planning, ordered by locks in the database
/// (`LockKey`), so instances sharing it never book a person twice or answer an offer two ways. Each change writes its
/// events in its transaction and decides on what it read there, after its locks; a re-plan or publish whose week
/// changed meanwhile starts again from the new state (`WeekChanged`).
final class OfferDesk: Service, Sendable {
    let store: any TandemStore
    let hub: PushHub
    let configuration: ServerConfiguration
    let logger: Logger
    let models: WeekModels
    let plugins: OrgPlugins
    /// Wakes the re-plan loop: a re-plan was asked for here, or the periodic look for ones another instance left.
    let replanPokes = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let time: PlanningTime
    let replanTimer = Timer(label: "tandem_replan_duration")
    let stopping = Atomic<Bool>(false)

    init(store: any TandemStore, hub: PushHub, models: WeekModels, plugins: OrgPlugins, configuration: ServerConfiguration, logger: Logger) {
        self.models = models
        self.plugins = plugins
        self.store = store
        self.hub = hub
        self.configuration = configuration
        self.logger = logger
        self.time = PlanningTime(configuration)
    }

    /// The most a re-plan searches while its schedule still breaks a hard rule.
    static let longestReplanSeconds = 2.0

    /// Makes a draft the published schedule of its week: new seats become offers, changed seats cancel theirs.
    func publish(versionID: Int, by user: UserAccount) async throws -> ScheduleVersion {
        try await WeekChanged.retrying(logger: logger, "publishing version \(versionID)") {
            guard let version = try await self.store.version(id: versionID) else { throw APIError.notFound("version \(versionID)") }
            let unit = try await Lookup.unit(version.orgUnit, store: self.store, field: "version")
            try Access.requireManager(user, of: unit)
            guard version.status == .draft else {
                throw APIError.conflict(field: "status", "version \(versionID) is \(version.status.rawValue); only a draft can be published")
            }
            let previous = try await self.store.publishedVersion(orgUnit: unit.id, week: version.week)
            let records = Dictionary(try await self.store.tasks(under: unit.path).map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
            try await self.install(version: version, replacing: previous, unit: unit, origin: "publish", reason: nil,
                                   task: { WeekTasks.occurrence($0, in: records) })
            return try await self.store.version(id: versionID) ?? version
        }
    }

    /// A volunteer's (or their coordinator's) answer. A decline re-plans the week at once.
    func respond(offerID: String, accept: Bool, by user: UserAccount) async throws -> Offer {
        guard let seen = try await store.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
        try Access.requireSelfOrManager(user, person: seen.person, orgPath: seen.orgPath)
        let now = time.now()
        let task = try await occurrence(seen.task)
        if let task, time.hasStarted(task) {
            throw APIError.conflict(field: "task", "this task started at \(task.start): it can no longer be accepted or declined")
        }
        let (offer, _) = try await store.write { w in
            // The person's lock: a publish cancelling this offer, an expiry or a second answer (at any instance)
            // comes before or after this one, never in between.
            try await w.lock([.person(seen.person)])
            guard var offer = try await w.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
            guard offer.status == .offered else {
                throw APIError.conflict(field: "status", "this offer is \(offer.status.rawValue) and can no longer be answered")
            }
            guard offer.deadline > now else { throw APIError.conflict(field: "deadline", "the deadline to answer has passed") }
            offer.status = accept ? .accepted : .declined
            offer.respondedAt = now
            try await w.update(offer)
            try await w.emit(Self.offerEvent(accept ? "offer.accepted" : "offer.declined", offer, task: task))
            if !accept {
                try await w.requestReplan(ReplanRequest(id: Secrets.identifier(), orgUnit: offer.orgUnit, week: offer.week,
                                                        reason: "declined by \(offer.person)", causes: [offer.assignment], createdAt: now))
            }
            return offer
        }
        if !accept { pokeReplans() }
        return offer
    }

    /// A coordinator's choice: `person` takes the seat, accepted on their behalf and so pinned through every re-plan.
    /// The seat's live offer is cancelled, and the week is re-planned around the pin (the person's clashing seats
    /// move to others). Returns the pinned offer.
    func pin(unit: OrgUnit, week: LocalDate, task: String, seat: Int, person: String, by user: UserAccount) async throws -> Offer {
        try Access.requireManager(user, of: unit)
        guard try await store.publishedVersion(orgUnit: unit.id, week: week) != nil else {
            throw APIError.conflict(field: "version", "publish the week before pinning people to seats")
        }
        guard let record = try await store.person(id: person), record.orgPath.hasPrefix(unit.path) else {
            throw APIError.badRequest(field: "person", "\(person) is not a person of \(unit.id)")
        }
        let time = self.time.adjusted(by: try await WeekProblem(store: store).effectiveRules(unit))
        let details = try await occurrence(task)
        if let details, time.isFrozen(details) {
            throw APIError.conflict(field: "task", "this task starts at \(details.start), too soon to change who takes it")
        }
        let now = configuration.clock.now()
        let spans = try await legacySpans(week: week, people: [person], tasks: [task])
        let ((offer, changed), _) = try await store.write { w -> (Offer, Bool) in
            // The week's lock first (no publish of it meanwhile), then the people whose offers change.
            try await w.lock([.week(unit: unit.id, week: week)])
            guard let current = try await w.publishedVersion(orgUnit: unit.id, week: week) else {
                throw APIError.conflict(field: "version", "publish the week before pinning people to seats")
            }
            let holders = try await w.offers(orgUnit: unit.id, week: week).filter { $0.task == task && $0.seat == seat && $0.status.isLive }
            try await w.lock(([person] + holders.map(\.person)).map(LockKey.person))
            // Read again under the people's locks: an answer may have come in before them.
            let live = try await w.offers(orgUnit: unit.id, week: week).filter { $0.task == task && $0.seat == seat && $0.status.isLive }
            if let same = live.first(where: { $0.person == person && $0.status == .accepted }) { return (same, false) }
            let pinned = Offer(id: Secrets.identifier(), orgUnit: unit.id, orgPath: unit.path, week: week, task: task, seat: seat,
                               person: person, status: .accepted, deadline: now, version: current.id, createdAt: now, respondedAt: now,
                               start: details?.start, end: details?.end)
            for var old in live {
                old.status = .cancelled
                old.respondedAt = now
                try await w.update(old)
                try await w.emit(Self.offerEvent("offer.cancelled", old, task: details))
            }
            // The person's clashing seats at this unit move in the re-plan that follows; another unit's do not.
            try await TimelineCheck.verify([pinned], week: week, in: w, legacy: spans, ignoringUnit: unit.id)
            try await w.insert(pinned)
            try await w.emit(Self.offerEvent("offer.accepted", pinned, task: details))
            try await w.requestReplan(ReplanRequest(id: Secrets.identifier(), orgUnit: unit.id, week: week,
                                                    reason: "\(person) pinned by \(user.username)",
                                                    causes: [Assignment(task: task, seat: seat, person: person)], createdAt: now))
            return (pinned, true)
        }
        if changed { pokeReplans() }
        return offer
    }

    /// Offers past their deadline expire; each affected week is re-planned once.
    /// Every instance sweeps; the people's locks make each offer expire once, at one of them, which asks for the
    /// week's re-plan in the same transaction.
    func expireOverdue() async throws {
        let now = configuration.clock.now()
        let overdue = try await store.expiredOffers(now: now)
        guard !overdue.isEmpty else { return }
        var tasks: [String: ServiceTask] = [:]
        for id in Set(overdue.map(\.task)) { tasks[id] = try await occurrence(id) }
        let people = Set(overdue.map(\.person)), details = tasks
        let (expired, _) = try await store.write { w -> [Offer] in
            try await w.lock(people.map(LockKey.person))
            // Under the locks: what another instance expired, or a person answered, meanwhile is no longer here.
            let still = try await w.expiredOffers(now: now).filter { people.contains($0.person) }
            var expired: [Offer] = []
            for var offer in still {
                offer.status = .expired
                offer.respondedAt = now
                try await w.update(offer)
                try await w.emit(Self.offerEvent("offer.expired", offer, task: details[offer.task]))
                expired.append(offer)
            }
            // Each week re-planned once for all its expired offers.
            for (key, offers) in Dictionary(grouping: expired, by: { WeekKey(orgUnit: $0.orgUnit, week: $0.week) }) {
                try await w.requestReplan(ReplanRequest(id: Secrets.identifier(), orgUnit: key.orgUnit, week: key.week,
                                                        reason: "offers expired", causes: offers.map(\.assignment), createdAt: now))
            }
            return expired
        }
        if !expired.isEmpty { pokeReplans() }
    }

    /// Check-in and check-out of an accepted assignment; check-out credits the time bank exactly once.
    func attend(offerID: String, checkIn: Bool, by user: UserAccount) async throws -> (Offer, HoursEntry?) {
        guard let seen = try await store.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
        try Access.requireSelfOrManager(user, person: seen.person, orgPath: seen.orgPath)
        let now = configuration.clock.now()
        let (result, _) = try await store.write { w -> (Offer, HoursEntry?) in
            try await w.lock([.person(seen.person)])
            guard var offer = try await w.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
            guard offer.status == .accepted else {
                throw APIError.conflict(field: "status", "only accepted assignments can be attended; this one is \(offer.status.rawValue)")
            }
            var entry: HoursEntry?
            if checkIn {
                guard offer.checkedInAt == nil else { throw APIError.conflict(field: "checkedInAt", "already checked in") }
                offer.checkedInAt = now
            } else {
                guard let since = offer.checkedInAt else { throw APIError.conflict(field: "checkedInAt", "check in first") }
                guard offer.checkedOutAt == nil else { throw APIError.conflict(field: "checkedOutAt", "already checked out") }
                offer.checkedOutAt = now
                entry = HoursEntry(offer: offer.id, person: offer.person, task: offer.task,
                                   minutes: max(0, Int((now.timeIntervalSince(since) / 60).rounded())), creditedAt: now)
            }
            try await w.update(offer)
            if let entry, try await w.credit(entry) {
                try await w.emit(NewEvent(type: "hours.credited", orgPath: offer.orgPath, person: offer.person,
                                          payload: PushMessage.json(entry)))
            }
            return (offer, entry)
        }
        return result
    }

    // MARK: - Helpers

    struct WeekKey: Hashable, Sendable { let orgUnit: String; let week: LocalDate }

    func occurrence(_ taskID: String) async throws -> ServiceTask? {
        guard let record = try await store.task(id: WeekTasks.baseID(taskID)) else { return nil }
        return WeekTasks.occurrence(taskID, in: [record.task.id: record])
    }

    static func offerEvent(_ type: String, _ offer: Offer, task: ServiceTask?, why: Words? = nil) -> NewEvent {
        NewEvent(type: type, orgPath: offer.orgPath, person: offer.person, payload: PushMessage.json(OfferView(offer, task: task, why: why)))
    }
}
