import FluentKit
import Foundation

// Fluent models are classes with property wrappers, so they cannot be checked Sendable. Each instance here is made,
// filled and read inside one FluentStore call and never leaves it (callers get the value records of Records.swift),
// so no instance is ever reached from two tasks at once: that is what makes `@unchecked Sendable` safe for them.

final class MetaModel: Model, @unchecked Sendable {
    static let schema = "meta"
    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String
    init() {}
    init(key: String, value: String) { self.id = key; self.value = value }
}

final class OrgUnitModel: Model, @unchecked Sendable {
    static let schema = "org_units"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "level") var level: String
    @OptionalField(key: "parent_id") var parentID: String?
    @Field(key: "path") var path: String
    /// A JSON array of plugin ids, or nil to inherit (added in schema version 2).
    @OptionalField(key: "plugins") var plugins: String?
    /// The unit's own `UnitRules` as JSON, or nil (schema version 5).
    @OptionalField(key: "rules") var rules: String?
    init() {}
}

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @OptionalField(key: "person_id") var personID: String?
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "calendar_token") var calendarTokenHash: String
    init() {}
}

final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: String
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}

final class InvitationModel: Model, @unchecked Sendable {
    static let schema = "invitations"
    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

/// People and tasks keep their full domain value as JSON beside the columns queries need.
final class PersonModel: Model, @unchecked Sendable {
    static let schema = "people"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @Field(key: "data") var data: String
    init() {}
}

final class TaskModel: Model, @unchecked Sendable {
    static let schema = "tasks"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @Field(key: "recurrence") var recurrence: String
    @Field(key: "data") var data: String
    init() {}
}

final class VersionModel: Model, @unchecked Sendable {
    static let schema = "schedule_versions"
    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @Field(key: "week") var week: String
    @Field(key: "status") var status: String
    @Field(key: "origin") var origin: String
    @Field(key: "data") var data: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "created_by") var createdBy: String?
    /// The `Rules` in force as JSON (schema version 5).
    @OptionalField(key: "rules") var rules: String?
    init() {}
}

final class OfferModel: Model, @unchecked Sendable {
    static let schema = "offers"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @Field(key: "week") var week: String
    @Field(key: "task_id") var taskID: String
    @Field(key: "seat") var seat: Int
    @Field(key: "person_id") var personID: String
    @Field(key: "status") var status: String
    @Field(key: "deadline") var deadline: Date
    @Field(key: "version_id") var versionID: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "checked_in_at") var checkedInAt: Date?
    @OptionalField(key: "checked_out_at") var checkedOutAt: Date?
    /// `LocalDateTime.minutes` of the task's start and end (schema version 4).
    @OptionalField(key: "starts_at") var startsAt: Int?
    @OptionalField(key: "ends_at") var endsAt: Int?
    init() {}
}

final class SolveJobModel: Model, @unchecked Sendable {
    static let schema = "solve_jobs"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "org_path") var orgPath: String
    @Field(key: "week") var week: String
    @Field(key: "seconds") var seconds: Double
    @Field(key: "seed") var seed: Int64
    @Field(key: "status") var status: String
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "version_id") var versionID: Int?
    @OptionalField(key: "error") var error: String?
    /// The instance running it and until when it holds it (schema version 6): a job whose lease ran out is taken
    /// over by another instance.
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    init() {}
}

/// A re-plan owed to a week (schema version 7): written with the decline, expiry or pin that calls for it, taken
/// by an instance under a lease, and deleted with the re-plan's result, so none is lost with an instance.
final class ReplanModel: Model, @unchecked Sendable {
    static let schema = "replan_requests"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "org_unit") var orgUnit: String
    @Field(key: "week") var week: String
    @Field(key: "reason") var reason: String
    /// The seats and people that call for it, as JSON.
    @Field(key: "causes") var causes: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    init() {}
}

/// Keyed by offer: the primary key is what guarantees an assignment's hours are credited at most once.
final class HoursModel: Model, @unchecked Sendable {
    static let schema = "hours_ledger"
    @ID(custom: "offer_id", generatedBy: .user) var id: String?
    @Field(key: "person_id") var personID: String
    @Field(key: "task_id") var taskID: String
    @Field(key: "minutes") var minutes: Int
    @Field(key: "credited_at") var creditedAt: Date
    init() {}
}

final class EventModel: Model, @unchecked Sendable {
    static let schema = "events"
    @ID(custom: "seq", generatedBy: .database) var id: Int?
    @Field(key: "type") var type: String
    @Field(key: "org_path") var orgPath: String
    @OptionalField(key: "person_id") var personID: String?
    @Field(key: "broadcast") var broadcast: Bool
    @Field(key: "payload") var payload: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}
