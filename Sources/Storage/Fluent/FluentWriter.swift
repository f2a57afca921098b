import FluentKit
import FluentSQL
import Foundation
import Scheduling

/// The changes of one transaction. An actor so the events it writes keep the order they were emitted in.
actor FluentWriter: StoreWriter {
    let db: any Database
    let backend: FluentStore.Backend
    /// Emitted, not yet in the log: they are appended together at the end of the transaction.
    private var pending: [(NewEvent, Date)] = []

    init(db: any Database, backend: FluentStore.Backend) {
        self.db = db
        self.backend = backend
    }

    func emit(_ event: NewEvent) async throws {
        pending.append((event, Date()))
    }

    /// Appends the transaction's events to the log, last thing before its commit, and returns them with their
    /// sequence numbers.
    ///
    /// A sequence number is drawn at insert, not at commit: were two PostgreSQL transactions to append at once, the
    /// later number could commit first, and a follower that read it would never look back for the earlier one. So
    /// appending takes a lock held to the commit, and numbers reach the log in the order they commit. (SQLite has
    /// one writer: its transactions are in order already.) The same statement notifies every instance that the log
    /// reached its last number; PostgreSQL sends it at commit, and not at all on a rollback.
    func appendEvents() async throws -> [StoredEvent] {
        guard !pending.isEmpty else { return [] }
        guard let sql = db as? any SQLDatabase else { throw StorageError.unavailable("the event log needs an SQL database") }
        var written: [StoredEvent] = []
        written.reserveCapacity(pending.count)
        // Rows in chunks: a statement has at most 32,766 (SQLite) or 65,535 (PostgreSQL) parameters, six per row.
        for start in stride(from: 0, to: pending.count, by: 1000) {
            let chunk = pending[start..<min(start + 1000, pending.count)]
            let rows = backend == .postgres ? try await sql.raw(Self.lockedAppend(chunk)).all() : try await Self.insert(chunk, into: sql).all()
            // Numbers are drawn in the rows' order; sorted, so the order they come back in does not matter.
            let seqs = try rows.map { try $0.decode(column: "seq", as: Int64.self) }.sorted()
            guard seqs.count == chunk.count else { throw StorageError.unavailable("the event log returned \(seqs.count) of \(chunk.count) rows") }
            for ((event, at), seq) in zip(chunk, seqs) {
                written.append(StoredEvent(seq: seq, type: event.type, orgPath: event.orgPath, person: event.person,
                                           broadcast: event.broadcast, payload: event.payload, createdAt: at))
            }
        }
        pending.removeAll()
        return written
    }

    private static func insert(_ chunk: ArraySlice<(NewEvent, Date)>, into sql: any SQLDatabase) -> SQLReturningResultBuilder<SQLInsertBuilder> {
        var insert = sql.insert(into: EventModel.schema).columns("type", "org_path", "person_id", "broadcast", "payload", "created_at")
        for (event, at) in chunk {
            insert = insert.values(SQLBind(event.type), SQLBind(event.orgPath), SQLBind(event.person), SQLBind(event.broadcast),
                                   SQLBind(event.payload), SQLBind(at))
        }
        return insert.returning("seq")
    }

    /// PostgreSQL: the log's lock, the rows and the notification in one statement, so the lock that orders every
    /// instance's appends is held for one round trip and the commit rather than three. The rows are drawn from a
    /// join with the lock's result, so no number is drawn before the lock is held.
    private static func lockedAppend(_ chunk: ArraySlice<(NewEvent, Date)>) -> SQLQueryString {
        let values = chunk.map { event, at -> SQLQueryString in
            "(\(bind: event.type), \(bind: event.orgPath), \(bind: event.person), \(bind: event.broadcast), \(bind: event.payload), \(bind: at))"
        }
        return """
            WITH log_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(\(bind: FluentStore.logLock))), \
            appended AS (INSERT INTO \(ident: EventModel.schema) (type, org_path, person_id, broadcast, payload, created_at) \
            SELECT v.* FROM (VALUES \(values.joined(separator: ", "))) AS v, log_lock RETURNING seq), \
            notified AS MATERIALIZED (SELECT pg_notify(\(bind: PostgresListener.channel), max(seq)::text) FROM appended) \
            SELECT seq FROM appended, notified
            """
    }

    func insert(_ unit: OrgUnit) async throws {
        if try await OrgUnitModel.find(unit.id, on: db) != nil {
            throw StorageError.conflict("an org unit with id \(unit.id) exists already", field: "id")
        }
        let m = OrgUnitModel()
        m.id = unit.id; m.name = unit.name; m.level = unit.level.rawValue; m.parentID = unit.parent; m.path = unit.path
        m.plugins = try unit.plugins.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        m.rules = try unit.rules.map { try JSONText.encode($0) }
        try await m.create(on: db)
    }

    func setPlugins(unitID: String, plugins: [String]?) async throws {
        guard let m = try await OrgUnitModel.find(unitID, on: db) else { throw StorageError.notFound("org unit \(unitID)") }
        m.plugins = try plugins.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await m.update(on: db)
    }

    func setRules(unitID: String, rules: UnitRules?) async throws {
        guard let m = try await OrgUnitModel.find(unitID, on: db) else { throw StorageError.notFound("org unit \(unitID)") }
        m.rules = try rules.map { try JSONText.encode($0) }
        try await m.update(on: db)
    }

    func insert(_ user: UserAccount) async throws {
        if try await UserModel.query(on: db).filter(\.$username == user.username).count() > 0 {
            throw StorageError.conflict("the username \(user.username) is taken", field: "username")
        }
        let m = UserModel()
        m.id = user.id; m.username = user.username; m.displayName = user.displayName; m.role = user.role.rawValue
        m.orgUnit = user.orgUnit; m.orgPath = user.orgPath; m.personID = user.person; m.passwordHash = user.passwordHash
        m.calendarTokenHash = user.calendarTokenHash
        try await m.create(on: db)
    }

    func update(_ user: UserAccount) async throws {
        guard let m = try await UserModel.find(user.id, on: db) else { throw StorageError.notFound("user \(user.id)") }
        m.displayName = user.displayName; m.role = user.role.rawValue; m.orgUnit = user.orgUnit; m.orgPath = user.orgPath
        m.personID = user.person; m.calendarTokenHash = user.calendarTokenHash
        try await m.update(on: db)
    }

    func updatePassword(userID: String, hash: String) async throws {
        guard let m = try await UserModel.find(userID, on: db) else { throw StorageError.notFound("user \(userID)") }
        m.passwordHash = hash
        try await m.update(on: db)
    }

    func insertSession(tokenHash: String, userID: String, expiresAt: Date) async throws {
        let m = SessionModel()
        m.id = tokenHash; m.userID = userID; m.expiresAt = expiresAt
        try await m.create(on: db)
    }

    func deleteSession(tokenHash: String) async throws {
        try await SessionModel.query(on: db).filter(\.$id == tokenHash).delete()
    }

    func insertInvitation(tokenHash: String, userID: String, expiresAt: Date) async throws {
        let m = InvitationModel()
        m.id = tokenHash; m.userID = userID; m.expiresAt = expiresAt
        try await m.create(on: db)
    }

    func redeemInvitation(tokenHash: String, now: Date) async throws -> String? {
        guard let m = try await InvitationModel.find(tokenHash, on: db), m.usedAt == nil, m.expiresAt > now else { return nil }
        m.usedAt = now
        try await m.update(on: db)
        return m.userID
    }

    func upsert(_ record: PersonRecord) async throws {
        let m = try await PersonModel.find(record.person.id, on: db) ?? PersonModel()
        m.id = record.person.id; m.orgUnit = record.orgUnit; m.orgPath = record.orgPath
        m.data = try JSONText.encode(record.person)
        try await m.save(on: db)
    }

    func upsert(_ record: TaskRecord) async throws {
        let m = try await TaskModel.find(record.task.id, on: db) ?? TaskModel()
        m.id = record.task.id; m.orgUnit = record.orgUnit; m.orgPath = record.orgPath
        m.recurrence = record.recurrence.rawValue
        m.data = try JSONText.encode(record.task)
        try await m.save(on: db)
    }

    func insertVersion(_ version: ScheduleVersion) async throws -> Int {
        let m = VersionModel()
        m.orgUnit = version.orgUnit; m.orgPath = version.orgPath; m.week = version.week.description
        m.status = version.status.rawValue; m.origin = version.origin; m.data = try JSONText.encode(version.schedule)
        m.createdAt = version.createdAt; m.createdBy = version.createdBy
        m.rules = try version.rules.map { try JSONText.encode($0) }
        try await m.create(on: db)
        guard let id = m.id else { throw StorageError.unavailable("the database gave no id for a new version") }
        return id
    }

    func setVersionStatus(id: Int, status: VersionStatus) async throws {
        guard let m = try await VersionModel.find(id, on: db) else { throw StorageError.notFound("version \(id)") }
        m.status = status.rawValue
        try await m.update(on: db)
    }

    func insert(_ offer: Offer) async throws {
        let m = OfferModel()
        Self.fill(m, offer)
        try await m.create(on: db)
    }

    func update(_ offer: Offer) async throws {
        guard let m = try await OfferModel.find(offer.id, on: db) else { throw StorageError.notFound("offer \(offer.id)") }
        Self.fill(m, offer)
        try await m.update(on: db)
    }

    private static func fill(_ m: OfferModel, _ o: Offer) {
        m.id = o.id; m.orgUnit = o.orgUnit; m.orgPath = o.orgPath; m.week = o.week.description; m.taskID = o.task
        m.seat = o.seat; m.personID = o.person; m.status = o.status.rawValue; m.deadline = o.deadline; m.versionID = o.version
        m.createdAt = o.createdAt; m.respondedAt = o.respondedAt; m.checkedInAt = o.checkedInAt; m.checkedOutAt = o.checkedOutAt
        m.startsAt = o.start?.minutes; m.endsAt = o.end?.minutes
    }

    func liveOffers(week: LocalDate, tasks: [String]) async throws -> [Offer] {
        guard !tasks.isEmpty else { return [] }
        return try await OfferModel.query(on: db).filter(\.$week == week.description).filter(\.$taskID ~~ tasks)
            .filter(\.$status ~~ OfferStatus.live.map(\.rawValue)).all().map(FluentStore.record)
    }

    func liveOffers(week: LocalDate, people: [String]) async throws -> [Offer] {
        guard !people.isEmpty else { return [] }
        return try await OfferModel.query(on: db).filter(\.$week == week.description).filter(\.$personID ~~ people)
            .filter(\.$status ~~ OfferStatus.live.map(\.rawValue)).all().map(FluentStore.record)
    }

    func insert(_ job: SolveJob) async throws {
        let m = SolveJobModel()
        Self.fill(m, job)
        try await m.create(on: db)
    }

    func update(_ job: SolveJob) async throws {
        guard let m = try await SolveJobModel.find(job.id, on: db) else { throw StorageError.notFound("solve job \(job.id)") }
        Self.fill(m, job)
        try await m.update(on: db)
    }

    private static func fill(_ m: SolveJobModel, _ j: SolveJob) {
        m.id = j.id; m.orgUnit = j.orgUnit; m.orgPath = j.orgPath; m.week = j.week.description; m.seconds = j.seconds
        m.seed = Int64(bitPattern: j.seed); m.status = j.status.rawValue; m.requestedBy = j.requestedBy
        m.createdAt = j.createdAt; m.finishedAt = j.finishedAt; m.versionID = j.version; m.error = j.error
    }

    func credit(_ entry: HoursEntry) async throws -> Bool {
        if try await HoursModel.find(entry.offer, on: db) != nil { return false }
        let m = HoursModel()
        m.id = entry.offer; m.personID = entry.person; m.taskID = entry.task; m.minutes = entry.minutes
        m.creditedAt = entry.creditedAt
        try await m.create(on: db)
        return true
    }
}
