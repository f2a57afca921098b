import Storage

/// Who may do what, in one place. Every role is scoped to an org subtree; volunteers and social workers act for
/// their own person only.
enum Access {
    /// Coordinators and admins manage the units inside their subtree.
    static func requireManager(_ user: UserAccount, of unit: OrgUnit) throws {
        guard user.role == .admin || user.role == .coordinator else {
            throw APIError.forbidden("only coordinators and admins may do this; you are a \(user.role.rawValue)")
        }
        guard unit.path.hasPrefix(user.orgPath) else {
            throw APIError.forbidden("org unit \(unit.id) is outside your scope (\(user.orgUnit))")
        }
    }

    /// Staff (anyone but a volunteer) may read the data of their subtree.
    static func requireStaff(_ user: UserAccount, of unit: OrgUnit) throws {
        guard user.role != .volunteer else { throw APIError.forbidden("volunteers see only their own assignments") }
        guard unit.path.hasPrefix(user.orgPath) else {
            throw APIError.forbidden("org unit \(unit.id) is outside your scope (\(user.orgUnit))")
        }
    }

    /// The person themself, or a manager whose subtree holds the thing at `orgPath`.
    static func requireSelfOrManager(_ user: UserAccount, person: String, orgPath: String) throws {
        if user.person == person { return }
        guard user.role == .admin || user.role == .coordinator, orgPath.hasPrefix(user.orgPath) else {
            throw APIError.forbidden("this belongs to someone else")
        }
    }

    /// Whether an event is for this user: their own person's events, and for managers everything in their subtree.
    static func canSee(_ user: UserAccount, personEvent person: String?, orgPath: String, broadcast: Bool = false) -> Bool {
        if let person, person == user.person { return true }
        // A notice reaches everyone at or below its unit.
        if broadcast && user.orgPath.hasPrefix(orgPath) { return true }
        switch user.role {
        case .admin, .coordinator: return orgPath.hasPrefix(user.orgPath)
        case .socialWorker, .volunteer: return false
        }
    }
}
