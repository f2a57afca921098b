import Foundation
import Logging
import Scheduling
import Storage
import Testing

/// The store over a real SQLite file in a temporary folder.
@Suite struct FluentStoreTests {
    static func withStore(_ body: (FluentStore, String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/tandem.sqlite"
        let store = try await FluentStore.sqlite(path: path, logger: Self.quiet)
        do { try await body(store, path) } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    static let unit = OrgUnit(id: "c1", name: "永安里社区", level: .community, parent: nil, path: "/c1/")

    @Test func eventsGetIncreasingSequenceNumbersInTheirTransaction() async throws {
        try await Self.withStore { store, _ in
            let (_, first) = try await store.write { w in
                try await w.insert(Self.unit)
                try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
                try await w.emit(NewEvent(type: "b", orgPath: "/c1/", person: "v1", payload: "{\"x\":1}"))
            }
            #expect(first.map(\.type) == ["a", "b"])
            #expect(first[1].seq == first[0].seq + 1)
            let logged = try await store.events(after: 0, limit: 10)
            #expect(logged.map(\.seq) == first.map(\.seq))
            #expect(logged.map(\.payload) == ["{}", "{\"x\":1}"])
            #expect(logged.map(\.person) == [nil, "v1"])
            #expect(try await store.lastEventSeq() == first[1].seq)
        }
    }

    @Test func aFailedTransactionWritesNeitherChangeNorEvent() async throws {
        struct Boom: Error {}
        try await Self.withStore { store, _ in
            await #expect(throws: Boom.self) {
                _ = try await store.write { w in
                    try await w.insert(Self.unit)
                    try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
                    throw Boom()
                }
            }
            let unit = try await store.orgUnit(id: "c1")
            let events = try await store.events(after: 0, limit: 10)
            #expect(unit == nil)
            #expect(events.isEmpty)
        }
    }

    @Test func hoursAreCreditedOncePerOffer() async throws {
        try await Self.withStore { store, _ in
            let entry = HoursEntry(offer: "o1", person: "v1", task: "t1", minutes: 90, creditedAt: Date(timeIntervalSince1970: 1_000))
            let (first, _) = try await store.write { w in try await w.credit(entry) }
            let (second, _) = try await store.write { w in try await w.credit(entry) }
            #expect(first == true)
            #expect(second == false)
            #expect(try await store.hours(person: "v1").map(\.minutes) == [90])
        }
    }

    @Test func subtreeQueriesFollowThePath() async throws {
        try await Self.withStore { store, _ in
            let street = OrgUnit(id: "s1", name: "建外街道", level: .street, parent: nil, path: "/s1/")
            let inside = OrgUnit(id: "c2", name: "c2", level: .community, parent: "s1", path: "/s1/c2/")
            let person = Person(id: "v1", name: "张伟", role: .volunteer)
            _ = try await store.write { w in
                try await w.insert(street)
                try await w.insert(inside)
                try await w.insert(Self.unit)
                try await w.upsert(PersonRecord(person: person, orgUnit: "c2", orgPath: inside.path))
            }
            #expect(try await store.orgUnits(under: "/s1/").map(\.id) == ["s1", "c2"])
            #expect(try await store.people(under: "/s1/").map(\.person.name) == ["张伟"])
            #expect(try await store.people(under: "/c1/").isEmpty)
        }
    }

    @Test func theEpochSurvivesAReopen() async throws {
        try await reopen()
    }

    private func reopen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-epoch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await FluentStore.sqlite(path: folder + "/db.sqlite", logger: Self.quiet)
        let epoch = try await first.epoch()
        await first.close()
        let second = try await FluentStore.sqlite(path: folder + "/db.sqlite", logger: Self.quiet)
        #expect(try await second.epoch() == epoch)
        await second.close()
    }

    @Test func duplicateUsernamesAreAConflictNamingTheField() async throws {
        try await Self.withStore { store, _ in
            let user = UserAccount(id: "u1", username: "coord", displayName: "c", role: .coordinator, orgUnit: "c1", orgPath: "/c1/",
                                   person: nil, passwordHash: "x", calendarTokenHash: "t1")
            _ = try await store.write { w in try await w.insert(user) }
            let twin = UserAccount(id: "u2", username: "coord", displayName: "c", role: .coordinator, orgUnit: "c1",
                                   orgPath: "/c1/", person: nil, passwordHash: "x", calendarTokenHash: "t2")
            do {
                _ = try await store.write { w in try await w.insert(twin) }
                Issue.record("a second user named coord was stored")
            } catch let error as StorageError {
                #expect(error.isConflict)
                #expect(error.field == "username")
            }
        }
    }
}
