import Foundation
import NIOWebSocket
import Storage

/// The push protocol's steps that need the database: authenticate the hello, replay what the client missed,
/// answer offers. Each runs as a short task and writes back through the connection's `Link`.
struct PushSessions: Sendable {
    let store: any TandemStore
    let hub: PushHub
    let desk: OfferDesk
    let clock: any TandemClock

    /// Answers the hello: `welcome`, the events after the client's offset that it may see, then the live stream.
    func start(_ hello: PushMessage.Inbound, token: String, link: PushConnection.Link) async {
        do {
            let sessionHash = Secrets.hash(token)
            guard token.count <= 128, let session = try await store.session(tokenHash: sessionHash, now: clock.now()) else {
                link.run { connection in
                    connection.problem(field: "token", reason: "the session token is unknown or has expired")
                    connection.close(code: .policyViolation, reason: "unauthorised")
                }
                return
            }
            let user = session.user
            let epoch = try await store.epoch()
            guard let tail = hub.subscribe(link.id, user: user, session: sessionHash) else { return }  // the socket is gone
            // A logout between the check above and the subscription was fanned out before this socket was a member.
            guard try await store.session(tokenHash: sessionHash, now: clock.now()) != nil else {
                return link.close(code: SessionEvents.closeCode, reason: "signed out: sign in again")
            }
            let recovered = hello.since != nil && hello.epoch == epoch
            let since = recovered ? (hello.since ?? 0) : tail
            let welcome = PushMessage.Welcome(epoch: epoch, recovered: recovered, since: since, tail: tail, user: UserView(user))
            try await link.write([hub.deflate.frame(PushMessage.json(welcome))])
            // Replay what the client missed, up to the tail the hub had when it subscribed us; live frames wait.
            var cursor = since
            while cursor < tail {
                let page = try await store.events(after: cursor, limit: 500)
                guard let last = page.last else { break }
                let frames = page.filter { event in
                    event.seq <= tail && !InternalEvents.isInternal(event) && Access.canSee(user, personEvent: event.person, orgPath: event.orgPath, broadcast: event.broadcast)
                }.map { hub.deflate.frame(PushMessage.eventText($0)) }
                try await link.write(frames)
                cursor = last.seq
            }
            let remaining = session.expiresAt.timeIntervalSince(clock.now())
            link.run { $0.goLive(user, sessionEndsIn: remaining) }
        } catch {
            link.close(code: .unexpectedServerError, reason: "the server could not read the event log: reconnect and resume")
        }
    }

    /// A message after the welcome. Acks and pings are answered on the event loop; offers need the database.
    func handle(_ text: String, user: UserAccount, link: PushConnection.Link) {
        guard let message = try? JSONDecoder().decode(PushMessage.Inbound.self, from: Data(text.utf8)) else {
            return link.run { $0.problem(field: "type", reason: "not a JSON message with a type") }
        }
        switch message.type {
        case "ack":
            break
        case "ping":
            struct Pong: Encodable { let type = "pong"; let seq: Int64? }
            let pong = PushMessage.json(Pong(seq: message.seq))
            link.run { $0.send(text: pong) }
        case "accept", "decline":
            guard let offer = message.offer else {
                return link.run { $0.problem(field: "offer", reason: "name the offer to \(message.type)") }
            }
            let desk = desk
            Task {
                do {
                    _ = try await desk.respond(offerID: offer, accept: message.type == "accept", by: user)
                } catch let error as APIError {
                    link.run { $0.problem(field: error.field, reason: error.reason) }
                } catch {
                    link.run { $0.problem(field: nil, reason: "the answer could not be saved: try again") }
                }
            }
        default:
            link.run { $0.problem(field: "type", reason: "unknown message type \(message.type)") }
        }
    }
}
