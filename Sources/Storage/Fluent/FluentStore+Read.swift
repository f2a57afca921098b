import FluentKit
import Foundation
import Scheduling

extension FluentStore {
    public func epoch() async throws -> String {
        guard let meta = try await MetaModel.find("epoch", on: database) else { throw StorageError.notFound("epoch") }
        return meta.value
    }

    public func orgUnit(id: String) async throws -> OrgUnit? {
        try await OrgUnitModel.find(id, on: database).map(Self.record)
    }

    public func orgUnits(under path: String) async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).filter(\.$path =~ path).sort(\.$path).all().map(Self.record)
    }

    public func user(id: String) async throws -> UserAccount? {
        try await UserModel.find(id, on: database).map(Self.record)
    }

    public func user(username: String) async throws -> UserAccount? {
        try await UserModel.query(on: database).filter(\.$username == username).first().map(Self.record)
    }

    public func user(calendarTokenHash: String) async throws -> UserAccount? {
        try await UserModel.query(on: database).filter(\.$calendarTokenHash == calendarTokenHash).first().map(Self.record)
    }

    public func users(person: String) async throws -> [UserAccount] {
        try await UserModel.query(on: database).filter(\.$personID == person).sort(\.$username).all().map(Self.record)
    }

    public func userCount() async throws -> Int { try await UserModel.query(on: database).count() }

    public func session(tokenHash: String, now: Date) async throws -> LiveSession? {
        // Every authenticated request asks this: one query for the session and its user.
        guard let session = try await SessionModel.query(on: database).filter(\.$id == tokenHash).filter(\.$expiresAt > now)
            .join(UserModel.self, on: \SessionModel.$userID == \UserModel.$id).first() else { return nil }
        return LiveSession(user: Self.record(try session.joined(UserModel.self)), expiresAt: session.expiresAt)
    }

    public func people(under path: String) async throws -> [PersonRecord] {
        try await PersonModel.query(on: database).filter(\.$orgPath =~ path).sort(\.$id).all().map(Self.record)
    }

    public func person(id: String) async throws -> PersonRecord? {
        try await PersonModel.find(id, on: database).map(Self.record)
    }

    public func tasks(under path: String) async throws -> [TaskRecord] {
        try await TaskModel.query(on: database).filter(\.$orgPath =~ path).sort(\.$id).all().map(Self.record)
    }

    public func task(id: String) async throws -> TaskRecord? {
        try await TaskModel.find(id, on: database).map(Self.record)
    }

    public func version(id: Int) async throws -> ScheduleVersion? {
        try await VersionModel.find(id, on: database).map(Self.record)
    }

    public func versions(orgUnit: String, week: LocalDate?) async throws -> [ScheduleVersion] {
        var query = VersionModel.query(on: database).filter(\.$orgUnit == orgUnit)
        if let week { query = query.filter(\.$week == week.description) }
        return try await query.sort(\.$id).all().map(Self.record)
    }

    public func publishedVersion(orgUnit: String, week: LocalDate) async throws -> ScheduleVersion? {
        try await Self.publishedVersion(orgUnit: orgUnit, week: week, on: database)
    }

    public func offer(id: String) async throws -> Offer? {
        try await OfferModel.find(id, on: database).map(Self.record)
    }

    public func offers(orgUnit: String, week: LocalDate) async throws -> [Offer] {
        try await Self.offers(orgUnit: orgUnit, week: week, on: database)
    }

    public func offers(week: LocalDate, statuses: [OfferStatus]) async throws -> [Offer] {
        try await OfferModel.query(on: database).filter(\.$week == week.description).filter(\.$status ~~ statuses.map(\.rawValue))
            .sort(\.$createdAt).sort(\.$id).all().map(Self.record)
    }

    public func offers(person: String) async throws -> [Offer] {
        try await OfferModel.query(on: database).filter(\.$personID == person).sort(\.$createdAt).sort(\.$id).all().map(Self.record)
    }

    public func expiredOffers(now: Date) async throws -> [Offer] {
        try await Self.expiredOffers(now: now, on: database)
    }

    // The queries the store and a transaction (`FluentWriter`) both make.

    static func publishedVersion(orgUnit: String, week: LocalDate, on db: any Database) async throws -> ScheduleVersion? {
        try await VersionModel.query(on: db).filter(\.$orgUnit == orgUnit).filter(\.$week == week.description)
            .filter(\.$status == VersionStatus.published.rawValue).sort(\.$id, .descending).first().map(Self.record)
    }

    static func offers(orgUnit: String, week: LocalDate, on db: any Database) async throws -> [Offer] {
        try await OfferModel.query(on: db).filter(\.$orgUnit == orgUnit).filter(\.$week == week.description)
            .sort(\.$createdAt).sort(\.$id).all().map(Self.record)
    }

    static func expiredOffers(now: Date, on db: any Database) async throws -> [Offer] {
        try await OfferModel.query(on: db).filter(\.$status == OfferStatus.offered.rawValue)
            .filter(\.$deadline < now).all().map(Self.record)
    }

    public func solveJob(id: String) async throws -> SolveJob? {
        try await SolveJobModel.find(id, on: database).map(Self.record)
    }

    public func solveJobs(status: SolveJobStatus) async throws -> [SolveJob] {
        try await SolveJobModel.query(on: database).filter(\.$status == status.rawValue).sort(\.$createdAt).all().map(Self.record)
    }

    public func hours(person: String) async throws -> [HoursEntry] {
        try await HoursModel.query(on: database).filter(\.$personID == person).sort(\.$creditedAt).all().map(Self.record)
    }

    public func events(after: Int64, limit: Int) async throws -> [StoredEvent] {
        try await EventModel.query(on: database).filter(\.$id > Int(after)).sort(\.$id).limit(limit).all().map(Self.record)
    }

    public func lastEventSeq() async throws -> Int64 {
        Int64(try await EventModel.query(on: database).max(\.$id) ?? 0)
    }
}
