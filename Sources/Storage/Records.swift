import Foundation
import Scheduling

/// A level of the organisation tree.
public enum OrgLevel: String, Codable, Sendable, CaseIterable {
    case district, street, community
}

/// One node of the tree district → street → community. `path` lists the ids from the root, `/`-separated with a
/// trailing `/`, so a subtree is every unit whose path starts with this one's.
public struct OrgUnit: Hashable, Codable, Sendable {
    public var id: String
    public var name: String
    public var level: OrgLevel
    public var parent: String?
    public var path: String
    /// The domain plugins enabled here, by id; nil inherits the parent's choice (and the top of the tree, every
    /// plugin the build ships).
    public var plugins: [String]?
    /// What this unit sets of the rules; the rest is inherited (`UnitRules.effective`).
    public var rules: UnitRules?

    public init(id: String, name: String, level: OrgLevel, parent: String?, path: String, plugins: [String]? = nil,
                rules: UnitRules? = nil) {
        self.id = id
        self.name = name
        self.level = level
        self.parent = parent
        self.path = path
        self.plugins = plugins
        self.rules = rules
    }

    /// The ids on the path from the top of the tree down to this unit.
    public var lineage: [String] { path.split(separator: "/").map(String.init) }

    /// True when `other` is this unit or below it.
    public func contains(_ other: OrgUnit) -> Bool { other.path.hasPrefix(path) }
}

/// What a user may do; every role is scoped to an org subtree.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    case admin, coordinator, socialWorker, volunteer
}

public struct UserAccount: Hashable, Codable, Sendable {
    public var id: String
    public var username: String
    public var displayName: String
    public var role: UserRole
    /// The org unit whose subtree this user works in.
    public var orgUnit: String
    /// The path of that unit (denormalised for scope checks).
    public var orgPath: String
    /// The person record this account acts as (volunteers and social workers).
    public var person: String?
    /// bcrypt hash; nil for accounts that join by invitation only.
    public var passwordHash: String?
    /// SHA-256 of the secret in the calendar feed's URL: the secret itself is shown once, when it is made.
    public var calendarTokenHash: String

    public init(id: String, username: String, displayName: String, role: UserRole, orgUnit: String, orgPath: String,
                person: String?, passwordHash: String?, calendarTokenHash: String) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.orgUnit = orgUnit
        self.orgPath = orgPath
        self.person = person
        self.passwordHash = passwordHash
        self.calendarTokenHash = calendarTokenHash
    }
}

/// A person the solver may assign, with the org unit they belong to.
public struct PersonRecord: Hashable, Codable, Sendable {
    public var person: Person
    public var orgUnit: String
    public var orgPath: String

    public init(person: Person, orgUnit: String, orgPath: String) {
        self.person = person
        self.orgUnit = orgUnit
        self.orgPath = orgPath
    }
}

/// How often a task happens.
public enum Recurrence: String, Codable, Sendable {
    case once
    /// Every week from the task's first date on, same weekday and times.
    case weekly
}

/// A need: a task (one-off or a weekly template) with the org unit it belongs to.
public struct TaskRecord: Hashable, Codable, Sendable {
    public var task: ServiceTask
    public var orgUnit: String
    public var orgPath: String
    public var recurrence: Recurrence

    public init(task: ServiceTask, orgUnit: String, orgPath: String, recurrence: Recurrence) {
        self.task = task
        self.orgUnit = orgUnit
        self.orgPath = orgPath
        self.recurrence = recurrence
    }
}

public enum VersionStatus: String, Codable, Sendable {
    case draft, published, superseded
}

/// One schedule for one org unit and week. Versions are never deleted or rewritten, only superseded.
public struct ScheduleVersion: Hashable, Codable, Sendable {
    public var id: Int
    public var orgUnit: String
    public var orgPath: String
    public var week: LocalDate
    public var status: VersionStatus
    /// `solve` for a coordinator's solve, `replan` for a re-plan after a decline or expiry.
    public var origin: String
    public var schedule: Schedule
    public var createdAt: Date
    public var createdBy: String?
    /// The rules in force when it was made (nil for versions older than schema version 5).
    public var rules: Rules?

