import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Storage
import Synchronization

/// Fans committed events out to connected clients. The durable log is the source of truth: after each commit the
/// hub is woken, reads the new rows once in sequence order and hands each to the clients allowed to see it, so
/// every client sees events in log order and a reconnecting client resumes from the log itself.
final class PushHub: Service, Sendable {
    /// What a client's queue carries: a log event or a live-only message, already encoded. A client cut off as too
    /// slow sees its queue end.
    enum Frame: Sendable {
        case event(seq: Int64, text: String)
        case live(text: String)
    }

    private struct Subscriber {
        let user: UserAccount
        let continuation: AsyncStream<Frame>.Continuation
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var tail: Int64 = 0
        var wakeups: AsyncStream<Void>.Continuation?
    }

    private let state = Mutex(State())
    private let store: any TandemStore
    private let queueLimit: Int
    private let logger: Logger
    private let connections = Gauge(label: "tandem_push_connections")
    private let delivered = Counter(label: "tandem_push_events_delivered_total")
    private let cutOff = Counter(label: "tandem_push_slow_clients_cut_total")

    init(store: any TandemStore, queueLimit: Int, logger: Logger) {
        self.store = store
        self.queueLimit = queueLimit
        self.logger = logger
    }

    /// Registers a client. Its stream carries every visible event after the returned tail; the client replays
    /// what came before from the log.
    func subscribe(_ user: UserAccount) -> (id: Int, frames: AsyncStream<Frame>, tail: Int64) {
        let (stream, continuation) = AsyncStream<Frame>.makeStream(bufferingPolicy: .bufferingOldest(queueLimit))
        let (id, tail, count) = state.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.subscribers[id] = Subscriber(user: user, continuation: continuation)
            return (id, s.tail, s.subscribers.count)
        }
        connections.record(count)
        return (id, stream, tail)
    }

    func unsubscribe(_ id: Int) {
        let (subscriber, count) = state.withLock { s in (s.subscribers.removeValue(forKey: id), s.subscribers.count) }
        subscriber?.continuation.finish()
        connections.record(count)
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Called after a commit that wrote events: the hub reads them from the log.
    func wake() {
        let wakeups = state.withLock { $0.wakeups }
        wakeups?.yield()
    }

    /// Live-only messages (solve progress): not logged, not replayed.
    func broadcastLive(orgPath: String, person: String?, text: String) {
        fanOut { user in Access.canSee(user, personEvent: person, orgPath: orgPath) ? [.live(text: text)] : [] }
    }

    func run() async throws {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let start = try await store.lastEventSeq()
        state.withLock { s in
            s.tail = start
            s.wakeups = continuation
        }
        await withGracefulShutdownHandler {
            for await _ in stream {
                do { try await drain() } catch { logger.error("push hub could not read the event log: \(error)") }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
        let subscribers = state.withLock { s in Array(s.subscribers.values) }
        for subscriber in subscribers { subscriber.continuation.finish() }
    }

    private func drain() async throws {
        while true {
            let tail = state.withLock { $0.tail }
            let events = try await store.events(after: tail, limit: 1000)
            guard let last = events.last else { return }
            let frames = events.map { ($0, PushMessage.eventText($0)) }
            // Fan out and move the tail under one lock: a client subscribing meanwhile either gets these events
            // from its queue or, with the old tail, from its replay of the log; never neither, never both.
            fanOut(then: { $0.tail = last.seq }) { user in
                frames.compactMap { event, text in
                    Access.canSee(user, personEvent: event.person, orgPath: event.orgPath, broadcast: event.broadcast) ? .event(seq: event.seq, text: text) : nil
                }
            }
        }
    }

    private func fanOut(then update: (inout State) -> Void = { _ in }, _ framesFor: (UserAccount) -> [Frame]) {
        var overflowed: [Int] = []
        var count = 0
        state.withLock { s in
            for (id, subscriber) in s.subscribers {
                for frame in framesFor(subscriber.user) {
                    if case .dropped = subscriber.continuation.yield(frame) { overflowed.append(id); break }
                    count += 1
                }
            }
            // A client that cannot keep up is cut off, never waited for; it resumes from the log when it returns.
            for id in overflowed {
                s.subscribers.removeValue(forKey: id)?.continuation.finish()
            }
            update(&s)
        }
        if count > 0 { delivered.increment(by: count) }
        if !overflowed.isEmpty {
            cutOff.increment(by: overflowed.count)
            logger.warning("cut off \(overflowed.count) slow push client(s)")
        }
    }
}
