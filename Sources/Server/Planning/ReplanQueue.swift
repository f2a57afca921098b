import Logging
import Scheduling
import Synchronization

/// Re-plans in the background, one at a time per week in this process. Causes that come in while the week is being
/// re-planned (twenty declines on a Monday morning) wait and are answered together by the next re-plan, instead of
/// each re-planning a week the one before is about to change. (Another instance's re-plan of the same week is
/// ordered by the database: `WeekChanged`.)
final class ReplanQueue: Sendable {
    typealias Run = @Sendable (_ reason: String, _ causes: [Assignment]) async throws -> Void

    private struct Waiting {
        var reasons: [String] = []
        var causes: [Assignment] = []
        var run: Run
    }

    private struct State {
        var running: Set<OfferDesk.WeekKey> = []
        var waiting: [OfferDesk.WeekKey: Waiting] = [:]
        var tasks: [Int: Task<Void, Never>] = [:]
        var nextTask = 0
    }

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func add(_ key: OfferDesk.WeekKey, reason: String, causes: [Assignment], run: @escaping Run) {
        let start = state.withLock { s -> Bool in
            guard s.running.contains(key) else {
                s.running.insert(key)
                return true
            }
            var waiting = s.waiting[key] ?? Waiting(run: run)
            waiting.reasons.append(reason)
            waiting.causes += causes
            waiting.run = run
            s.waiting[key] = waiting
            return false
        }
        if start { launch(key, reason: reason, causes: causes, run: run) }
    }

    /// Returns once every re-plan started, and every one waiting behind it, has finished.
    func drain() async {
        while let task = state.withLock({ $0.tasks.values.first }) { await task.value }
    }

    private func launch(_ key: OfferDesk.WeekKey, reason: String, causes: [Assignment], run: @escaping Run) {
        state.withLock { s in
            let id = s.nextTask
            s.nextTask += 1
            s.tasks[id] = Task { [self] in
                var (reason, causes, run) = (reason, causes, run)
                while true {
                    do { try await run(reason, causes) } catch {
                        logger.error("re-plan of \(key.orgUnit) \(key.week) failed: \(error)")
                    }
                    let next = state.withLock { s -> Waiting? in
                        if let waiting = s.waiting.removeValue(forKey: key) { return waiting }
                        s.running.remove(key)
                        return nil
                    }
                    guard let next else { break }
                    (reason, causes, run) = (next.reasons.joined(separator: "; "), next.causes, next.run)
                }
                _ = state.withLock { $0.tasks.removeValue(forKey: id) }
            }
        }
    }
}
