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
        var waiters: [(seq: Int64, continuation: CheckedContinuation<Void, Never>)] = []
        /// Until `run` starts nothing follows: a write then (at start-up) does not wait.
        var running = false
        var stopped = false
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
            for await _ in announcements.cancelOnGracefulShutdown() {
                do { try await follow() } catch {
                    logger.error("could not read the event log: \(error)")
                }
            }
        } onGracefulShutdown: { [self] in
            stop()
        }
    }

    /// Returns once the log up to `seq` is followed (or after `longestWait`, or at shutdown).
    func caughtUp(to seq: Int64) async {
        let timeout = Task { [self] in
            try? await Task.sleep(for: Self.longestWait)
            if !Task.isCancelled { release(upTo: seq, timedOut: true) }
        }
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s in
                if !s.running || s.stopped || s.tail >= seq { return true }
                s.waiters.append((seq, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
        timeout.cancel()
    }

    private func follow() async throws {
        while true {
            let tail = state.withLock { $0.tail }
            let events = try await store.events(after: tail, limit: 1000)
            guard let last = events.last else { return }
            hub.follow(events)
            for reader in readers { reader.follow(events) }
            state.withLock { $0.tail = last.seq }
            release(upTo: last.seq, timedOut: false)
        }
    }

    private func release(upTo seq: Int64, timedOut: Bool) {
        let ready = state.withLock { s in
            let (done, waiting) = s.waiters.reduce(into: ([CheckedContinuation<Void, Never>](), [(seq: Int64, continuation: CheckedContinuation<Void, Never>)]())) {
                if $1.seq <= seq { $0.0.append($1.continuation) } else { $0.1.append($1) }
            }
            s.waiters = waiting
            return done
        }
        if timedOut, !ready.isEmpty { logger.warning("the event log is not followed up to \(seq) after \(Self.longestWait)") }
        for continuation in ready { continuation.resume() }
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
