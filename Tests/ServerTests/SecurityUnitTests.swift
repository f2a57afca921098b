import Foundation
import Scheduling
import Storage
import Testing
@testable import Server

@Suite struct LoginLimiterTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func fiveFailuresMakeThatUserAtThatAddressWaitAndTheWaitDoubles() async {
        let limiter = LoginLimiter()
        let keys = LoginLimiter.keys(username: "Alice", address: "10.0.0.1")
        for _ in 0..<4 { await limiter.recordFailure(keys, now: now) }
        #expect(await limiter.retryAfter(keys, now: now) == nil)
        await limiter.recordFailure(keys, now: now)
        #expect(await limiter.retryAfter(keys, now: now) == 30)
        await limiter.recordFailure(keys, now: now.addingTimeInterval(31))
        #expect(await limiter.retryAfter(keys, now: now.addingTimeInterval(31)) == 60)
        // The same name in other letters is the same user; another user behind the address is not touched.
        #expect(await limiter.retryAfter(LoginLimiter.keys(username: "alice", address: "10.0.0.1"), now: now) != nil)
        #expect(await limiter.retryAfter(LoginLimiter.keys(username: "bob", address: "10.0.0.1"), now: now) == nil)
        #expect(await limiter.retryAfter(LoginLimiter.keys(username: "alice", address: "10.0.0.2"), now: now) == nil)
    }

    @Test func anAddressGuessingManyUsersWaitsAfterFifty() async {
        let limiter = LoginLimiter()
        for n in 0..<50 { await limiter.recordFailure(LoginLimiter.keys(username: "user\(n)", address: "10.0.0.9"), now: now) }
        #expect(await limiter.retryAfter(LoginLimiter.keys(username: "someone-else", address: "10.0.0.9"), now: now) != nil)
        #expect(await limiter.retryAfter(LoginLimiter.keys(username: "someone-else", address: "10.0.0.8"), now: now) == nil)
    }

    @Test func countsFadeAndSuccessClearsTheUser() async {
        let limiter = LoginLimiter(window: 900)
        let keys = LoginLimiter.keys(username: "carol", address: "10.0.0.3")
        for _ in 0..<4 { await limiter.recordFailure(keys, now: now) }
        await limiter.recordSuccess(keys)
        for _ in 0..<4 { await limiter.recordFailure(keys, now: now) }
        #expect(await limiter.retryAfter(keys, now: now) == nil)
        for _ in 0..<4 { await limiter.recordFailure(keys, now: now.addingTimeInterval(1000)) }
        #expect(await limiter.retryAfter(keys, now: now.addingTimeInterval(1000)) == nil)
    }

    @Test func memoryIsBoundedWhateverTheNames() async {
        let limiter = LoginLimiter(capacity: 1000)
        for n in 0..<20_000 {
            await limiter.recordFailure(LoginLimiter.keys(username: String(repeating: "x", count: 500) + "\(n)", address: "10.1.\(n % 250).\(n / 250)"),
                                        now: now.addingTimeInterval(Double(n)))
        }
        #expect(await limiter.count <= 1000)
    }
}

@Suite struct ExportEscapingTests {
    @Test(arguments: ["=CMD|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(1)", "\tx", "\rx"])
    func aCellThatWouldRunAsAFormulaIsNeutralised(_ cell: String) {
        let written = CSVTable.escape(cell)
        let unquoted = written.hasPrefix("\"") ? String(written.dropFirst()) : written
        #expect(unquoted.hasPrefix("'"))
    }

    @Test func ordinaryCellsStayAsTheyAre() {
        #expect(CSVTable.escape("张伟") == "张伟")
        #expect(CSVTable.escape("a,b") == "\"a,b\"")
    }

    @Test func icsTextHasNoBareLineBreaks() {
        let escaped = CalendarController.escape("a\rb\r\nc\nd;e,f")
        #expect(!escaped.contains("\r") && !escaped.contains("\n"))
        #expect(escaped == "a\\nb\\nc\\nd\\;e\\,f")
    }
}

@Suite struct CSVTextTests {
    @Test func gb18030IsReadWhenTheFileIsNotUTF8() throws {
        // 张三,志愿者 in GB18030.
        let bytes: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0xD6, 0xBE, 0xD4, 0xB8, 0xD5, 0xDF]
        let decoded = try #require(CSVText.decode(Data(bytes)))
        #expect(decoded.text == "张三,志愿者" && decoded.encoding == .gb18030)
        #expect(CSVText.decode(Data("张三".utf8))?.encoding == .utf8)
        #expect(CSVText.decode(Data([0x81])) == nil)  // a lead byte with nothing after it is neither
    }
}

@Suite struct UnfitNumberTests {
    struct Row: Decodable { let id: String; let minutes: Int?; let lat: Double? }

    @Test func theNumberThatDoesNotFitIsNamed() throws {
        let body = Data(#"[{"id":"a","minutes":5,"lat":30.5},{"id":"b","minutes":1e308,"lat":1.5}]"#.utf8)
        #expect((try? JSONDecoder().decode([Row].self, from: body)) == nil)
        let found = try #require(UnfitNumber.locate([Row].self, in: body))
        #expect(found.field == "[1].minutes")
    }
}

@Suite struct InvitationBindingTests {
    let record = PersonRecord(person: Person(id: "v1", name: "张伟", role: .volunteer), orgUnit: "ca", orgPath: "/d1/s1/ca/")

    func account(role: UserRole, unit: String = "ca", password: String? = nil) -> UserAccount {
        UserAccount(id: "u1", username: "person-v1", displayName: "张伟", role: role, orgUnit: unit, orgPath: "/d1/s1/\(unit)/",
                    person: "v1", passwordHash: password, calendarTokenHash: "h")
    }

    @Test func anInvitationOpensOnlyThePersonsOwnRoleInTheirUnit() {
        #expect(Invitations.matches(account(role: .volunteer), record))
        #expect(!Invitations.matches(account(role: .admin), record))
        #expect(!Invitations.matches(account(role: .coordinator), record))
        #expect(!Invitations.matches(account(role: .socialWorker), record))
        #expect(!Invitations.matches(account(role: .volunteer, unit: "cb"), record))
        #expect(!Invitations.matches(account(role: .volunteer, password: "bcrypt"), record))
    }
}
