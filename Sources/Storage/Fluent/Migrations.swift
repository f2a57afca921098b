import FluentSQL
import Foundation

/// The schema, version 1. Works on SQLite and PostgreSQL alike; later changes are new migrations, never edits.
struct CreateSchemaV1: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(MetaModel.schema)
            .field("key", .string, .identifier(auto: false)).field("value", .string, .required).create()
        try await MetaModel(key: "epoch", value: UUID().uuidString.lowercased()).create(on: db)

        try await db.schema(OrgUnitModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required).field("level", .string, .required)
            .field("parent_id", .string).field("path", .string, .required)
            .unique(on: "path").create()

        try await db.schema(UserModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("username", .string, .required).field("display_name", .string, .required)
            .field("role", .string, .required).field("org_unit", .string, .required).field("org_path", .string, .required)
            .field("person_id", .string).field("password_hash", .string).field("calendar_token", .string, .required)
            .unique(on: "username").unique(on: "calendar_token").create()

        try await db.schema(SessionModel.schema)
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required).field("expires_at", .datetime, .required).create()

        try await db.schema(InvitationModel.schema)
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required).field("expires_at", .datetime, .required).field("used_at", .datetime)
            .create()

        for schema in [PersonModel.schema, TaskModel.schema] {
            var builder = db.schema(schema)
                .field("id", .string, .identifier(auto: false))
                .field("org_unit", .string, .required).field("org_path", .string, .required)
                .field("data", .string, .required)
            if schema == TaskModel.schema { builder = builder.field("recurrence", .string, .required) }
            try await builder.create()
        }

        try await db.schema(VersionModel.schema)
            .field("id", .int, .identifier(auto: true))
            .field("org_unit", .string, .required).field("org_path", .string, .required).field("week", .string, .required)
            .field("status", .string, .required).field("origin", .string, .required).field("data", .string, .required)
            .field("created_at", .datetime, .required).field("created_by", .string).create()

        try await db.schema(OfferModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("org_unit", .string, .required).field("org_path", .string, .required).field("week", .string, .required)
            .field("task_id", .string, .required).field("seat", .int, .required).field("person_id", .string, .required)
            .field("status", .string, .required).field("deadline", .datetime, .required)
            .field("version_id", .int, .required).field("created_at", .datetime, .required)
            .field("responded_at", .datetime).field("checked_in_at", .datetime).field("checked_out_at", .datetime)
            .create()

        try await db.schema(SolveJobModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("org_unit", .string, .required).field("org_path", .string, .required).field("week", .string, .required)
            .field("seconds", .double, .required).field("seed", .int64, .required).field("status", .string, .required)
            .field("requested_by", .string, .required).field("created_at", .datetime, .required)
            .field("finished_at", .datetime).field("version_id", .int).field("error", .string).create()

        try await db.schema(HoursModel.schema)
            .field("offer_id", .string, .identifier(auto: false))
            .field("person_id", .string, .required).field("task_id", .string, .required)
            .field("minutes", .int, .required).field("credited_at", .datetime, .required).create()

        try await db.schema(EventModel.schema)
            .field("seq", .int64, .identifier(auto: true))
            .field("type", .string, .required).field("org_path", .string, .required).field("person_id", .string)
            .field("broadcast", .bool, .required)
            .field("payload", .string, .required).field("created_at", .datetime, .required).create()
    }

    func revert(on db: any Database) async throws {
        for schema in [EventModel.schema, HoursModel.schema, SolveJobModel.schema, OfferModel.schema, VersionModel.schema,
                       TaskModel.schema, PersonModel.schema, InvitationModel.schema, SessionModel.schema, UserModel.schema,
                       OrgUnitModel.schema, MetaModel.schema] {
            try await db.schema(schema).delete()
        }
    }
}

/// Indexes for the queries the server makes often (by org subtree, by person, by week, offers by status).
struct CreateIndexesV1: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let statements = [
            "CREATE INDEX IF NOT EXISTS offers_person ON offers (person_id)",
            "CREATE INDEX IF NOT EXISTS offers_org_week ON offers (org_unit, week)",
            "CREATE INDEX IF NOT EXISTS offers_status_deadline ON offers (status, deadline)",
            "CREATE INDEX IF NOT EXISTS people_org_path ON people (org_path)",
            "CREATE INDEX IF NOT EXISTS tasks_org_path ON tasks (org_path)",
            "CREATE INDEX IF NOT EXISTS versions_org_week ON schedule_versions (org_unit, week)",
            "CREATE INDEX IF NOT EXISTS hours_person ON hours_ledger (person_id)",
        ]
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on db: any Database) async throws {}
}

/// Schema version 2: each org unit may choose its domain plugins.
struct AddOrgPluginsV2: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OrgUnitModel.schema).field("plugins", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OrgUnitModel.schema).deleteField("plugins").update()
    }
}

/// Schema version 3: calendar secrets are kept as SHA-256 hashes, like session tokens, so a copy of the database
/// opens nobody's feed. The column keeps its name; every value in it is hashed once here, marked as a secret that
/// was handed out (`feed:`), so the links people subscribed to keep working.
struct HashCalendarTokensV3: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for user in try await UserModel.query(on: db).all() {
            user.calendarTokenHash = "feed:" + SecretHash.sha256(user.calendarTokenHash)
            try await user.update(on: db)
        }
    }

    func revert(on db: any Database) async throws {}
}

/// Schema version 4: offers keep their task's times, and offers are found by week across units (one timeline per
/// person). Older offers keep no times; the server reads those from their tasks.
struct AddOfferTimesV4: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await db.schema(OfferModel.schema).field("starts_at", .int).update()
        try await db.schema(OfferModel.schema).field("ends_at", .int).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS offers_week_status ON offers (week, status)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OfferModel.schema).deleteField("starts_at").deleteField("ends_at").update()
    }
}

/// Schema version 7: re-plans owed to weeks wait in the database, so an instance that dies loses none.
struct AddReplanRequestsV7: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReplanModel.schema)
            .field("id", .string, .identifier(auto: false))
            .field("org_unit", .string, .required).field("week", .string, .required).field("reason", .string, .required)
            .field("causes", .string, .required).field("created_at", .datetime, .required)
            .field("lease_owner", .string).field("lease_until", .datetime).create()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS replan_requests_week ON replan_requests (org_unit, week)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ReplanModel.schema).delete()
    }
}

/// Schema version 6: solve jobs are leased by the instance that runs them, so any instance can take the next job
/// and take over one whose instance died.
struct AddSolveLeasesV6: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SolveJobModel.schema).field("lease_owner", .string).update()
        try await db.schema(SolveJobModel.schema).field("lease_until", .datetime).update()
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS solve_jobs_status ON solve_jobs (status, created_at)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SolveJobModel.schema).deleteField("lease_owner").deleteField("lease_until").update()
    }
}

/// Schema version 5: rules per org unit, and the rules each version was made with.
struct AddRulesV5: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(OrgUnitModel.schema).field("rules", .string).update()
        try await db.schema(VersionModel.schema).field("rules", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OrgUnitModel.schema).deleteField("rules").update()
        try await db.schema(VersionModel.schema).deleteField("rules").update()
    }
}
