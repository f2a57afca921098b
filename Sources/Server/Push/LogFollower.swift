import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// What keeps in step with the event log: handed each batch of new events, in order, as they commit anywhere.
protocol LogReader: Sendable {
    func follow(_ events: [StoredEvent])
}

/// The one reader of the event log in this process. The store announces that the log grew (this process's commits,
/// and every instance's on PostgreSQL); the follower reads the rows it lacks, oldest first, and hands each batch to
/// what keeps in step with the log (`LogReader`): the push hub, which sends the events to clients; the cached week
/// models, which drop what the events changed; the solve jobs, which take what was queued. Nobody wakes them by hand.
final class LogFollower: Service, Sendable {
    private struct State {
        var tail: Int64 = 0
        var waiters: [Waiter] = []
        /// Until `run` starts nothing follows: a write then (at start-up) does not wait.
        var running = false
        var stopped = false
    }

    private struct Waiter {
        let seq: Int64
        let since: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Mutex(State())
    private let store: any TandemStore
    private let hub: PushHub
    /// After the hub, in this order.
    private let readers: [any LogReader]
    private let logger: Logger
    /// A writer waits this long at most for its own events to be followed: a log that cannot be read must not
    /// hold requests forever (the events are committed; clients get them on the next read).
    static let longestWait = Duration.seconds(5)

    init(store: any TandemStore, hub: PushHub, readers: [any LogReader], logger: Logger) {
        self.store = store
        self.hub = hub
        self.readers = readers
        self.logger = logger
    }

    /// Starts from the log's end (what came before is the clients' replay), and has each of this process's writes
    /// return only once its events are followed: a client of this instance has its push, and the next request
    /// here compiles from fresh data.
    func begin() async throws {
        let start = try await store.lastEventSeq()
        state.withLock { $0.tail = start }
        hub.begin(at: start)
        store.afterEachCommit { [weak self] seq in await self?.caughtUp(to: seq) }
    }

    func run() async throws {
        let announcements = store.followCommits()
        state.withLock { $0.running = true }
        do { try await follow() } catch { logger.error("could not read the event log: \(error)") }  // what start-up wrote
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.releaseOverdue() }
                for await seq in announcements.cancelOnGracefulShutdown() {
                    // Each commit here is announced twice on PostgreSQL (by this process and by the database), and
                    // a read may have taken in later commits already: read only when the log may hold more.
                    if seq != 0, seq <= state.withLock({ $0.tail }) { continue }
                    do { try await follow() } catch {
                        logger.error("could not read the event log: \(error)")
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: { [self] in
            stop()
        }
    }

    /// Returns once the log up to `seq` is followed (or after `longestWait`, or at shutdown).
    func caughtUp(to seq: Int64) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s in
                if !s.running || s.stopped || s.tail >= seq { return true }
                s.waiters.append(Waiter(seq: seq, since: .now, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static let batch = 1000

    private func follow() async throws {
        while true {
            let tail = state.withLock { $0.tail }
            let events = try await store.events(after: tail, limit: Self.batch)
            guard let last = events.last else { return }
            hub.follow(events)
            for reader in readers { reader.follow(events) }
            state.withLock { $0.tail = last.seq }
            release { $0.seq <= last.seq }
            if events.count < Self.batch { return }  // the log's end, as of this read
        }
    }

    /// One sweep a second lets go of writers that waited `longestWait` (rather than a timer for every write).
    private func releaseOverdue() async {
        while (try? await Task.sleep(for: .seconds(1))) != nil {
            let cutoff = ContinuousClock.now - Self.longestWait
            let overdue = release { $0.since <= cutoff }
            if let seq = overdue.max() { logger.warning("the event log is not followed up to \(seq) after \(Self.longestWait)") }
        }
    }

    /// Resumes the waiters `done` picks; returns the log positions they waited for.
    @discardableResult
    private func release(where done: (Waiter) -> Bool) -> [Int64] {
        let ready = state.withLock { s in
            let (ready, waiting) = s.waiters.reduce(into: ([Waiter](), [Waiter]())) { if done($1) { $0.0.append($1) } else { $0.1.append($1) } }
            s.waiters = waiting
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
        return ready.map(\.seq)
    }

    private func stop() {
        let waiting = state.withLock { s in
            s.stopped = true
            defer { s.waiters.removeAll() }
            return s.waiters.map(\.continuation)
        }
        for continuation in waiting { continuation.resume() }
    }
}
