import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Storage

/// `wss://HOST/ws`: the client says hello with its session token and the last sequence number it saw; the server
/// replays what it missed from the log, then streams new events. Clients may also ack and answer offers here.
struct PushEndpoint {
    let store: any TandemStore
    let hub: PushHub
    let desk: OfferDesk
    let clock: any TandemClock

    func add(to router: Router<BasicWebSocketRequestContext>) {
        router.ws("/ws") { inbound, outbound, _ in
            try await session(inbound: inbound, outbound: outbound)
        }
    }

    func session(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: 64 << 10).makeAsyncIterator()
        guard let first = try await messages.next(), case .text(let text) = first,
              let hello = try? JSONDecoder().decode(PushMessage.Inbound.self, from: Data(text.utf8)), hello.type == "hello",
              let token = hello.token else {
            try await send(outbound, PushMessage.Problem(field: "type", reason: "the first message must be {\"type\":\"hello\",\"token\":…}"))
            try await outbound.close(.policyViolation, reason: "hello expected")
            return
        }
        guard let user = try await store.session(tokenHash: Secrets.hash(token), now: clock.now()) else {
            try await send(outbound, PushMessage.Problem(field: "token", reason: "the session token is unknown or has expired"))
            try await outbound.close(.policyViolation, reason: "unauthorised")
            return
        }
        let epoch = try await store.epoch()
        let (id, frames, tail) = hub.subscribe(user)
        defer { hub.unsubscribe(id) }
        let recovered = hello.since != nil && hello.epoch == epoch
        let since = recovered ? (hello.since ?? 0) : tail
        try await send(outbound, PushMessage.Welcome(epoch: epoch, recovered: recovered, since: since, tail: tail, user: UserView(user)))
        // Replay what the client missed, up to the tail the hub had when it subscribed us.
        var cursor = since
        while cursor < tail {
            let page = try await store.events(after: cursor, limit: 500)
            guard let last = page.last else { break }
            for event in page where event.seq <= tail && Access.canSee(user, personEvent: event.person, orgPath: event.orgPath, broadcast: event.broadcast) {
                try await outbound.write(.text(PushMessage.eventText(event)))
            }
            cursor = last.seq
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    switch frame {
                    case .event(_, let text), .live(let text): try await outbound.write(.text(text))
                    }
                }
                // The queue ended without us leaving: the hub cut this client off as too slow.
                try await outbound.close(.init(codeNumber: 4008), reason: "too slow: reconnect and resume")
            }
            // Reading stays in this task (the iterator is not shareable); it ends when the socket closes.
            while let message = try await messages.next() {
                guard case .text(let text) = message else { continue }
                try await handle(text, user: user, outbound: outbound)
            }
            group.cancelAll()
        }
    }

    private func handle(_ text: String, user: UserAccount, outbound: WebSocketOutboundWriter) async throws {
        guard let message = try? JSONDecoder().decode(PushMessage.Inbound.self, from: Data(text.utf8)) else {
            try await send(outbound, PushMessage.Problem(field: "type", reason: "not a JSON message with a type"))
            return
        }
        switch message.type {
        case "ack", "ping":
            struct Pong: Encodable { let type = "pong"; let seq: Int64? }
            if message.type == "ping" { try await send(outbound, Pong(seq: message.seq)) }
        case "accept", "decline":
            guard let offer = message.offer else {
                try await send(outbound, PushMessage.Problem(field: "offer", reason: "name the offer to \(message.type)"))
                return
            }
            do {
                _ = try await desk.respond(offerID: offer, accept: message.type == "accept", by: user)
            } catch let error as APIError {
                try await send(outbound, PushMessage.Problem(field: error.field, reason: error.reason))
            }
        default:
            try await send(outbound, PushMessage.Problem(field: "type", reason: "unknown message type \(message.type)"))
        }
    }

    private func send<T: Encodable>(_ outbound: WebSocketOutboundWriter, _ message: T) async throws {
        try await outbound.write(.text(PushMessage.json(message)))
    }
}
