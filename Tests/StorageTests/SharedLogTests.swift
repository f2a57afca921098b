import Foundation
import Storage
import Testing

/// Several instances on one PostgreSQL database: each hears the others' commits (LISTEN/NOTIFY) and, after losing
/// its listen connection, catches up.
@Suite(.enabled(if: TestDatabase.postgresURL != nil, "needs TANDEM_TEST_POSTGRES"), .timeLimit(.minutes(3))) struct SharedLogTests {
    @Test func anInstanceHearsAnotherInstancesCommit() async throws {
        let (location, remove) = try await TestDatabase.postgres.make()
        let a = try await FluentStore.open(location, logger: TestDatabase.quiet)
        let b = try await FluentStore.open(location, logger: TestDatabase.quiet)
        let heardOnB = b.followCommits()
        try await TestDatabase.waitUntilListening(b)
        let (_, events) = try await a.write { w in
            try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
            try await w.emit(NewEvent(type: "b", orgPath: "/c1/", payload: "{}"))
        }
        // One notification per transaction, naming its last event; B reads the rows from the shared log.
        #expect(await StoreConformanceTests.next(heardOnB, atLeast: events[1].seq) == events[1].seq)
        #expect(try await b.events(after: 0, limit: 10).map(\.type) == ["a", "b"])
        await a.close()
        await b.close()
        await remove()
    }

    @Test func aLostListenConnectionReconnectsAndSaysLook() async throws {
        let (location, remove) = try await TestDatabase.postgres.make()
        let a = try await FluentStore.open(location, logger: TestDatabase.quiet)
        let b = try await FluentStore.open(location, logger: TestDatabase.quiet)
        try await TestDatabase.waitUntilListening(b)
        let heardOnB = b.followCommits()
        await b.dropListenConnection()
        // Committed while B may not be listening: the reconnect's "look" (0) covers it. A follower keeps only the
        // newest announcement, so when B is back before the commit, the commit's own number may replace the look;
        // either one makes the follower read what it lacks.
        let (_, missed) = try await a.write { w in try await w.emit(NewEvent(type: "missed", orgPath: "/c1/", payload: "{}")) }
        // Read once B is back, so that the initial connection's look cannot stand in for the reconnect's.
        let deadline = ContinuousClock.now + .seconds(10)
        while b.listenConnections < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(b.listenConnections >= 2)
        let announced = await StoreConformanceTests.first(of: heardOnB) { $0 == 0 || $0 >= missed[0].seq }
        #expect(announced != nil, "no announcement covers the commit made while the connection was down")
        #expect(try await b.events(after: 0, limit: 10).map(\.seq) == missed.map(\.seq))
        // And it hears what comes next.
        let (_, later) = try await a.write { w in try await w.emit(NewEvent(type: "later", orgPath: "/c1/", payload: "{}")) }
        #expect(await StoreConformanceTests.next(heardOnB, atLeast: later[0].seq) == later[0].seq)
        await a.close()
        await b.close()
        await remove()
    }

    @Test func aLiveMessageReachesTheOtherInstancesAndNotItsSender() async throws {
        let (location, remove) = try await TestDatabase.postgres.make()
        let a = try await FluentStore.open(location, logger: TestDatabase.quiet)
        let b = try await FluentStore.open(location, logger: TestDatabase.quiet)
        try await TestDatabase.waitUntilListening(a)
        try await TestDatabase.waitUntilListening(b)
        let onA = a.followLive(), onB = b.followLive()
        await a.relayLive("{\"type\":\"solve.progress\",\"n\":1}")
        await b.relayLive("from b")
        #expect(await StoreConformanceTests.first(of: onB) == "{\"type\":\"solve.progress\",\"n\":1}")
        // A hears B's, never its own: its first message is B's.
        #expect(await StoreConformanceTests.first(of: onA) == "from b")
        await a.close()
        await b.close()
        await remove()
    }

    @Test func instancesStartingTogetherMigrateOnce() async throws {
        let (location, remove) = try await TestDatabase.postgres.make()
        let stores = try await withThrowingTaskGroup(of: FluentStore.self) { group in
            for _ in 0..<3 { group.addTask { try await FluentStore.open(location, logger: TestDatabase.quiet) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let epochs = Set(try await stores.asyncMap { try await $0.epoch() })
        #expect(epochs.count == 1)
        for store in stores { await store.close() }
        await remove()
    }
}

/// `scripts/test` starts PostgreSQL and says so: without it this suite would run on SQLite alone, unnoticed.
@Suite struct TestDatabaseTests {
    @Test(.enabled(if: TestDatabase.postgresRequired)) func postgresIsThereWhenTheTestScriptStartedIt() async throws {
        try #require(TestDatabase.postgresURL != nil, "TANDEM_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES is not set")
        try await TestDatabase.postgres.withStore { store in #expect(store.backend == .postgres) }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
