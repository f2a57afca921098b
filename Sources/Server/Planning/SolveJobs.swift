import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Scheduling
import Solver
import Storage
import Synchronization

/// Solve jobs, shared by every instance on the database. A coordinator queues one; whichever instance has a free
/// slot takes it under a lease it renews while the solve runs (on Dispatch workers, progress pushed live), and
/// stores the result as a draft version in the same transaction that finishes the job. A job whose instance died
/// is taken over once its lease runs out; an instance that stops gives its jobs back to the queue.
final class SolveJobs: Service, LogReader, Sendable {
    let store: any TandemStore
    let plugins: OrgPlugins
    let hub: PushHub
    let configuration: ServerConfiguration
    let logger: Logger
    let instance = Instance.name
    private struct Running {
        let cancellation: SolveCancellation
        /// Cancelled because this instance is stopping (or lost the lease), not by a user: the job is not finished.
        var givingBack = false
    }
    private let running = Mutex<[String: Running]>([:])
    private let pokes = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    private let duration = Timer(label: "tandem_solve_duration")
    private let runningGauge = Gauge(label: "tandem_solve_running")

    init(store: any TandemStore, hub: PushHub, plugins: OrgPlugins, configuration: ServerConfiguration, logger: Logger) {
        self.store = store
        self.plugins = plugins
        self.hub = hub
        self.configuration = configuration
        self.logger = logger
    }

    /// With a database of its own (SQLite), no other instance can be running the jobs left running: they are
    /// taken again at once instead of after their lease.
    func begin() async throws {
        guard !store.isShared else { return }
        for job in try await store.solveJobs(status: .running) {
            _ = try await store.write { w in try await w.setSolveJobLease(id: job.id, owner: nil, until: nil) }
        }
    }

    func submit(unit: OrgUnit, week: LocalDate, seconds: Double, seed: UInt64, by user: UserAccount) async throws -> SolveJob {
        let job = SolveJob(id: Secrets.identifier(), orgUnit: unit.id, orgPath: unit.path, week: week, seconds: seconds, seed: seed,
                           status: .queued, requestedBy: user.id, createdAt: configuration.clock.now())
        _ = try await store.write { w in
            try await w.insert(job)
            try await w.emit(Self.event("solve.queued", job))
        }
        return job
    }

    /// A job was queued or given back anywhere, or a cancel asked for (the log, through the `LogFollower`).
    func follow(_ events: [StoredEvent]) {
        for event in events {
            if event.type == "solve.queued" { pokes.continuation.yield() }
            if let id = InternalEvents.cancelledSolve(event) { _ = running.withLock { $0[id] }?.cancellation.cancel() }
        }
    }

