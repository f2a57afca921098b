import Scheduling
import Storage

/// What an invitation may open: an account bound to one person record, in that person's unit, with that person's
/// own role (a volunteer or a social worker), and no password. Never found by its name: an account someone named
/// `person-X` is just an account.
enum Invitations {
    static func role(of person: Person) -> UserRole { person.role == .volunteer ? .volunteer : .socialWorker }

    /// Whether `user` is an invitation account at all (staff accounts with a password never are).
    static func isInvitationAccount(_ user: UserAccount) -> Bool {
        user.passwordHash == nil && user.person != nil && (user.role == .volunteer || user.role == .socialWorker)
    }

    /// The invitation account of `record` as it must be now, made from `existing` (the person may have changed role
    /// or name since it was made).
    static func account(for record: PersonRecord, from existing: UserAccount) -> UserAccount {
        var account = existing
        account.role = role(of: record.person)
        account.orgUnit = record.orgUnit
        account.orgPath = record.orgPath
        account.person = record.person.id
        account.displayName = record.person.name
        return account
    }

    /// True when `user` opens exactly what an invitation of `record` may: no more role, no other unit or person.
    static func matches(_ user: UserAccount, _ record: PersonRecord) -> Bool {
        isInvitationAccount(user) && user == account(for: record, from: user)
    }
}
