import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Scheduling
import Solver
import Storage
import Synchronization

/// Solve jobs: queued by a coordinator, run one at a time on Dispatch workers, progress pushed live, the result
/// stored as a draft version. On shutdown, running and queued jobs are cancelled and say so; a job left running by
/// a crash is marked failed at the next start.
final class SolveJobs: Service, Sendable {
    let store: any TandemStore
    let plugins: OrgPlugins
    let hub: PushHub
    let configuration: ServerConfiguration
    let logger: Logger
    private let queue = SerialQueue()
    private let cancellations = Mutex<[String: SolveCancellation]>([:])
    private let duration = Timer(label: "tandem_solve_duration")
    private let queued = Gauge(label: "tandem_solve_queue_depth")
    private let pending = Atomic<Int>(0)

    init(store: any TandemStore, hub: PushHub, plugins: OrgPlugins, configuration: ServerConfiguration, logger: Logger) {
        self.store = store
        self.plugins = plugins
        self.hub = hub
        self.configuration = configuration
        self.logger = logger
    }

    /// Jobs that were running when the server stopped cannot be resumed: say so.
    func recoverInterrupted() async throws {
        for var job in try await store.solveJobs(status: .running) + store.solveJobs(status: .queued) {
            job.status = .failed
            job.error = "the server stopped before this solve finished: start it again"
            job.finishedAt = configuration.clock.now()
            let failed = job
            _ = try await store.write { w in
                try await w.update(failed)
                try await w.emit(Self.event("solve.failed", failed))
            }
        }
    }

    func submit(unit: OrgUnit, week: LocalDate, seconds: Double, seed: UInt64, by user: UserAccount) async throws -> SolveJob {
        let job = SolveJob(id: Secrets.identifier(), orgUnit: unit.id, orgPath: unit.path, week: week, seconds: seconds, seed: seed,
                           status: .queued, requestedBy: user.id, createdAt: configuration.clock.now())
        _ = try await store.write { w in
            try await w.insert(job)
            try await w.emit(Self.event("solve.queued", job))
        }
        let cancellation = SolveCancellation()
        cancellations.withLock { $0[job.id] = cancellation }
        queued.record(pending.add(1, ordering: .relaxed).newValue)
        Task {
            _ = try? await queue.run { await self.run(job, unit: unit, cancellation: cancellation) }
            queued.record(pending.subtract(1, ordering: .relaxed).newValue)
        }
        return job
    }

    /// Waits for shutdown, then cancels every job and lets the queue write their final status before the database closes.
    func run() async throws {
        try? await gracefulShutdown()
        let pending = cancellations.withLock { Array($0.values) }
        for cancellation in pending { cancellation.cancel() }
        _ = try? await queue.run { () }
    }

    /// Stops a queued or running job; a running one keeps nothing.
    func cancel(jobID: String) -> Bool {
        guard let cancellation = cancellations.withLock({ $0[jobID] }) else { return false }
        cancellation.cancel()
        return true
    }

    private func run(_ queuedJob: SolveJob, unit: OrgUnit, cancellation: SolveCancellation) async {
        var job = queuedJob
        defer { _ = cancellations.withLock { $0.removeValue(forKey: job.id) } }
        do {
            if cancellation.isCancelled { try await finish(&job, status: .cancelled, version: nil, error: nil); return }
            job.status = .running
            let running = job
            _ = try await store.write { w in
                try await w.update(running)
                try await w.emit(Self.event("solve.started", running))
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
            if cancellation.isCancelled { try await finish(&job, status: .cancelled, version: nil, error: nil); return }
            let version = ScheduleVersion(id: 0, orgUnit: unit.id, orgPath: unit.path, week: job.week, status: .draft,
                                          origin: "solve", schedule: schedule, createdAt: configuration.clock.now(),
                                          createdBy: job.requestedBy, rules: problem.rules)
            let (id, _) = try await store.write { w in try await w.insertVersion(version) }
            Gauge(label: "tandem_solve_last_score", dimensions: [("level", "medium")]).record(schedule.score.medium)
            Gauge(label: "tandem_solve_last_score", dimensions: [("level", "soft")]).record(schedule.score.soft)
            try await finish(&job, status: .done, version: id, error: nil)
        } catch {
            logger.error("solve job \(job.id) failed: \(error)")
            try? await finish(&job, status: .failed, version: nil, error: "\(error)")
        }
    }

    private func finish(_ job: inout SolveJob, status: SolveJobStatus, version: Int?, error: String?) async throws {
        job.status = status
        job.version = version
        job.error = error
        job.finishedAt = configuration.clock.now()
        let finished = job
        let type = switch status {
        case .done: "solve.finished"
        case .cancelled: "solve.cancelled"
        default: "solve.failed"
        }
        _ = try await store.write { w in
            try await w.update(finished)
            try await w.emit(Self.event(type, finished))
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
