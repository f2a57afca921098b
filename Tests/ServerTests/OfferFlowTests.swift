import Foundation
import HummingbirdWSClient
import Server
import Testing

/// The volunteer's side with the Swift WebSocket client: an offer arrives on the socket after publishing, and a
/// decline sent on the socket comes back as the declined offer.
@Suite(.serialized, .timeLimit(.minutes(2))) struct OfferFlowTests {
    @Test func aVolunteerReceivesTheirOfferOverWSSAndDeclinesIt() async throws {
        // Monday 07:00 in Shanghai of the week the test plans, before its tasks, whatever the real date.
        try await LiveServer.with(clock: ShiftedClock(startingAt: Date(timeIntervalSince1970: 1_795_993_200))) { server in
            let admin = try await server.login()
            for unit in [["id": "d1", "name": "朝阳区", "level": "district"], ["id": "c1", "name": "永安里", "level": "street", "parent": "d1"]] {
                _ = try await server.request(.post, "/api/orgs", json: unit, token: admin)
            }
            let people: [[String: Any]] = [["id": "v1", "name": "张伟", "role": "volunteer"]]
            #expect(try await server.request(.put, "/api/orgs/c1/people", json: people, token: admin).0 == .ok)
            let tasks: [[String: Any]] = [["id": "meal", "kind": "groupActivity", "title": "社区活动", "site": ["lat": 39.9, "lon": 116.4],
                                           "start": "2026-12-01T11:00", "end": "2026-12-01T12:00", "seats": [["role": "volunteer"]]]]
            #expect(try await server.request(.put, "/api/orgs/c1/tasks", json: tasks, token: admin).0 == .ok)
            let (_, invitation) = try await server.request(.post, "/api/people/v1/invitation", token: admin)
            let invite = try #require((invitation as? [String: Any])?["token"] as? String)
            let (_, joined) = try await server.request(.post, "/api/join", json: ["token": invite])
            let volunteer = try #require((joined as? [String: Any])?["token"] as? String)

            let seen = Seen()
            try await WebSocketClient.connect(url: "wss://localhost:\(server.port)/ws", tlsConfiguration: server.tls,
                                              logger: LiveServer.quietLogger) { inbound, outbound, _ in
                try await outbound.write(.text("{\"type\":\"hello\",\"token\":\"\(volunteer)\"}"))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                          let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                    if json["type"] as? String == "welcome" {
                        try await Self.solveAndPublish(server, admin: admin)
                        continue
                    }
                    let data = json["data"] as? [String: Any] ?? [:]
                    switch json["event"] as? String {
                    case "offer.created":
                        seen.offered = data
                        try await outbound.write(.text("{\"type\":\"decline\",\"offer\":\"\(data["id"] as? String ?? "")\"}"))
                    case "offer.declined":
                        seen.declined = data
                    default: break
                    }
                    if seen.declined != nil { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(seen.offered?["task"] as? String == "meal")
            #expect((seen.offered?["details"] as? [String: Any])?["title"] as? String == "社区活动")
            #expect(seen.declined?["id"] as? String == seen.offered?["id"] as? String)
            #expect(seen.declined?["status"] as? String == "declined")
        }
    }

    static func solveAndPublish(_ server: LiveServer, admin: String) async throws {
        let (_, job) = try await server.request(.post, "/api/orgs/c1/solves", json: ["week": "2026-11-30", "seconds": 0.3], token: admin)
        let id = try #require((job as? [String: Any])?["id"] as? String)
        var version: Int?
        for _ in 0..<200 where version == nil {
            try await Task.sleep(for: .milliseconds(50))
            let (_, state) = try await server.request(.get, "/api/solves/\(id)", token: admin)
            version = (state as? [String: Any])?["version"] as? Int
        }
        let (status, _) = try await server.request(.post, "/api/versions/\(try #require(version))/publish", token: admin)
        #expect(status == .ok)
    }

    final class Seen: @unchecked Sendable {
        // Written only by the one WebSocket handler task, read after it has returned.
        var offered: [String: Any]?
        var declined: [String: Any]?
    }
}
