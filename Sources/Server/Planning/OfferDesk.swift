import Foundation
import Logging
import Metrics
import Scheduling
import ServiceLifecycle
import Solver
import Storage
import Synchronization

/// Publishing schedules as offers, answers to offers, expiry and re-planning. Every change runs through one
/// serial queue, so two declines never re-plan the same week at once, and writes its events in its transaction.
final class OfferDesk: Service, Sendable {
    let store: any TandemStore
    let hub: PushHub
    let configuration: ServerConfiguration
    let logger: Logger
    let models: WeekModels
    let plugins: OrgPlugins
    private let queue = SerialQueue()
    let time: PlanningTime
    private let replanTimer = Timer(label: "tandem_replan_duration")
    private let stopping = Atomic<Bool>(false)

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
        try await serial {
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
        let offer = try await serial {
            guard var offer = try await self.store.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
            try Access.requireSelfOrManager(user, person: offer.person, orgPath: offer.orgPath)
            let now = self.time.now()
            let task = try await self.occurrence(offer.task)
            if let task, self.time.hasStarted(task) {
                throw APIError.conflict(field: "task", "this task started at \(task.start): it can no longer be accepted or declined")
            }
            guard offer.status == .offered else {
                throw APIError.conflict(field: "status", "this offer is \(offer.status.rawValue) and can no longer be answered")
            }
            guard offer.deadline > now else { throw APIError.conflict(field: "deadline", "the deadline to answer has passed") }
            offer.status = accept ? .accepted : .declined
            offer.respondedAt = now
            let changed = offer
            _ = try await self.store.write { w in
                try await w.update(changed)
                try await w.emit(Self.offerEvent(accept ? "offer.accepted" : "offer.declined", changed, task: task))
            }
            return changed
        }
        if !accept { startReplan(orgUnit: offer.orgUnit, week: offer.week, reason: "declined by \(offer.person)", causes: [offer.assignment]) }
        return offer
    }

    /// A coordinator's choice: `person` takes the seat, accepted on their behalf and so pinned through every re-plan.
    /// The seat's live offer is cancelled, and the week is re-planned around the pin (the person's clashing seats
    /// move to others). Returns the pinned offer.
    func pin(unit: OrgUnit, week: LocalDate, task: String, seat: Int, person: String, by user: UserAccount) async throws -> Offer {
        let (offer, changed): (Offer, Bool) = try await serial {
            try Access.requireManager(user, of: unit)
            guard let current = try await self.store.publishedVersion(orgUnit: unit.id, week: week) else {
                throw APIError.conflict(field: "version", "publish the week before pinning people to seats")
            }
            guard let record = try await self.store.person(id: person), record.orgPath.hasPrefix(unit.path) else {
                throw APIError.badRequest(field: "person", "\(person) is not a person of \(unit.id)")
            }
            let time = self.time.adjusted(by: try await WeekProblem(store: self.store).effectiveRules(unit))
            if let details = try await self.occurrence(task), time.isFrozen(details) {
                throw APIError.conflict(field: "task", "this task starts at \(details.start), too soon to change who takes it")
            }
            let live = try await self.store.offers(orgUnit: unit.id, week: week)
                .filter { $0.task == task && $0.seat == seat && $0.status.isLive }
            if let same = live.first(where: { $0.person == person && $0.status == .accepted }) { return (same, false) }
            let now = self.configuration.clock.now()
            let details = try await self.occurrence(task)
            let pinned = Offer(id: Secrets.identifier(), orgUnit: unit.id, orgPath: unit.path, week: week, task: task, seat: seat,
                               person: person, status: .accepted, deadline: now, version: current.id, createdAt: now, respondedAt: now,
                               start: details?.start, end: details?.end)
            let spans = try await self.legacySpans(week: week, people: [person], tasks: [task])
            _ = try await self.store.write { w in
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
            }
            return (pinned, true)
        }
        if changed {
            startReplan(orgUnit: unit.id, week: week, reason: "\(person) pinned by \(user.username)",
                        causes: [Assignment(task: task, seat: seat, person: person)])
        }
        return offer
    }

    /// Offers past their deadline expire; each affected week is re-planned once.
    func expireOverdue() async throws {
        let weeks: [WeekKey: [Assignment]] = try await serial {
            let now = self.configuration.clock.now()
            let overdue = try await self.store.expiredOffers(now: now)
            guard !overdue.isEmpty else { return [:] }
            var expired: [(Offer, ServiceTask?)] = []
            for var offer in overdue {
                offer.status = .expired
                offer.respondedAt = now
                expired.append((offer, try await self.occurrence(offer.task)))
            }
            let batch = expired
            _ = try await self.store.write { w in
                for (offer, task) in batch {
                    try await w.update(offer)
                    try await w.emit(Self.offerEvent("offer.expired", offer, task: task))
                }
            }
            return Dictionary(grouping: batch.map(\.0), by: { WeekKey(orgUnit: $0.orgUnit, week: $0.week) }).mapValues { $0.map(\.assignment) }
        }
        for (key, expired) in weeks { startReplan(orgUnit: key.orgUnit, week: key.week, reason: "offers expired", causes: expired) }
    }

    /// Check-in and check-out of an accepted assignment; check-out credits the time bank exactly once.
    func attend(offerID: String, checkIn: Bool, by user: UserAccount) async throws -> (Offer, HoursEntry?) {
        try await serial {
            guard var offer = try await self.store.offer(id: offerID) else { throw APIError.notFound("offer \(offerID)") }
            try Access.requireSelfOrManager(user, person: offer.person, orgPath: offer.orgPath)
            guard offer.status == .accepted else {
                throw APIError.conflict(field: "status", "only accepted assignments can be attended; this one is \(offer.status.rawValue)")
            }
            let now = self.configuration.clock.now()
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
            let changed = offer, credit = entry
            _ = try await self.store.write { w in
                try await w.update(changed)
                if let credit, try await w.credit(credit) {
                    try await w.emit(NewEvent(type: "hours.credited", orgPath: changed.orgPath, person: changed.person,
                                              payload: PushMessage.json(credit)))
                }
            }
            return (changed, credit)
        }
    }

