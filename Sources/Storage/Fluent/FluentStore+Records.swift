import Foundation
import Scheduling

/// Model → value conversions. A stored row that no longer decodes is a bug or a broken file, never a client's
/// mistake, so it surfaces as a storage error naming the row.
extension FluentStore {
    static func record(_ m: OrgUnitModel) -> OrgUnit {
        OrgUnit(id: m.id ?? "", name: m.name, level: OrgLevel(rawValue: m.level) ?? .community, parent: m.parentID, path: m.path,
                plugins: m.plugins.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) },
                rules: m.rules.flatMap { try? JSONDecoder().decode(UnitRules.self, from: Data($0.utf8)) })
    }

    static func record(_ m: UserModel) -> UserAccount {
        UserAccount(id: m.id ?? "", username: m.username, displayName: m.displayName, role: UserRole(rawValue: m.role) ?? .volunteer,
                    orgUnit: m.orgUnit, orgPath: m.orgPath, person: m.personID, passwordHash: m.passwordHash,
                    calendarTokenHash: m.calendarTokenHash)
    }

    static func record(_ m: PersonModel) throws -> PersonRecord {
        PersonRecord(person: try decodeRow(Person.self, m.data, row: "people/\(m.id ?? "")"), orgUnit: m.orgUnit, orgPath: m.orgPath)
    }

    static func record(_ m: TaskModel) throws -> TaskRecord {
        TaskRecord(task: try decodeRow(ServiceTask.self, m.data, row: "tasks/\(m.id ?? "")"), orgUnit: m.orgUnit,
                   orgPath: m.orgPath, recurrence: Recurrence(rawValue: m.recurrence) ?? .once)
    }

    static func record(_ m: VersionModel) throws -> ScheduleVersion {
        ScheduleVersion(id: m.id ?? 0, orgUnit: m.orgUnit, orgPath: m.orgPath, week: try date(m.week),
                        status: VersionStatus(rawValue: m.status) ?? .superseded, origin: m.origin,
                        schedule: try decodeRow(Schedule.self, m.data, row: "schedule_versions/\(m.id ?? 0)"),
                        createdAt: m.createdAt, createdBy: m.createdBy,
                        rules: m.rules.flatMap { try? JSONDecoder().decode(Rules.self, from: Data($0.utf8)) })
    }

    static func record(_ m: OfferModel) throws -> Offer {
        Offer(id: m.id ?? "", orgUnit: m.orgUnit, orgPath: m.orgPath, week: try date(m.week), task: m.taskID, seat: m.seat,
              person: m.personID, status: OfferStatus(rawValue: m.status) ?? .cancelled, deadline: m.deadline,
              version: m.versionID, createdAt: m.createdAt, respondedAt: m.respondedAt, checkedInAt: m.checkedInAt,
              checkedOutAt: m.checkedOutAt, start: m.startsAt.map(LocalDateTime.init(minutes:)),
              end: m.endsAt.map(LocalDateTime.init(minutes:)))
    }

    static func record(_ m: SolveJobModel) throws -> SolveJob {
        SolveJob(id: m.id ?? "", orgUnit: m.orgUnit, orgPath: m.orgPath, week: try date(m.week), seconds: m.seconds,
                 seed: UInt64(bitPattern: m.seed), status: SolveJobStatus(rawValue: m.status) ?? .failed,
                 requestedBy: m.requestedBy, createdAt: m.createdAt, finishedAt: m.finishedAt, version: m.versionID, error: m.error)
    }

    static func record(_ m: HoursModel) -> HoursEntry {
        HoursEntry(offer: m.id ?? "", person: m.personID, task: m.taskID, minutes: m.minutes, creditedAt: m.creditedAt)
    }

    static func record(_ m: EventModel) -> StoredEvent {
        StoredEvent(seq: Int64(m.id ?? 0), type: m.type, orgPath: m.orgPath, person: m.personID, broadcast: m.broadcast, payload: m.payload,
                    createdAt: m.createdAt)
    }

    private static func decodeRow<T: Decodable>(_ type: T.Type, _ text: String, row: String) throws -> T {
        do { return try JSONText.decode(type, text) } catch {
            throw StorageError.invalid("stored row \(row) no longer decodes: \(error)")
        }
    }

    static func date(_ text: String) throws -> LocalDate {
        guard let date = LocalDate(text) else { throw StorageError.invalid("stored date \(text) is not YYYY-MM-DD") }
        return date
    }
}
