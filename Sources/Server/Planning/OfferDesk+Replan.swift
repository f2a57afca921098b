import Foundation
import ServiceLifecycle
import Scheduling
import Solver
import Storage

/// Re-plans. A decline, an expiry or a pin writes the re-plan its week owes in its own transaction
/// (`ReplanRequest`); a loop at each instance takes what is owed, a week at a time under a lease, and the re-plan's
/// result deletes the requests it answered in the transaction that publishes it. So a re-plan is never lost with an
/// instance (another takes it once the lease runs out) and never applied twice; causes that arrive while a week is
/// re-planned are answered together by the next.
extension OfferDesk {
    /// Wakes the loop at once (this instance just asked for a re-plan).
    func pokeReplans() {
        replanPokes.continuation.yield()
    }

    /// Takes owed re-plans, one week after another: when this instance asks for one, and every third of a lease for
    /// those another instance left. At shutdown the re-plan under way finishes; those still owed wait in the
    /// database for another instance or the next start.
    func run() async throws {
        let ticker = Task { [replanPokes, configuration] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(configuration.leaseSeconds / 3))
                replanPokes.continuation.yield()
            }
        }
        await withGracefulShutdownHandler {
            replanPokes.continuation.yield()
            for await _ in replanPokes.stream {
                while !stopping.load(ordering: .relaxed), let owed = await claimReplans() { await answer(owed) }
            }
        } onGracefulShutdown: { [self] in
            stopping.store(true, ordering: .relaxed)
            replanPokes.continuation.finish()
        }
        ticker.cancel()
    }

    private func claimReplans() async -> [ReplanRequest]? {
        let now = configuration.clock.now(), until = now + configuration.leaseSeconds
        do {
            let (owed, _) = try await store.write { w in try await w.claimReplans(owner: Instance.name, now: now, until: until) }
            return owed.isEmpty ? nil : owed
        } catch {
            logger.error("could not take the re-plans owed: \(error)")
            return nil
        }
    }

    /// One week's owed re-plans, answered by one re-plan. One that cannot be made (its unit or version gone, a
    /// failure) is logged and dropped: the week keeps its offers. One whose week kept changing waits for its lease.
    private func answer(_ owed: [ReplanRequest]) async {
        guard let first = owed.first else { return }
        let ids = owed.map(\.id)
        var seen = Set<String>()
        let reason = owed.map(\.reason).filter { seen.insert($0).inserted }.joined(separator: "; ")
        do {
            if try await replan(orgUnit: first.orgUnit, week: first.week, reason: reason, causes: owed.flatMap(\.causes),
                                answering: ids) != nil { return }
        } catch is ReplanTakenOver {
            return logger.notice("the re-plan of \(first.orgUnit) \(first.week) was taken over by another instance")
        } catch let changed as WeekChanged {
            // Kept: once the lease runs out, this instance or another tries again.
            return logger.warning("re-plan of \(first.orgUnit) \(first.week): \(changed); it waits for another try")
        } catch {
            logger.error("re-plan of \(first.orgUnit) \(first.week) failed: \(error)")
        }
        _ = try? await store.write { w in try await w.finishReplans(ids: ids, owner: Instance.name) }
    }

    /// Re-solves the week from the schedule in force, each changed seat costing `disruption`, and sends only the
    /// changed offers. `causes` are the offers (seat and person) that declined, expired or were pinned: the re-plan
    /// answers them and nothing else (`Replanner`); `answering` are the requests it deletes as it publishes.
    /// Returns the new version, or nil when nothing was published.
    @discardableResult
    func replan(orgUnit: String, week: LocalDate, reason: String, causes: [Assignment] = [],
                answering: [String] = []) async throws -> ScheduleVersion? {
        // The week changed while it was re-planned (an answer, or a publish at another instance): again, from there.
        try await WeekChanged.retrying(logger: logger, "re-planning \(orgUnit) \(week)") {
            // A conflict means another unit's offers changed since this week's model was compiled: once more, afresh.
            do {
                return try await self.replanOnce(orgUnit: orgUnit, week: week, reason: reason, causes: causes, answering: answering)
            } catch let conflict as TimelineConflict {
                self.logger.notice("re-plan of \(orgUnit) \(week) met another unit's offers (\(conflict)); compiling the week again")
                self.models.invalidate(week: week)
                return try await self.replanOnce(orgUnit: orgUnit, week: week, reason: reason, causes: causes, answering: answering)
            }
        }
    }

    private func replanOnce(orgUnit: String, week: LocalDate, reason: String, causes: [Assignment],
                            answering: [String]) async throws -> ScheduleVersion? {
        let started = ContinuousClock.now
        guard let unit = try await store.orgUnit(id: orgUnit),
              let current = try await store.publishedVersion(orgUnit: orgUnit, week: week) else { return nil }
        let base = try await models.model(unit: unit, week: week, store: store)
        let frozenBefore = time.adjusted(by: base.problem.rules).frozenBefore()
        let standing = try await WeekProblem(store: store).standing(unit: unit, week: week, needs: base.problem, frozenBefore: frozenBefore)
        // The cached model already holds the week's tasks, occurrences expanded.
        let tasks = Dictionary(base.problem.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let schedule: Schedule
        let seconds = configuration.replanSeconds
        let search = SolverConfiguration(termination: Termination(seconds: seconds, unimprovedSeconds: seconds / 4), workers: 1, seed: 1)
        if let outcome = await Offload.run({ Replanner.replan(base: base, currentSchedule: standing.current, pins: standing.pins,
                                                             refusals: standing.refusals, configuration: search,
                                                             longestSeconds: Self.longestReplanSeconds, frozenBefore: frozenBefore,
                                                             previous: current.schedule.explanations,
                                                             causes: causes.map(\.seatRef)) }) {
            schedule = outcome.schedule
        } else {
            // A pin no longer fits its seat (the person's data changed): compile everything and price it.
            logger.warning("re-plan of \(orgUnit) \(week): a pin is no longer a candidate of its seat; solving the week afresh")
            let problem = try await WeekProblem(store: store).assemble(unit: unit, week: week, frozenBefore: frozenBefore)
            let model = try await plugins.model(for: problem, unit: unit)
            let full = SolverConfiguration(termination: Termination(seconds: Self.longestReplanSeconds, unimprovedSeconds: 0.5),
                                           workers: 1, seed: 1)
            schedule = await Offload.run { TandemSolver.solve(model: model, configuration: full) }
        }
        let version = ScheduleVersion(id: 0, orgUnit: unit.id, orgPath: unit.path, week: week, status: .draft, origin: "replan",
                                      schedule: schedule, createdAt: configuration.clock.now(), createdBy: nil, rules: base.problem.rules)
        let id = try await install(version: version, replacing: current, unit: unit, origin: "replan", reason: reason,
                                   causes: causes, basis: standing.basis, answering: answering, task: { tasks[$0] })
        replanTimer.record(duration: ContinuousClock.now - started)
        return try await store.version(id: id)
    }
}

/// The re-plan's requests are no longer this instance's (its lease ran out and another instance took them): it
/// publishes nothing, and the other answers them.
struct ReplanTakenOver: Error, Sendable {}

/// This process's name in leases (solve jobs, re-plans).
enum Instance {
    static let name = "instance-" + Secrets.identifier()
}
