import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

/// Push over a real wss:// connection: replay after a reconnect, the epoch check, and scope filtering.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PushResumeTests {
    /// Connects, says hello, collects `count` event messages (after the welcome), returns the welcome and the events.
    static func collect(_ server: LiveServer, token: String, since: Int64?, epoch: String?, count: Int,
                        then action: @escaping @Sendable () async throws -> Void = {}) async throws -> (welcome: [String: Any], seqs: [Int64]) {
        let box = Collected()
        try await WebSocketClient.connect(url: "wss://localhost:\(server.port)/ws", tlsConfiguration: server.tls,
                                          logger: LiveServer.quietLogger) { inbound, outbound, _ in
            var hello: [String: Any] = ["type": "hello", "token": token]
            if let since { hello["since"] = since }
            if let epoch { hello["epoch"] = epoch }
            try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: hello), as: UTF8.self)))
            var acted = false
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message,
                      let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                if json["type"] as? String == "welcome" {
                    box.welcome = json
                    if !acted { acted = true; try await action() }
                } else if json["type"] as? String == "event", let seq = json["seq"] as? Int64 {
                    box.seqs.append(seq)
                }
                if box.seqs.count >= count { break }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        return (box.welcome, box.seqs)
    }

    final class Collected: @unchecked Sendable {
        // Only touched from the one WebSocket handler task that fills it, then read after it has returned.
        var welcome: [String: Any] = [:]
        var seqs: [Int64] = []
    }

    static func post(_ server: LiveServer, token: String, org: String, count: Int) async throws -> [Int64] {
        let (status, body) = try await server.request(.post, "/api/orgs/\(org)/notices", json: ["text": "高温预警 heat alert", "repeatCount": count], token: token)
        #expect(status == .created)
        return ((body as? [String: Any])?["seqs"] as? [Int64]) ?? []
    }

    static func tree(_ server: LiveServer, admin: String) async throws {
        for unit in [["id": "d1", "name": "朝阳区", "level": "district"], ["id": "s1", "name": "建外街道", "level": "street", "parent": "d1"],
                     ["id": "s2", "name": "呼家楼街道", "level": "street", "parent": "d1"]] {
            let (status, _) = try await server.request(.post, "/api/orgs", json: unit, token: admin)
            #expect(status == .created)
        }
    }

    @Test func aReconnectingClientGetsExactlyWhatItMissed() async throws {
        try await LiveServer.with { server in
            let admin = try await server.login()
            try await Self.tree(server, admin: admin)
            let first = try await Self.post(server, token: admin, org: "s1", count: 20)
            let live = try await Self.collect(server, token: admin, since: 0, epoch: nil, count: 0)
            let epoch = try #require(live.welcome["epoch"] as? String)
            let seen = try await Self.collect(server, token: admin, since: 0, epoch: epoch, count: 20)
            #expect(seen.welcome["recovered"] as? Bool == true)
            #expect(seen.seqs == first)
            let missed = try await Self.post(server, token: admin, org: "s1", count: 30)
            let resumed = try await Self.collect(server, token: admin, since: first.last, epoch: epoch, count: 30)
            #expect(resumed.seqs == missed, "replayed exactly the 30 missed events, in order, once each")
        }
    }

    @Test func liveEventsFollowTheReplayWithoutGapOrRepeat() async throws {
        try await LiveServer.with { server in
            let admin = try await server.login()
            try await Self.tree(server, admin: admin)
            let before = try await Self.post(server, token: admin, org: "s1", count: 10)
            let epoch = try #require(try await Self.collect(server, token: admin, since: nil, epoch: nil, count: 0).welcome["epoch"] as? String)
            let result = try await Self.collect(server, token: admin, since: 0, epoch: epoch, count: 60) {
                _ = try await Self.post(server, token: admin, org: "s1", count: 50)
            }
            #expect(result.seqs.count == 60)
            #expect(result.seqs == Array(before.first!...(before.first! + 59)))
        }
    }

    @Test func aForeignEpochIsNotRecovered() async throws {
        try await LiveServer.with { server in
            let admin = try await server.login()
            try await Self.tree(server, admin: admin)
            _ = try await Self.post(server, token: admin, org: "s1", count: 5)
            let result = try await Self.collect(server, token: admin, since: 0, epoch: "another-database", count: 0)
            #expect(result.welcome["recovered"] as? Bool == false)
            #expect(result.welcome["tail"] as? Int64 == 5)
        }
    }

    @Test func aCoordinatorSeesOnlyTheirSubtree() async throws {
        try await LiveServer.with { server in
            let admin = try await server.login()
            try await Self.tree(server, admin: admin)
            let (status, _) = try await server.request(.post, "/api/users", json: ["username": "coord-s2", "role": "coordinator", "orgUnit": "s2",
                                                                                   "password": "coordinator-pass"], token: admin)
            #expect(status == .created)
            let coordinator = try await server.login("coord-s2", "coordinator-pass")
            _ = try await Self.post(server, token: admin, org: "s1", count: 5)
            let theirs = try await Self.post(server, token: admin, org: "s2", count: 3)
            _ = try await Self.post(server, token: admin, org: "s1", count: 5)
            let epoch = try #require(try await Self.collect(server, token: admin, since: nil, epoch: nil, count: 0).welcome["epoch"] as? String)
            let seen = try await Self.collect(server, token: coordinator, since: 0, epoch: epoch, count: 3)
            #expect(seen.seqs == theirs)
        }
    }
}
