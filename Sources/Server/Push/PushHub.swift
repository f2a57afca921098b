import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Storage
import Synchronization

/// Fans committed events out to connected clients. The durable log is the source of truth: the `LogFollower` reads
/// each new row once, in sequence order, and hands it here for the clients allowed to see it, so every client sees
/// events in log order and a reconnecting client resumes from the log itself.
///
/// Delivery is one job per event loop per fan-out: the job picks that loop's clients allowed to see each frame and
/// writes to them in a row, so a broadcast costs no task and no hop per client, and both loops work at once.
final class PushHub: Service, LogReader, Sendable {
    /// A socket whose hello is authenticated: it receives what its user may see. A class, so that copying a loop's
    /// members (when one joins or leaves while a fan-out still holds the old set) copies a reference per member.
    private final class Member: Sendable {
        let handler: NIOLoopBound<PushConnection>
        let user: UserAccount
        /// The hash of the session token the socket signed in with: a logout closes it.
        let session: String

        init(handler: NIOLoopBound<PushConnection>, user: UserAccount, session: String) {
            self.handler = handler
            self.user = user
            self.session = session
        }
    }

    /// Who may see a frame; asked on the event loops.
    private typealias Audience = @Sendable (UserAccount) -> Bool

    private struct State {
        /// Every socket, hello or not (all are closed at shutdown), with where its loop is in `loops`.
        var connections: [Int: (link: PushConnection.Link, loop: Int)] = [:]
        /// The event loops the sockets have been on (as many as the server has).
        var loops: [any EventLoop] = []
        /// The subscribed sockets of each loop, by id: a fan-out hands each loop its own, so the loops pick their
        /// clients in parallel and the hub does no work per client.
        var members: [[Int: Member]] = []
        var subscribed = 0
        var nextID = 0
        var tail: Int64 = 0
    }

    private let state = Mutex(State())
    private let store: any TandemStore
    let deflate: SharedDeflate
    let queueLimit: Int
    private let logger: Logger
    private let connectionsGauge = Gauge(label: "tandem_push_connections")
    private let delivered = Counter(label: "tandem_push_events_delivered_total")
    private let cutOff = Counter(label: "tandem_push_slow_clients_cut_total")

    init(store: any TandemStore, queueLimit: Int, deflate: SharedDeflate, logger: Logger) {
        self.store = store
        self.queueLimit = queueLimit
        self.deflate = deflate
        self.logger = logger
    }

    /// A new socket, before its hello: it is known (to be closed at shutdown) but receives nothing yet.
    func register(_ makeLink: (Int) -> PushConnection.Link) -> PushConnection.Link {
        state.withLock { s in
            let link = makeLink(s.nextID)
            s.nextID += 1
            let loop = s.loops.firstIndex { $0 === link.eventLoop } ?? {
                s.loops.append(link.eventLoop)
                s.members.append([:])
                return s.loops.count - 1
            }()
            s.connections[link.id] = (link, loop)
            return link
        }
    }

    /// The connection's user is authenticated: from now on it receives every visible event after the returned
    /// tail, and replays what came before from the log. Nil when the socket has gone meanwhile.
    func subscribe(_ id: Int, user: UserAccount, session: String) -> Int64? {
        let result: (Int64, Int)? = state.withLock { s in
            guard let connection = s.connections[id] else { return nil }
            let member = Member(handler: connection.link.handler, user: user, session: session)
            if s.members[connection.loop].updateValue(member, forKey: id) == nil { s.subscribed += 1 }
            return (s.tail, s.subscribed)
        }
        guard let (tail, count) = result else { return nil }
        connectionsGauge.record(count)
        return tail
    }

    func unregister(_ id: Int) {
        let count = state.withLock { s in
            if let connection = s.connections.removeValue(forKey: id),
               s.members[connection.loop].removeValue(forKey: id) != nil {
                s.subscribed -= 1
            }
            return s.subscribed
        }
        connectionsGauge.record(count)
    }

    func countCutOff() {
        cutOff.increment()
        logger.warning("cut off a slow push client")
    }

