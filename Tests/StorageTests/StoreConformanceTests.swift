import Foundation
import Logging
import Scheduling
import Storage
import Synchronization
import Testing

/// What every database behind `TandemStore` must do alike: each test runs on SQLite and, when there is one, on
/// PostgreSQL (`TestDatabase`).
@Suite(.timeLimit(.minutes(3))) struct StoreConformanceTests {
    static let unit = OrgUnit(id: "c1", name: "永安里社区", level: .community, parent: nil, path: "/c1/")
    static let week = LocalDate(year: 2026, month: 11, day: 30)!

    @Test(arguments: TestDatabase.all) func eventsGetIncreasingSequenceNumbersInTheirTransaction(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let (_, first) = try await store.write { w in
                try await w.insert(Self.unit)
                try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
                try await w.emit(NewEvent(type: "b", orgPath: "/c1/", person: "v1", broadcast: true, payload: "{\"x\":1}"))
            }
            #expect(first.map(\.type) == ["a", "b"])
            #expect(first[1].seq == first[0].seq + 1)
            let logged = try await store.events(after: 0, limit: 10)
            #expect(logged.map(\.seq) == first.map(\.seq))
            #expect(logged.map(\.payload) == ["{}", "{\"x\":1}"])
            #expect(logged.map(\.person) == [nil, "v1"])
            #expect(logged.map(\.broadcast) == [false, true])
            #expect(try await store.lastEventSeq() == first[1].seq)
            // Paging: after the first, at most one.
            #expect(try await store.events(after: first[0].seq, limit: 1).map(\.type) == ["b"])
        }
    }

    @Test(arguments: TestDatabase.all) func aTransactionOfManyEventsKeepsTheirOrder(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            // More than one insert statement's worth (1,000 rows each).
            let (_, written) = try await store.write { w in
                for i in 0..<2_500 { try await w.emit(NewEvent(type: "e\(i)", orgPath: "/c1/", payload: "{}")) }
            }
            #expect(written.map(\.type) == (0..<2_500).map { "e\($0)" })
            #expect(zip(written, written.dropFirst()).allSatisfy { $1.seq == $0.seq + 1 })
            var logged: [StoredEvent] = []
            while let last = logged.last?.seq ?? Optional(0), case let page = try await store.events(after: last, limit: 1000), !page.isEmpty {
                logged += page
            }
            #expect(logged.map(\.type) == written.map(\.type))
        }
    }

    @Test(arguments: TestDatabase.all) func aFailedTransactionWritesNeitherChangeNorEvent(_ database: TestDatabase) async throws {
        struct Boom: Error {}
        try await database.withStore { store in
            let announcements = store.followCommits()
            await #expect(throws: Boom.self) {
                _ = try await store.write { w in
                    try await w.insert(Self.unit)
                    try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
                    throw Boom()
                }
            }
            #expect(try await store.orgUnit(id: "c1") == nil)
            #expect(try await store.events(after: 0, limit: 10).isEmpty)
            // Nothing was announced for it: the next announcement is the next commit's.
            let (_, events) = try await store.write { w in try await w.emit(NewEvent(type: "b", orgPath: "/c1/", payload: "{}")) }
            #expect(await Self.next(announcements, atLeast: events[0].seq) == events[0].seq)
        }
    }

    @Test(arguments: TestDatabase.all) func concurrentWritersReachAFollowerInOrderWithNoneSkipped(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let writers = 6, transactions = 40
            // A follower reads whatever is visible after its tail, as the push hub does, while the writers commit;
            // once they are done it reads once more.
            let done = Atomic<Bool>(false)
            let follower = Task {
                var seen: [Int64] = [], tail: Int64 = 0
                while true {
                    let finished = done.load(ordering: .acquiring)
                    let page = try await store.events(after: tail, limit: 500)
                    if let last = page.last { tail = last.seq; seen += page.map(\.seq); continue }
                    if finished { return seen }
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for t in 0..<transactions {
                            _ = try await store.write { w in
                                try await w.emit(NewEvent(type: "w\(writer)", orgPath: "/c1/", payload: "{\"t\":\(t)}"))
                                _ = try await w.credit(HoursEntry(offer: "o\(writer)-\(t)", person: "v\(writer)", task: "t", minutes: 1,
                                                                  creditedAt: Date()))
                                try await w.emit(NewEvent(type: "w\(writer)", orgPath: "/c1/", payload: "{\"t\":\(t)}"))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            done.store(true, ordering: .releasing)
            let seen = try await follower.value
            var all: [Int64] = []
            while case let page = try await store.events(after: all.last ?? 0, limit: 1000), !page.isEmpty { all += page.map(\.seq) }
            #expect(all.count == writers * transactions * 2)
            // What the follower saw while they committed is the whole log, in order: nothing skipped or repeated.
            let skipped = Set(all).subtracting(seen).sorted()
            #expect(skipped.isEmpty, "the follower never saw \(skipped.count) events: \(skipped.prefix(10))")
            #expect(seen.count == all.count && seen == all, "seen \(seen.count) of \(all.count), in order: \(seen == seen.sorted())")
        }
    }

    @Test(arguments: TestDatabase.all) func eachCommitIsAnnounced(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let announcements = store.followCommits()
            let observed = Observed()
            store.afterEachCommit { await observed.add($0) }
            let (_, events) = try await store.write { w in
                try await w.emit(NewEvent(type: "a", orgPath: "/c1/", payload: "{}"))
                try await w.emit(NewEvent(type: "b", orgPath: "/c1/", payload: "{}"))
            }
            #expect(await Self.next(announcements, atLeast: events[1].seq) == events[1].seq)
            #expect(await observed.values == [events[1].seq])
            // A transaction with no events announces nothing and is not observed.
            _ = try await store.write { w in try await w.insert(Self.unit) }
            #expect(await observed.values == [events[1].seq])
        }
    }

    @Test(arguments: TestDatabase.all) func hoursAreCreditedOncePerOffer(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let entry = HoursEntry(offer: "o1", person: "v1", task: "t1", minutes: 90, creditedAt: Date(timeIntervalSince1970: 1_000))
            let (first, _) = try await store.write { w in try await w.credit(entry) }
            let (second, _) = try await store.write { w in try await w.credit(entry) }
            #expect(first == true)
            #expect(second == false)
            #expect(try await store.hours(person: "v1") == [entry])
        }
    }

    @Test(arguments: TestDatabase.all) func subtreeQueriesFollowThePath(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let street = OrgUnit(id: "s1", name: "建外街道", level: .street, parent: nil, path: "/s1/")
            let inside = OrgUnit(id: "c2", name: "c2", level: .community, parent: "s1", path: "/s1/c2/")
            let person = Person(id: "v1", name: "张伟", role: .volunteer)
            let task = Self.task("t1")
            _ = try await store.write { w in
                try await w.insert(street)
                try await w.insert(inside)
                try await w.insert(Self.unit)
                try await w.upsert(PersonRecord(person: person, orgUnit: "c2", orgPath: inside.path))
                try await w.upsert(TaskRecord(task: task, orgUnit: "c2", orgPath: inside.path, recurrence: .weekly))
            }
            #expect(try await store.orgUnits(under: "/s1/").map(\.id) == ["s1", "c2"])
            #expect(try await store.orgUnits(under: "/").count == 3)
            #expect(try await store.people(under: "/s1/").map(\.person.name) == ["张伟"])
            #expect(try await store.people(under: "/c1/").isEmpty)
            #expect(try await store.tasks(under: "/s1/c2/").map(\.task) == [task])
            #expect(try await store.tasks(under: "/s1/c2/").map(\.recurrence) == [.weekly])
            // Upserting again replaces.
            var moved = person
            moved.name = "张伟伟"
            let renamed = moved
            _ = try await store.write { w in try await w.upsert(PersonRecord(person: renamed, orgUnit: "s1", orgPath: street.path)) }
            #expect(try await store.person(id: "v1") == PersonRecord(person: moved, orgUnit: "s1", orgPath: street.path))
            #expect(try await store.people(under: "/s1/c2/").isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all) func aUnitKeepsItsPluginsAndRules(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            _ = try await store.write { w in try await w.insert(Self.unit) }
            var rules = UnitRules()
            rules.settings = ["offerLeadMinutes": 90]
            let chosen = rules
            _ = try await store.write { w in
                try await w.setPlugins(unitID: "c1", plugins: ["elder-meals"])
                try await w.setRules(unitID: "c1", rules: chosen)
            }
            let stored = try #require(try await store.orgUnit(id: "c1"))
            #expect(stored.plugins == ["elder-meals"])
            #expect(stored.rules == rules)
            _ = try await store.write { w in
                try await w.setPlugins(unitID: "c1", plugins: nil)
                try await w.setRules(unitID: "c1", rules: nil)
            }
            #expect(try await store.orgUnit(id: "c1")?.plugins == nil)
            #expect(try await store.orgUnit(id: "c1")?.rules == nil)
            await #expect(throws: StorageError.self) { _ = try await store.write { w in try await w.insert(Self.unit) } }
            await #expect(throws: StorageError.self) { _ = try await store.write { w in try await w.setRules(unitID: "nope", rules: nil) } }
        }
    }

    @Test(arguments: TestDatabase.all) func theEpochSurvivesAReopen(_ database: TestDatabase) async throws {
        let (location, remove) = try await database.make()
        let first = try await FluentStore.open(location, logger: TestDatabase.quiet)
        let epoch = try await first.epoch()
        await first.close()
        let second = try await FluentStore.open(location, logger: TestDatabase.quiet)
        #expect(try await second.epoch() == epoch)
        #expect(epoch.count == 36)
        await second.close()
        await remove()
    }

    @Test(arguments: TestDatabase.all) func usersSessionsAndInvitations(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var user = UserAccount(id: "u1", username: "coord", displayName: "李娜", role: .coordinator, orgUnit: "c1", orgPath: "/c1/",
                                   person: "v1", passwordHash: "x", calendarTokenHash: "feed:1")
            let first = user
            _ = try await store.write { w in
                try await w.insert(first)
                try await w.insertSession(tokenHash: "s-live", userID: "u1", expiresAt: now + 60)
                try await w.insertSession(tokenHash: "s-old", userID: "u1", expiresAt: now - 1)
                try await w.insertInvitation(tokenHash: "i1", userID: "u1", expiresAt: now + 60)
                try await w.insertInvitation(tokenHash: "i-old", userID: "u1", expiresAt: now - 1)
            }
            #expect(try await store.user(username: "coord") == user)
            #expect(try await store.user(calendarTokenHash: "feed:1")?.id == "u1")
            #expect(try await store.users(person: "v1").map(\.id) == ["u1"])
            #expect(try await store.userCount() == 1)
            #expect(try await store.session(tokenHash: "s-live", now: now)?.user == user)
            #expect(try await store.session(tokenHash: "s-old", now: now) == nil)
            let (redeemed, _) = try await store.write { w in try await w.redeemInvitation(tokenHash: "i1", now: now) }
            let (again, _) = try await store.write { w in try await w.redeemInvitation(tokenHash: "i1", now: now) }
            let (late, _) = try await store.write { w in try await w.redeemInvitation(tokenHash: "i-old", now: now) }
            #expect(redeemed == "u1")
            #expect(again == nil)
            #expect(late == nil)
            user.displayName = "李娜娜"
            user.calendarTokenHash = "feed:2"
            let changed = user
            _ = try await store.write { w in
                try await w.update(changed)
                try await w.updatePassword(userID: "u1", hash: "y")
                try await w.deleteSession(tokenHash: "s-live")
            }
            #expect(try await store.user(id: "u1")?.displayName == "李娜娜")
            #expect(try await store.user(id: "u1")?.passwordHash == "y")
            #expect(try await store.user(calendarTokenHash: "feed:1") == nil)
            #expect(try await store.session(tokenHash: "s-live", now: now) == nil)
        }
    }

    @Test(arguments: TestDatabase.all) func duplicateUsernamesAreAConflictNamingTheField(_ database: TestDatabase) async throws {
        try await database.withStore { store in
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

    @Test(arguments: TestDatabase.all) func versionsAndThePublishedOne(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let schedule = Schedule(assignments: [Assignment(task: "t1", seat: 0, person: "v1")], unfilled: [], score: Score(soft: -3),
                                    constraints: [], explanations: [])
            @Sendable func version(_ status: VersionStatus) -> ScheduleVersion {
                ScheduleVersion(id: 0, orgUnit: "c1", orgPath: "/c1/", week: Self.week, status: status, origin: "solve", schedule: schedule,
                                createdAt: Date(timeIntervalSince1970: 1_800_000_000), createdBy: "u1", rules: Rules())
            }
            let (ids, _) = try await store.write { w in
                [try await w.insertVersion(version(.published)), try await w.insertVersion(version(.draft))]
            }
            #expect(ids[1] > ids[0])
            #expect(try await store.publishedVersion(orgUnit: "c1", week: Self.week)?.id == ids[0])
            _ = try await store.write { w in
                try await w.setVersionStatus(id: ids[0], status: .superseded)
                try await w.setVersionStatus(id: ids[1], status: .published)
            }
            let published = try #require(try await store.publishedVersion(orgUnit: "c1", week: Self.week))
            #expect(published.id == ids[1])
            #expect(published.schedule == schedule)
            #expect(published.rules == Rules())
            #expect(try await store.versions(orgUnit: "c1", week: nil).map(\.status) == [.superseded, .published])
            #expect(try await store.versions(orgUnit: "c1", week: Self.week.adding(days: 7)).isEmpty)
            #expect(try await store.publishedVersion(orgUnit: "c2", week: Self.week) == nil)
        }
    }

    @Test(arguments: TestDatabase.all) func offersByUnitWeekPersonStateAndDeadline(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let start = LocalDateTime(date: Self.week, time: LocalTime(minuteOfDay: 9 * 60)!)
            func offer(_ id: String, unit: String, person: String, status: OfferStatus, deadline: Date, week: LocalDate = Self.week) -> Offer {
                Offer(id: id, orgUnit: unit, orgPath: "/\(unit)/", week: week, task: "t-\(id)", seat: 0, person: person, status: status,
                      deadline: deadline, version: 1, createdAt: now, start: start, end: LocalDateTime(minutes: start.minutes + 120))
            }
            let offers = [
                offer("a", unit: "c1", person: "v1", status: .offered, deadline: now - 10),
                offer("b", unit: "c1", person: "v2", status: .accepted, deadline: now - 10),
                offer("c", unit: "c2", person: "v1", status: .offered, deadline: now + 10),
                offer("d", unit: "c2", person: "v3", status: .declined, deadline: now - 10),
                offer("e", unit: "c1", person: "v1", status: .offered, deadline: now - 10, week: Self.week.adding(days: 7)),
            ]
            _ = try await store.write { w in for o in offers { try await w.insert(o) } }
            #expect(try await store.offer(id: "a") == offers[0])
            #expect(Set(try await store.offers(orgUnit: "c1", week: Self.week).map(\.id)) == ["a", "b"])
            #expect(Set(try await store.offers(week: Self.week, statuses: OfferStatus.live).map(\.id)) == ["a", "b", "c"])
            #expect(Set(try await store.offers(person: "v1").map(\.id)) == ["a", "c", "e"])
            #expect(Set(try await store.expiredOffers(now: now).map(\.id)) == ["a", "e"])
            let (byPeople, _) = try await store.write { w in try await w.liveOffers(week: Self.week, people: ["v1", "v3"]) }
            let (byTasks, _) = try await store.write { w in try await w.liveOffers(week: Self.week, tasks: ["t-b", "t-d"]) }
            #expect(Set(byPeople.map(\.id)) == ["a", "c"])
            #expect(byTasks.map(\.id) == ["b"])
            var answered = offers[0]
            answered.status = .declined
            answered.respondedAt = now
            let changed = answered
            _ = try await store.write { w in try await w.update(changed) }
            #expect(try await store.offer(id: "a") == changed)
            #expect(Set(try await store.expiredOffers(now: now).map(\.id)) == ["e"])
            await #expect(throws: StorageError.self) {
                var ghost = changed
                ghost.id = "ghost"
                let missing = ghost
                _ = try await store.write { w in try await w.update(missing) }
            }
        }
    }

    @Test(arguments: TestDatabase.all) func solveJobsByStatusInTheOrderAsked(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let jobs = (0..<3).map { i in
                SolveJob(id: "j\(i)", orgUnit: "c1", orgPath: "/c1/", week: Self.week, seconds: 2.5, seed: UInt64.max - UInt64(i),
                         status: .queued, requestedBy: "u1", createdAt: base + Double(i))
            }
            _ = try await store.write { w in for j in jobs.reversed() { try await w.insert(j) } }
            #expect(try await store.solveJobs(status: .queued).map(\.id) == ["j0", "j1", "j2"])
            var done = jobs[1]
            done.status = .done
            done.version = 7
            done.finishedAt = base + 10
            let finished = done
            _ = try await store.write { w in try await w.update(finished) }
            #expect(try await store.solveJob(id: "j1") == finished)
            #expect(try await store.solveJobs(status: .queued).map(\.id) == ["j0", "j2"])
            // The seed's full 64 bits survive.
            #expect(try await store.solveJob(id: "j0")?.seed == UInt64.max)
        }
    }

    @Test(arguments: TestDatabase.all) func solveJobsAreLeasedOneRunnerAtATime(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let jobs = (0..<4).map { i in
                SolveJob(id: "j\(i)", orgUnit: "c1", orgPath: "/c1/", week: Self.week, seconds: 1, seed: 1, status: .queued,
                         requestedBy: "u1", createdAt: base + Double(i))
            }
            _ = try await store.write { w in for j in jobs { try await w.insert(j) } }
            // Instances claiming at once each get a different job, oldest first; nobody gets one twice.
            let claimed = try await withThrowingTaskGroup(of: String?.self) { group in
                for i in 0..<6 {
                    group.addTask {
                        try await store.write { w in try await w.claimSolveJob(owner: "i\(i)", now: base, until: base + 30) }.0?.id
                    }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(claimed.sorted() == ["j0", "j1", "j2", "j3"])
            let lease = try #require(try await store.write { w in try await w.solveJobLease(id: "j0") }.0)
            #expect(lease.job.status == .running)
            #expect(lease.until == base + 30)
            let owner = try #require(lease.owner)
            // Within the lease nobody takes it; after, another instance does.
            #expect(try await store.write { w in try await w.claimSolveJob(owner: "late", now: base + 29, until: base + 60) }.0 == nil)
            _ = try await store.write { w in
                for id in ["j1", "j2", "j3"] { try await w.setSolveJobLease(id: id, owner: "i", until: base + 100) }
            }
            let taken = try await store.write { w in try await w.claimSolveJob(owner: "late", now: base + 31, until: base + 61) }.0
            #expect(taken?.id == "j0")
            #expect(try await store.write { w in try await w.solveJobLease(id: "j0") }.0?.owner == "late")
            #expect(owner != "late")
            // A finished job is never claimed again.
            var done = try #require(taken)
            done.status = .done
            let finished = done
            _ = try await store.write { w in
                try await w.update(finished)
                try await w.setSolveJobLease(id: "j0", owner: nil, until: nil)
            }
            #expect(try await store.write { w in try await w.claimSolveJob(owner: "x", now: base + 99, until: base + 130) }.0 == nil)
            #expect(try await store.write { w in try await w.solveJobLease(id: "nope") }.0 == nil)
        }
    }

    @Test(arguments: TestDatabase.all) func owedReplansAreTakenAWeekAtATimeAndFinishedByTheirHolder(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let base = Date(timeIntervalSince1970: 1_800_000_000), next = Self.week.adding(days: 7)
            let cause = Assignment(task: "t1", seat: 0, person: "v1")
            let requests = [
                ReplanRequest(id: "r1", orgUnit: "c1", week: Self.week, reason: "declined by v1", causes: [cause], createdAt: base),
                ReplanRequest(id: "r2", orgUnit: "c1", week: next, reason: "offers expired", causes: [], createdAt: base + 1),
                ReplanRequest(id: "r3", orgUnit: "c1", week: Self.week, reason: "declined by v2", causes: [cause], createdAt: base + 2),
            ]
            _ = try await store.write { w in for r in requests { try await w.requestReplan(r) } }
            // The oldest week first, with every request it owes; then the next week; then nothing.
            let first = try await store.write { w in try await w.claimReplans(owner: "a", now: base, until: base + 30) }.0
            #expect(first == [requests[0], requests[2]])
            #expect(try await store.write { w in try await w.claimReplans(owner: "b", now: base, until: base + 30) }.0.map(\.id) == ["r2"])
            #expect(try await store.write { w in try await w.claimReplans(owner: "b", now: base + 29, until: base + 59) }.0.isEmpty)
            // a's lease runs out: b takes its week, and a can no longer finish it.
            let taken = try await store.write { w in try await w.claimReplans(owner: "b", now: base + 31, until: base + 61) }.0
            #expect(taken.map(\.id) == ["r1", "r3"])
            #expect(try await store.write { w in try await w.finishReplans(ids: ["r1", "r3"], owner: "a") }.0 == false)
            #expect(try await store.write { w in try await w.finishReplans(ids: ["r1", "r3"], owner: "b") }.0 == true)
            #expect(try await store.write { w in try await w.finishReplans(ids: [], owner: "anyone") }.0 == true)
            let left = try await store.write { w in try await w.claimReplans(owner: "c", now: base + 999, until: base + 1000) }.0
            #expect(left.map(\.id) == ["r2"])
        }
    }

    // MARK: - Helpers

    static func task(_ id: String) -> ServiceTask {
        ServiceTask(id: id, kind: "elder-meal", title: "送餐", site: Site(lat: 39.9, lon: 116.4),
                    start: LocalDateTime(date: week, time: LocalTime(minuteOfDay: 11 * 60)!),
                    end: LocalDateTime(date: week, time: LocalTime(minuteOfDay: 12 * 60)!),
                    seats: [SeatRequirement()])
    }

    /// The first announcement of at least `seq` (nil after 10 s).
    static func next(_ announcements: AsyncStream<Int64>, atLeast seq: Int64) async -> Int64? {
        await first(of: announcements) { $0 >= seq }
    }

    /// The stream's first value that `matches` (nil after 10 s).
    static func first<T: Sendable>(of stream: AsyncStream<T>, where matches: @escaping @Sendable (T) -> Bool = { _ in true }) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await value in stream where matches(value) { return value }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

actor Observed {
    private(set) var values: [Int64] = []
    func add(_ value: Int64) { values.append(value) }
}
