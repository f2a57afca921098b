import FluentKit
import FluentSQL
import Foundation

/// Row locks and leases: how instances sharing the database divide work. On PostgreSQL a transaction locks the rows
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
