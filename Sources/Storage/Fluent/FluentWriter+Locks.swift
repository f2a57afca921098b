import FluentKit
import FluentSQL
import Foundation
import Scheduling

/// Row locks, leases and advisory locks: how instances sharing the database divide work. On PostgreSQL a transaction locks the rows
/// it takes (`FOR UPDATE`, skipping rows another instance holds); SQLite has one writer, whose transaction holds
/// everything already.
extension FluentWriter {
    private var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw StorageError.unavailable("leases need an SQL database") }
            return sql
        }
    }

    private var lockRow: String { backend == .postgres ? " FOR UPDATE" : "" }
    private var lockFreeRow: String { backend == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }

    func claimSolveJob(owner: String, now: Date, until: Date) async throws -> SolveJob? {
        let rows = try await sql.raw("""
            SELECT id FROM solve_jobs
            WHERE status = \(bind: SolveJobStatus.queued.rawValue)
               OR (status = \(bind: SolveJobStatus.running.rawValue) AND (lease_until IS NULL OR lease_until < \(bind: now)))
            ORDER BY created_at, id LIMIT 1\(unsafeRaw: lockFreeRow)
            """).all()
        guard let id = try rows.first?.decode(column: "id", as: String.self),
              let model = try await SolveJobModel.find(id, on: db) else { return nil }
        model.status = SolveJobStatus.running.rawValue
        model.leaseOwner = owner
        model.leaseUntil = until
        try await model.update(on: db)
        return try FluentStore.record(model)
    }

    func solveJobLease(id: String) async throws -> SolveJobLease? {
        let rows = try await sql.raw("SELECT id FROM solve_jobs WHERE id = \(bind: id)\(unsafeRaw: lockRow)").all()
        guard !rows.isEmpty, let model = try await SolveJobModel.find(id, on: db) else { return nil }
        return SolveJobLease(job: try FluentStore.record(model), owner: model.leaseOwner, until: model.leaseUntil)
    }

    func setSolveJobLease(id: String, owner: String?, until: Date?) async throws {
        guard let model = try await SolveJobModel.find(id, on: db) else { throw StorageError.notFound("solve job \(id)") }
        model.leaseOwner = owner
        model.leaseUntil = until
        try await model.update(on: db)
    }
}

extension FluentWriter {
    func lock(_ keys: [LockKey]) async throws {
        guard backend == .postgres, !keys.isEmpty else { return }
        // Two 32-bit keys: the kind, then a stable hash of the name (two names sharing a hash only share a lock).
        // The log's own lock is a single 64-bit key, a space of its own.
        struct Pair: Hashable, Comparable {
            let kind: Int32, name: Int32
            static func < (a: Pair, b: Pair) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
        }
        let pairs = Set(keys.map { Pair(kind: Self.lockPair($0).0, name: Self.lockPair($0).1) }).sorted()
        let kinds = pairs.map(\.kind), names = pairs.map(\.name)
        // The subquery's order is the order the locks are taken in.
        try await sql.raw("""
            SELECT pg_advisory_xact_lock(kind, name) FROM
              (SELECT * FROM unnest(\(bind: kinds)::int4[], \(bind: names)::int4[]) AS keys(kind, name) ORDER BY kind, name) ordered
            """).run()
    }

    static func lockPair(_ key: LockKey) -> (Int32, Int32) {
        switch key {
        case .week(let unit, let week): (1, fnv1a("\(unit)|\(week)"))
        case .person(let id): (2, fnv1a(id))
        }
    }

    /// FNV-1a folded to 32 bits: the same on every instance (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    func offer(id: String) async throws -> Offer? {
        try await OfferModel.find(id, on: db).map(FluentStore.record)
    }

    func offers(orgUnit: String, week: LocalDate) async throws -> [Offer] {
        try await FluentStore.offers(orgUnit: orgUnit, week: week, on: db)
    }

    func publishedVersion(orgUnit: String, week: LocalDate) async throws -> ScheduleVersion? {
        try await FluentStore.publishedVersion(orgUnit: orgUnit, week: week, on: db)
    }

    func expiredOffers(now: Date) async throws -> [Offer] {
        try await FluentStore.expiredOffers(now: now, on: db)
    }
}

extension FluentWriter {
    func requestReplan(_ request: ReplanRequest) async throws {
        let model = ReplanModel()
        model.id = request.id
        model.orgUnit = request.orgUnit
        model.week = request.week.description
        model.reason = request.reason
        model.causes = try JSONText.encode(request.causes)
        model.createdAt = request.createdAt
        try await model.create(on: db)
    }

    func claimReplans(owner: String, now: Date, until: Date) async throws -> [ReplanRequest] {
        let waiting = "(lease_owner IS NULL OR lease_until < \(bind: now))" as SQLQueryString
        let first = try await sql.raw("""
            SELECT org_unit, week FROM replan_requests WHERE \(waiting) ORDER BY created_at, id LIMIT 1\(unsafeRaw: lockFreeRow)
            """).all()
        guard let row = first.first else { return [] }
        let unit = try row.decode(column: "org_unit", as: String.self), week = try row.decode(column: "week", as: String.self)
        let rows = try await sql.raw("""
            SELECT id FROM replan_requests WHERE org_unit = \(bind: unit) AND week = \(bind: week) AND \(waiting)
            ORDER BY created_at, id\(unsafeRaw: lockFreeRow)
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var claimed: [ReplanRequest] = []
        for model in try await ReplanModel.query(on: db).filter(\.$id ~~ ids).sort(\.$createdAt).sort(\.$id).all() {
            model.leaseOwner = owner
            model.leaseUntil = until
            try await model.update(on: db)
            claimed.append(ReplanRequest(id: model.id ?? "", orgUnit: model.orgUnit, week: try FluentStore.date(model.week),
                                         reason: model.reason, causes: try JSONText.decode([Assignment].self, model.causes),
                                         createdAt: model.createdAt))
        }
        return claimed
    }

    func finishReplans(ids: [String], owner: String) async throws -> Bool {
        guard !ids.isEmpty else { return true }
        let held = try await sql.raw("""
            SELECT id FROM replan_requests WHERE id IN \(SQLGroupExpression(ids.map { SQLBind($0) }))
              AND lease_owner = \(bind: owner)\(unsafeRaw: lockRow)
            """).all()
        guard held.count == ids.count else { return false }
        try await ReplanModel.query(on: db).filter(\.$id ~~ ids).delete()
        return true
    }
}