    public init(id: Int, orgUnit: String, orgPath: String, week: LocalDate, status: VersionStatus, origin: String,
                schedule: Schedule, createdAt: Date, createdBy: String?, rules: Rules? = nil) {
        self.id = id
        self.orgUnit = orgUnit
        self.orgPath = orgPath
        self.week = week
        self.status = status
        self.origin = origin
        self.schedule = schedule
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.rules = rules
    }
}

public enum OfferStatus: String, Codable, Sendable, CaseIterable {
    case offered, accepted, declined, expired, cancelled

    /// Offered and accepted seats make up the schedule in force.
    public var isLive: Bool { self == .offered || self == .accepted }
    public static let live: [OfferStatus] = [.offered, .accepted]
}

/// A published assignment sent to a person: they accept or decline it before the deadline.
public struct Offer: Hashable, Codable, Sendable {
    public var id: String
    public var orgUnit: String
    public var orgPath: String
    public var week: LocalDate
    public var task: String
    public var seat: Int
    public var person: String
    public var status: OfferStatus
    public var deadline: Date
    public var version: Int
    public var createdAt: Date
    public var respondedAt: Date?
    public var checkedInAt: Date?
    public var checkedOutAt: Date?
    /// The task's local times, kept with the offer so that publishing can check a person's timeline across units
    /// inside its transaction. Nil on offers made before schema version 4.
    public var start: LocalDateTime?
    public var end: LocalDateTime?

    public init(id: String, orgUnit: String, orgPath: String, week: LocalDate, task: String, seat: Int, person: String,
                status: OfferStatus, deadline: Date, version: Int, createdAt: Date, respondedAt: Date? = nil,
                checkedInAt: Date? = nil, checkedOutAt: Date? = nil, start: LocalDateTime? = nil, end: LocalDateTime? = nil) {
        self.id = id
        self.orgUnit = orgUnit
        self.orgPath = orgPath
        self.week = week
        self.task = task
        self.seat = seat
        self.person = person
        self.status = status
        self.deadline = deadline
        self.version = version
        self.createdAt = createdAt
        self.respondedAt = respondedAt
        self.checkedInAt = checkedInAt
        self.checkedOutAt = checkedOutAt
        self.start = start
        self.end = end
    }

    public var assignment: Assignment { Assignment(task: task, seat: seat, person: person) }
}

public enum SolveJobStatus: String, Codable, Sendable {
    case queued, running, done, failed, cancelled

    public var isFinished: Bool { self == .done || self == .failed || self == .cancelled }
}

public struct SolveJob: Hashable, Codable, Sendable {
    public var id: String
    public var orgUnit: String
    public var orgPath: String
    public var week: LocalDate
    public var seconds: Double
    public var seed: UInt64
    public var status: SolveJobStatus
    public var requestedBy: String
    public var createdAt: Date
    public var finishedAt: Date?
    public var version: Int?
    public var error: String?

    public init(id: String, orgUnit: String, orgPath: String, week: LocalDate, seconds: Double, seed: UInt64,
                status: SolveJobStatus, requestedBy: String, createdAt: Date, finishedAt: Date? = nil,
                version: Int? = nil, error: String? = nil) {
        self.id = id
        self.orgUnit = orgUnit
        self.orgPath = orgPath
        self.week = week
        self.seconds = seconds
        self.seed = seed
        self.status = status
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.version = version
        self.error = error
    }
}

/// A signed-in session: whose it is and until when.
public struct LiveSession: Hashable, Sendable {
    public var user: UserAccount
    public var expiresAt: Date

    public init(user: UserAccount, expiresAt: Date) {
        self.user = user
        self.expiresAt = expiresAt
    }
}

/// Hours credited to a person for one assignment (the time bank). One entry per offer, never two.
public struct HoursEntry: Hashable, Codable, Sendable {
    public var offer: String
    public var person: String
    public var task: String
    public var minutes: Int
    public var creditedAt: Date

    public init(offer: String, person: String, task: String, minutes: Int, creditedAt: Date) {
        self.offer = offer
        self.person = person
        self.task = task
        self.minutes = minutes
        self.creditedAt = creditedAt
    }
}
