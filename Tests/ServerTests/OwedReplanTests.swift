import Foundation
import Scheduling
import Server
import Storage
import Testing

/// A re-plan is owed in the database, not held by an instance: one that an instance took and never finished (it
/// died) is taken by another once its lease runs out, answered, and deleted with its result.
@Suite(.serialized, .timeLimit(.minutes(2))) struct OwedReplanTests {
    @Test func aReplanLeftByADeadInstanceIsAnsweredByAnother() async throws {
        let clock = ShiftedClock(startingAt: Date(timeIntervalSince1970: 1_795_993_200))  // Monday 07:00, Shanghai
        try await LiveServer.with(clock: clock, configure: { $0.leaseSeconds = 1.5 }) { server in
            let admin = try await server.login()
            for unit in [["id": "d1", "name": "朝阳区", "level": "district"], ["id": "c1", "name": "永安里", "level": "street", "parent": "d1"]] {
                _ = try await server.request(.post, "/api/orgs", json: unit, token: admin)
            }
            let people: [[String: Any]] = [["id": "v1", "name": "张伟", "role": "volunteer"], ["id": "v2", "name": "李娜", "role": "volunteer"]]
            #expect(try await server.request(.put, "/api/orgs/c1/people", json: people, token: admin).0 == .ok)
            let tasks: [[String: Any]] = [["id": "meal", "kind": "groupActivity", "title": "社区活动", "site": ["lat": 39.9, "lon": 116.4],
                                           "start": "2026-12-01T11:00", "end": "2026-12-01T12:00", "seats": [["role": "volunteer"]]]]
            #expect(try await server.request(.put, "/api/orgs/c1/tasks", json: tasks, token: admin).0 == .ok)
            try await OfferFlowTests.solveAndPublish(server, admin: admin)

            // What a dead instance leaves: the offer declined, its week's re-plan taken under a lease, never finished.
            let week = try #require(LocalDate("2026-11-30"))
            let store = try await FluentStore.open(server.dataDirectory + "/tandem.sqlite", logger: LiveServer.quietLogger)
            let offered = try #require(try await store.offers(orgUnit: "c1", week: week).first { $0.status == .offered })
            let now = clock.now()
            _ = try await store.write { w in
                var declined = offered
                declined.status = .declined
                declined.respondedAt = now
                try await w.update(declined)
                try await w.requestReplan(ReplanRequest(id: "owed-1", orgUnit: "c1", week: week, reason: "declined by \(offered.person)",
                                                        causes: [offered.assignment], createdAt: now))
                #expect(try await w.claimReplans(owner: "instance-dead", now: now, until: now + 1).map(\.id) == ["owed-1"])
            }
            var refill: Offer?
            for _ in 0..<100 where refill == nil {
                try await Task.sleep(for: .milliseconds(100))
                refill = try await store.offers(orgUnit: "c1", week: week).first { $0.status == .offered && $0.person != offered.person }
            }
            #expect(refill?.task == offered.task, "the declined seat was not offered to the other volunteer")
            #expect(try await store.versions(orgUnit: "c1", week: week).last?.origin == "replan")
            // Answered once: the request went with the re-plan's result.
            let (left, _) = try await store.write { w in try await w.claimReplans(owner: "check", now: now + 3600, until: now + 3601) }
            #expect(left.isEmpty)
            await store.close()
        }
    }
}