    /// Takes jobs while a slot is free: when one is queued (here or at another instance), when a slot frees, and
    /// every `leaseSeconds / 3` for leases that ran out. At shutdown, gives back what runs here.
    func run() async throws {
        let ticker = Task { [pokes] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(configuration.leaseSeconds / 3))
                pokes.continuation.yield()
            }
        }
        await withTaskGroup(of: Void.self) { group in
            await withGracefulShutdownHandler {
                pokes.continuation.yield()
                for await _ in pokes.stream {
                    while running.withLock({ $0.count }) < configuration.solveSlots, let job = await claim() {
                        group.addTask { await self.execute(job) }
                    }
                }
            } onGracefulShutdown: { [self] in
                pokes.continuation.finish()
                let cancellations = running.withLock { jobs in
                    for id in jobs.keys { jobs[id]?.givingBack = true }
                    return jobs.values.map(\.cancellation)
                }
                for cancellation in cancellations { cancellation.cancel() }
            }
            await group.waitForAll()
        }
        ticker.cancel()
    }

    /// Stops a job: one running here at once; a queued one in the database; one running at another instance
    /// through the log. False when it has finished.
    func cancel(jobID: String) async throws -> Bool {
        if let local = running.withLock({ $0[jobID] }) {
            local.cancellation.cancel()
            return true
        }
        let now = configuration.clock.now()
        let (cancelled, _) = try await store.write { w in
            guard var job = try await w.solveJobLease(id: jobID)?.job, !job.status.isFinished else { return false }
            if job.status == .queued {
                job.status = .cancelled
                job.finishedAt = now
                try await w.update(job)
                try await w.emit(Self.event("solve.cancelled", job))
            } else {
                try await w.emit(InternalEvents.cancelSolve(job.id, orgPath: job.orgPath))
            }
            return true
        }
        return cancelled
    }

    private func claim() async -> SolveJob? {
        let now = configuration.clock.now(), until = now + configuration.leaseSeconds, instance = instance
        do {
            let (job, _) = try await store.write { w -> SolveJob? in
                guard let job = try await w.claimSolveJob(owner: instance, now: now, until: until) else { return nil }
                try await w.emit(Self.event("solve.started", job))
                return job
            }
            if let job {
                running.withLock { $0[job.id] = Running(cancellation: SolveCancellation()) }
                runningGauge.record(running.withLock { $0.count })
            }
            return job
        } catch {
            logger.error("could not take a solve job: \(error)")
            return nil
        }
    }

    private func execute(_ claimed: SolveJob) async {
        var job = claimed
        let id = claimed.id
        guard let cancellation = running.withLock({ $0[id]?.cancellation }) else { return }
        let renewing = Task { await renewLease(of: id, cancellation: cancellation) }
        defer {
            renewing.cancel()
            _ = running.withLock { $0.removeValue(forKey: id) }
            runningGauge.record(running.withLock { $0.count })
            pokes.continuation.yield()  // a slot is free
        }
        do {
            guard let unit = try await store.orgUnit(id: job.orgUnit) else {
                return try await finish(&job, status: .failed, version: nil, error: "org unit \(job.orgUnit) no longer exists")
            }
            // What has started, or starts too soon to offer, stays as it stands: the solve plans the rest.
            let rules = try await WeekProblem(store: store).effectiveRules(unit)
            let problem = try await WeekProblem(store: store).assemble(
                unit: unit, week: job.week, rules: rules, frozenBefore: PlanningTime(configuration).adjusted(by: rules).frozenBefore())
            let model = try await plugins.model(for: problem, unit: unit)
            let solverConfiguration = SolverConfiguration(termination: Termination(seconds: job.seconds), workers: 2, seed: job.seed)
            let hub = self.hub, jobID = job.id, orgPath = unit.path
            let throttle = ProgressThrottle()
            let started = ContinuousClock.now
            let schedule = await Offload.run {
                TandemSolver.solve(model: model, configuration: solverConfiguration, cancellation: cancellation) { progress in
                    guard throttle.shouldSend(progress.seconds) else { return }
                    struct Progress: Encodable { let type = "solve.progress"; let job: String; let seconds: Double; let score: Score }
                    hub.broadcastLive(orgPath: orgPath, person: nil,
                                      text: PushMessage.json(Progress(job: jobID, seconds: progress.seconds, score: progress.score)))
                }
            }
            duration.record(duration: ContinuousClock.now - started)
            if cancellation.isCancelled {
                if running.withLock({ $0[job.id]?.givingBack }) == true { return try await giveBack(job) }
                return try await finish(&job, status: .cancelled, version: nil, error: nil)
            }
            let version = ScheduleVersion(id: 0, orgUnit: unit.id, orgPath: unit.path, week: job.week, status: .draft,
                                          origin: "solve", schedule: schedule, createdAt: configuration.clock.now(),
                                          createdBy: job.requestedBy, rules: problem.rules)
            try await finish(&job, status: .done, version: version, error: nil)
            Gauge(label: "tandem_solve_last_score", dimensions: [("level", "medium")]).record(schedule.score.medium)
            Gauge(label: "tandem_solve_last_score", dimensions: [("level", "soft")]).record(schedule.score.soft)
        } catch {
            logger.error("solve job \(job.id) failed: \(error)")
            try? await finish(&job, status: .failed, version: nil, error: "\(error)")
        }
    }

    /// Keeps the lease while the solve runs; a lease lost (the job taken over after this instance stalled) stops
    /// the solve here, and its new runner finishes it.
    private func renewLease(of id: String, cancellation: SolveCancellation) async {
        let instance = instance, seconds = configuration.leaseSeconds
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(seconds / 3))
            guard !Task.isCancelled else { return }
            let until = configuration.clock.now() + seconds
            let kept = try? await store.write { w -> Bool in
                guard let lease = try await w.solveJobLease(id: id), lease.owner == instance, lease.job.status == .running else { return false }
                try await w.setSolveJobLease(id: id, owner: instance, until: until)
                return true
            }.0
            if kept == false {
                logger.warning("solve job \(id) was taken over by another instance; stopping it here")
                running.withLock { $0[id]?.givingBack = true }
                cancellation.cancel()
                return
            }
        }
    }

    /// Finishes the job, with its draft when there is one, if this instance still holds it.
    private func finish(_ job: inout SolveJob, status: SolveJobStatus, version: ScheduleVersion?, error: String?) async throws {
        job.status = status
        job.error = error
        job.finishedAt = configuration.clock.now()
        let finishing = job, instance = instance
        let type = switch status {
        case .done: "solve.finished"
        case .cancelled: "solve.cancelled"
        default: "solve.failed"
        }
        let (finished, _) = try await store.write { w -> SolveJob? in
            guard let lease = try await w.solveJobLease(id: finishing.id), lease.owner == instance, lease.job.status == .running else {
                return nil
            }
            var finished = finishing
            if let version { finished.version = try await w.insertVersion(version) }
            try await w.update(finished)
            try await w.setSolveJobLease(id: finished.id, owner: nil, until: nil)
            try await w.emit(Self.event(type, finished))
            return finished
        }
        if let finished { job = finished }
    }

    /// Back to the queue, for another instance (or this one, after a restart) to run from the start.
    private func giveBack(_ job: SolveJob) async throws {
        let instance = instance
        _ = try await store.write { w in
            guard var lease = try await w.solveJobLease(id: job.id), lease.owner == instance, lease.job.status == .running else { return }
            lease.job.status = .queued
            try await w.update(lease.job)
            try await w.setSolveJobLease(id: job.id, owner: nil, until: nil)
            try await w.emit(Self.event("solve.queued", lease.job))
        }
    }

    static func event(_ type: String, _ job: SolveJob) -> NewEvent {
        NewEvent(type: type, orgPath: job.orgPath, payload: PushMessage.json(job))
    }
}

/// At most about four progress messages a second, and always the first.
final class ProgressThrottle: Sendable {
    private let last = Mutex<Double>(-1)

    func shouldSend(_ seconds: Double) -> Bool {
        last.withLock { last in
            guard last < 0 || seconds - last >= 0.25 else { return false }
            last = seconds
            return true
        }
    }
}