    /// Waits for shutdown, then lets queued re-plans finish, so none outlives the database.
    func run() async throws {
        try? await gracefulShutdown()
        stopping.store(true, ordering: .relaxed)
        _ = try? await queue.run { () }
    }

    /// Re-plans in the background; failures are logged (the week keeps its current offers). After shutdown has
    /// begun none is started: the next start's expiry sweep and the next answer re-plan again.
    func startReplan(orgUnit: String, week: LocalDate, reason: String, causes: [Assignment]) {
        guard !stopping.load(ordering: .relaxed) else { return }
        Task {
            do { try await self.replan(orgUnit: orgUnit, week: week, reason: reason, causes: causes) } catch {
                self.logger.error("re-plan of \(orgUnit) \(week) failed: \(error)")
            }
        }
    }

    /// Re-solves the week from the schedule in force, each changed seat costing `disruption`, and sends only the
    /// changed offers. `causes` are the offers (seat and person) that declined, expired or were pinned: the re-plan
    /// answers them and nothing else (`Replanner`). Returns the new version, or nil when nothing was published.
    @discardableResult
    func replan(orgUnit: String, week: LocalDate, reason: String, causes: [Assignment] = []) async throws -> ScheduleVersion? {
        try await serial {
            // A conflict means another unit's offers changed since this week's model was compiled: once more, afresh.
            do {
                return try await self.replanOnce(orgUnit: orgUnit, week: week, reason: reason, causes: causes)
            } catch let conflict as TimelineConflict {
                self.logger.notice("re-plan of \(orgUnit) \(week) met another unit's offers (\(conflict)); compiling the week again")
                self.models.invalidate(week: week)
                return try await self.replanOnce(orgUnit: orgUnit, week: week, reason: reason, causes: causes)
            }
        }
    }

    private func replanOnce(orgUnit: String, week: LocalDate, reason: String, causes: [Assignment]) async throws -> ScheduleVersion? {
        // Queued behind the shutdown drain: the database may be closing.
        guard !self.stopping.load(ordering: .relaxed) else { return nil }
        let started = ContinuousClock.now
        guard let unit = try await self.store.orgUnit(id: orgUnit),
              let current = try await self.store.publishedVersion(orgUnit: orgUnit, week: week) else { return nil }
        let base = try await self.models.model(unit: unit, week: week, store: self.store)
        let frozenBefore = self.time.adjusted(by: base.problem.rules).frozenBefore()
        let standing = try await WeekProblem(store: self.store).standing(unit: unit, week: week, needs: base.problem,
                                                                         frozenBefore: frozenBefore)
        // The cached model already holds the week's tasks, occurrences expanded.
        let tasks = Dictionary(base.problem.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let schedule: Schedule
        let seconds = self.configuration.replanSeconds
        let configuration = SolverConfiguration(
            termination: Termination(seconds: seconds, unimprovedSeconds: seconds / 4), workers: 1, seed: 1)
        if let outcome = await Offload.run({ Replanner.replan(base: base, currentSchedule: standing.current, pins: standing.pins,
                                                             refusals: standing.refusals, configuration: configuration,
                                                             longestSeconds: Self.longestReplanSeconds, frozenBefore: frozenBefore,
                                                             previous: current.schedule.explanations,
                                                             causes: causes.map(\.seatRef)) }) {
            schedule = outcome.schedule
        } else {
            // A pin no longer fits its seat (the person's data changed): compile everything and price it.
            self.logger.warning("re-plan of \(orgUnit) \(week): a pin is no longer a candidate of its seat; solving the week afresh")
            let problem = try await WeekProblem(store: self.store).assemble(unit: unit, week: week, frozenBefore: frozenBefore)
            let model = try await self.plugins.model(for: problem, unit: unit)
            let full = SolverConfiguration(termination: Termination(seconds: Self.longestReplanSeconds, unimprovedSeconds: 0.5),
                                           workers: 1, seed: 1)
            schedule = await Offload.run { TandemSolver.solve(model: model, configuration: full) }
        }
        let version = ScheduleVersion(id: 0, orgUnit: unit.id, orgPath: unit.path, week: week, status: .draft, origin: "replan",
                                      schedule: schedule, createdAt: self.configuration.clock.now(), createdBy: nil,
                                      rules: base.problem.rules)
        let id = try await self.install(version: version, replacing: current, unit: unit, origin: "replan", reason: reason,
                                        causes: causes, task: { tasks[$0] })
        self.replanTimer.record(duration: ContinuousClock.now - started)
        return try await self.store.version(id: id)
    }

    // MARK: - Helpers

    struct WeekKey: Hashable, Sendable { let orgUnit: String; let week: LocalDate }

    private func serial<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await queue.run(operation)
    }

    func occurrence(_ taskID: String) async throws -> ServiceTask? {
        guard let record = try await store.task(id: WeekTasks.baseID(taskID)) else { return nil }
        return WeekTasks.occurrence(taskID, in: [record.task.id: record])
    }

    static func offerEvent(_ type: String, _ offer: Offer, task: ServiceTask?, why: Words? = nil) -> NewEvent {
        NewEvent(type: type, orgPath: offer.orgPath, person: offer.person, payload: PushMessage.json(OfferView(offer, task: task, why: why)))
    }
}
