import Foundation
import Scheduling

/// Everything the server reads. One implementation, `FluentStore`, over SQLite (the embedded default, one instance)
/// or PostgreSQL (several instances). Callers never see the database: they get and give plain values.
public protocol TandemStore: Sendable {
    /// Whether several instances may use this database at once (PostgreSQL), or only this process (SQLite).
    var isShared: Bool { get }

    /// A random id made when the database was created: a client's event offsets are meaningful only within it.
    func epoch() async throws -> String

    func orgUnit(id: String) async throws -> OrgUnit?
    func orgUnits(under path: String) async throws -> [OrgUnit]

    func user(id: String) async throws -> UserAccount?
    func user(username: String) async throws -> UserAccount?
    func user(calendarTokenHash: String) async throws -> UserAccount?
    /// The accounts that act as this person (an invitation account, and staff accounts linked to the person).
    func users(person: String) async throws -> [UserAccount]
    func userCount() async throws -> Int
    /// The session a token (by its hash) opens; nil when unknown or expired at `now`.
    func session(tokenHash: String, now: Date) async throws -> LiveSession?

    func people(under path: String) async throws -> [PersonRecord]
    func person(id: String) async throws -> PersonRecord?
    func tasks(under path: String) async throws -> [TaskRecord]
    func task(id: String) async throws -> TaskRecord?

    func version(id: Int) async throws -> ScheduleVersion?
    func versions(orgUnit: String, week: LocalDate?) async throws -> [ScheduleVersion]
    func publishedVersion(orgUnit: String, week: LocalDate) async throws -> ScheduleVersion?

    func offer(id: String) async throws -> Offer?
    func offers(orgUnit: String, week: LocalDate) async throws -> [Offer]
    /// Every unit's offers of the week in these states: the timelines of people across units.
    func offers(week: LocalDate, statuses: [OfferStatus]) async throws -> [Offer]
    func offers(person: String) async throws -> [Offer]
    /// Offers still waiting for an answer whose deadline is before `now`.
    func expiredOffers(now: Date) async throws -> [Offer]

    func solveJob(id: String) async throws -> SolveJob?
    func solveJobs(status: SolveJobStatus) async throws -> [SolveJob]

    func hours(person: String) async throws -> [HoursEntry]

    /// Events with `seq > after`, oldest first, at most `limit`.
    func events(after: Int64, limit: Int) async throws -> [StoredEvent]
    func lastEventSeq() async throws -> Int64

    /// Runs `body` in one transaction: its changes and the events it emits commit together or not at all.
    /// Returns the body's result and the events as written, with their sequence numbers, once every
    /// `afterEachCommit` observer has seen the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) async throws -> T) async throws -> (T, [StoredEvent])

    /// "The log reached N", after each commit that wrote events: this process's commits and, on a shared database,
    /// every instance's (0: "look", after a lost connection to the announcements came back).
    func followCommits() -> AsyncStream<Int64>
    /// Awaited after each of this process's commits that wrote events, with its last sequence number, before
    /// `write` returns: what follows the log here (the push hub, the model caches) has seen a change before its
    /// writer's caller goes on.
    func afterEachCommit(_ observer: @escaping @Sendable (Int64) async -> Void)

    /// Hands a message that is never logged (a solve's progress) to every other instance on the database, at most
    /// 8,000 bytes; nothing on SQLite, which has no other instance. A message lost on the way is not sent again.
    func relayLive(_ message: String) async
    /// The live messages other instances relay.
    func followLive() -> AsyncStream<String>
}

/// What a transaction locks: a unit's week (publishing it), then people (changing their offers).
public enum LockKey: Hashable, Comparable, Sendable {
    case week(unit: String, week: LocalDate)
    case person(String)
}

/// A re-plan a week owes: after a decline, an expiry or a pin, with the seats and people that call for it.
public struct ReplanRequest: Sendable, Hashable {
    public var id: String
    public var orgUnit: String
    public var week: LocalDate
    public var reason: String
    public var causes: [Assignment]
    public var createdAt: Date

    public init(id: String, orgUnit: String, week: LocalDate, reason: String, causes: [Assignment], createdAt: Date) {
        self.id = id
        self.orgUnit = orgUnit
        self.week = week
        self.reason = reason
        self.causes = causes
        self.createdAt = createdAt
    }
}

