import Foundation
import Storage

/// The push protocol's messages (docs/push-protocol.md). Server → client messages are JSON objects with a `type`.
enum PushMessage {
    /// `{"type":"event","seq":N,"event":"offer.created","at":"…","data":{…}}`: one entry of the durable log.
    static func eventText(_ event: StoredEvent) -> String {
        // Every event is framed once per instance that follows it: a format style, not a new ICU formatter each time.
        let at = event.createdAt.formatted(.iso8601)
        return "{\"type\":\"event\",\"seq\":\(event.seq),\"event\":\(quote(event.type)),\"at\":\"\(at)\",\"data\":\(event.payload)}"
    }

    static func quote(_ text: String) -> String {
        // Event types are plain names; only text that needs escaping goes through the encoder.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) { return "\"\(text)\"" }
        return (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
    }

    static func json<T: Encodable>(_ value: T) -> String {
        (try? String(decoding: JSONBody.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// What a client sends.
    struct Inbound: Decodable {
        let type: String
        let token: String?
        let since: Int64?
        let epoch: String?
        let seq: Int64?
        let offer: String?
    }

    struct Welcome: Encodable {
        let type = "welcome"
        let epoch: String
        /// True when every event after `since` will follow; false when the client's offset is from another
        /// database (epoch changed) or it sent none: it should reload its state over HTTP and go on from `tail`.
        let recovered: Bool
        let since: Int64
        let tail: Int64
        let user: UserView
    }

    struct Problem: Encodable {
        let type = "error"
        let field: String?
        let reason: String
    }
}
