import Foundation
import NIOWebSocket
import Storage

/// Events about sessions, for the push hubs of every instance and never for a client: a logout is logged, and each
/// hub closes that session's sockets when the event reaches it.
enum SessionEvents {
    static let endedType = "session.ended"
    /// The close code of a socket whose session ended (logout or expiry): the client should sign in again, not
    /// reconnect with the same token.
    static let closeCode = WebSocketErrorCode(codeNumber: 4001)

    struct Ended: Codable, Sendable {
        /// The hash of the ended session's token.
        let session: String
        let user: String
    }

    static func ended(session: String, user: UserAccount) -> NewEvent {
        NewEvent(type: endedType, orgPath: user.orgPath, payload: PushMessage.json(Ended(session: session, user: user.id)))
    }

    static func endedSession(_ event: StoredEvent) -> String? {
        guard event.type == endedType else { return nil }
        return try? JSONDecoder().decode(Ended.self, from: Data(event.payload.utf8)).session
    }
}