/// Who runs a solve job, and until when their lease holds.
public struct SolveJobLease: Sendable, Hashable {
    public var job: SolveJob
    public var owner: String?
    public var until: Date?

    public init(job: SolveJob, owner: String?, until: Date?) {
        self.job = job
        self.owner = owner
        self.until = until
    }
}

/// The changes one transaction may make. Every change that someone watches emits an event here, in the same
/// transaction.
public protocol StoreWriter: Sendable {
    func emit(_ event: NewEvent) async throws

    /// Holds these locks to the end of the transaction, taken in one order (`LockKey`'s), so two transactions never
    /// wait on each other in a circle. What changes a person's offers holds that person's lock; what publishes a
    /// unit's week holds that week's, before its people's. PostgreSQL advisory locks; on SQLite, whose one writer
    /// holds everything already, nothing.
    func lock(_ keys: [LockKey]) async throws

    /// Reads inside the transaction, after its locks: what it decides on cannot change before it commits.
    func offer(id: String) async throws -> Offer?
    func offers(orgUnit: String, week: LocalDate) async throws -> [Offer]
    func publishedVersion(orgUnit: String, week: LocalDate) async throws -> ScheduleVersion?
    func expiredOffers(now: Date) async throws -> [Offer]

    func insert(_ unit: OrgUnit) async throws
    /// Sets the plugins an org unit enables (nil: inherit from its parent).
    func setPlugins(unitID: String, plugins: [String]?) async throws
    /// The unit's own rules (nil: it sets none and inherits all).
    func setRules(unitID: String, rules: UnitRules?) async throws
    func insert(_ user: UserAccount) async throws
    /// Changes an account's name, role, unit, person and calendar secret (never its username or password).
    func update(_ user: UserAccount) async throws
    func updatePassword(userID: String, hash: String) async throws
    func insertSession(tokenHash: String, userID: String, expiresAt: Date) async throws
    func deleteSession(tokenHash: String) async throws
    func insertInvitation(tokenHash: String, userID: String, expiresAt: Date) async throws
    /// Uses up an invitation: returns its user when it exists, is unused and has not expired at `now`.
    func redeemInvitation(tokenHash: String, now: Date) async throws -> String?

    func upsert(_ person: PersonRecord) async throws
    func upsert(_ task: TaskRecord) async throws

    /// Stores a new version and returns its id.
    func insertVersion(_ version: ScheduleVersion) async throws -> Int
    func setVersionStatus(id: Int, status: VersionStatus) async throws

    func insert(_ offer: Offer) async throws
    func update(_ offer: Offer) async throws
    /// The live offers of these people in the week, at every unit, as this transaction sees them.
    func liveOffers(week: LocalDate, people: [String]) async throws -> [Offer]
    /// The live offers on these tasks' seats in the week, at every unit.
    func liveOffers(week: LocalDate, tasks: [String]) async throws -> [Offer]

    func insert(_ job: SolveJob) async throws
    func update(_ job: SolveJob) async throws
    /// Takes the oldest job waiting for a runner (queued, or running under a lease that ran out before `now`) for
    /// `owner` until `until`, skipping any another instance is taking right now. Nil when there is none.
    func claimSolveJob(owner: String, now: Date, until: Date) async throws -> SolveJob?
    /// The job and its lease, locked to the end of this transaction.
    func solveJobLease(id: String) async throws -> SolveJobLease?
    func setSolveJobLease(id: String, owner: String?, until: Date?) async throws

    /// Records that `request.week` owes a re-plan, in the transaction of what calls for it.
    func requestReplan(_ request: ReplanRequest) async throws
    /// Takes the re-plans owed to one week (the oldest waiting, and every other of the same unit's week waiting
    /// with it) for `owner` until `until`; a request is waiting while nobody holds it or its lease ran out before
    /// `now`. Empty when none waits.
    func claimReplans(owner: String, now: Date, until: Date) async throws -> [ReplanRequest]
    /// Deletes these requests if `owner` still holds them all; returns whether it did (else nothing is deleted).
    func finishReplans(ids: [String], owner: String) async throws -> Bool

    /// Credits hours once per offer; returns false when that offer was already credited.
    func credit(_ entry: HoursEntry) async throws -> Bool
}