    /// Live-only messages (solve progress): not logged, not replayed; sent to this instance's clients and relayed
    /// to the other instances' (`store.relayLive`).
    func broadcastLive(orgPath: String, person: String?, text: String) {
        deliverLive(LiveMessage(orgPath: orgPath, person: person, text: text))
        let relayed = PushMessage.json(LiveMessage(orgPath: orgPath, person: person, text: text))
        Task { [store] in await store.relayLive(relayed) }
    }

    private struct LiveMessage: Codable {
        let orgPath: String
        let person: String?
        let text: String
    }

    private func deliverLive(_ message: LiveMessage) {
        let audience: Audience = { Access.canSee($0, personEvent: message.person, orgPath: message.orgPath) }
        fanOut([(deflate.frame(message.text), audience)])
    }

    /// Where the log ends as this process starts: a client's replay reaches up to here, live delivery follows.
    func begin(at tail: Int64) {
        state.withLock { $0.tail = tail }
    }

    /// Waits for shutdown, then tells each client and returns once every socket has closed, so shutdown finishes
    /// these writes.
    func run() async throws {
        // Other instances' live messages until shutdown.
        for await relayed in store.followLive().cancelOnGracefulShutdown() {
            if let message = try? JSONDecoder().decode(LiveMessage.self, from: Data(relayed.utf8)) { deliverLive(message) }
        }
        try? await gracefulShutdown()
        let links = state.withLock { s in s.connections.values.map(\.link) }
        let closed = links.map { $0.closed(code: .goingAway, reason: "server shutting down: reconnect and resume") }
        if let loop = links.first?.eventLoop {
            try? await EventLoopFuture.andAllComplete(closed, on: loop).get()
        }
    }

    /// The log's next events, in order (from the `LogFollower`): each goes to the clients allowed to see it.
    func follow(_ events: [StoredEvent]) {
        guard let last = events.last else { return }
        for session in events.compactMap(SessionEvents.endedSession) { endSession(session) }
        let frames = events.filter { !InternalEvents.isInternal($0) }.map { event -> (PushFrame, Audience) in
            let audience: Audience = {
                Access.canSee($0, personEvent: event.person, orgPath: event.orgPath, broadcast: event.broadcast)
            }
            return (deflate.frame(PushMessage.eventText(event)), audience)
        }
        // Fan out and move the tail under one lock: a client subscribing meanwhile either gets these events
        // live or, with the old tail, from its replay of the log; never neither, never both.
        fanOut(frames, then: { $0.tail = last.seq })
    }

    /// Closes the sockets of a session that ended (close code 4001).
    private func endSession(_ session: String) {
        let targets = state.withLock { s in
            s.loops.indices.flatMap { loop in s.members[loop].values.filter { $0.session == session }.map { (s.loops[loop], $0.handler) } }
        }
        for (loop, handler) in targets {
            loop.execute { handler.value.close(code: SessionEvents.closeCode, reason: "signed out: sign in again") }
        }
    }

    private func fanOut(_ frames: [(PushFrame, Audience)], then update: (inout State) -> Void = { _ in }) {
        let delivered = delivered
        state.withLock { s in
            // Queued under the lock, so jobs reach every event loop in the order of the log, each with the clients
            // subscribed at this moment.
            for (loop, members) in zip(s.loops, s.members) where !members.isEmpty {
                // Each loop writes its own copy of the frames: the writes retain and release the bytes' storage
                // thousands of times, and a storage shared by both loops' cores would bounce between their caches.
                let local = frames.map { ($0.0.copied(), $0.1) }
                loop.execute {
                    var count = 0
                    for member in members.values {
                        var pending: PushFrame?  // written once the next visible frame shows it is not the last
                        for (frame, audience) in local where audience(member.user) {
                            if let pending { member.handler.value.deliver(pending, flush: false) }
                            pending = frame
                            count += 1
                        }
                        if let pending { member.handler.value.deliver(pending, flush: true) }
                    }
                    if count > 0 { delivered.increment(by: count) }
                }
            }
            update(&s)
        }
    }
}
