import Foundation
import Hummingbird
import Scheduling
import Storage

/// The org tree and the accounts in it.
struct OrgController {
    let store: any TandemStore
    let clock: any TandemClock

    struct NewUnit: Decodable { let id: String; let name: String; let level: OrgLevel; let parent: String? }
    struct NewUser: Decodable {
        let username: String
        let displayName: String?
        let role: UserRole
        let orgUnit: String
        let password: String?
        let person: String?
    }
    struct Invitation: Encodable { let user: UserView; let token: String; let link: String; let expiresAt: Date }

    func add(to router: Router<TandemContext>) {
        router.get("/api/orgs", use: list)
        router.post("/api/orgs", use: create)
        router.post("/api/users", use: createUser)
        router.post("/api/people/:person/invitation", use: invite)
    }

    @Sendable func list(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        if user.role == .volunteer {
            return try JSONBody.response(try await store.orgUnit(id: user.orgUnit).map { [$0] } ?? [])
        }
        return try JSONBody.response(try await store.orgUnits(under: user.orgPath))
    }

    @Sendable func create(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONBody.decode(NewUnit.self, from: request, limit: 64 << 10)
        try Validate.identifier(body.id, field: "id")
        try Validate.text(body.name, field: "name")
        let unit: OrgUnit
        if let parentID = body.parent {
            let parent = try await Lookup.unit(parentID, store: store, field: "parent")
            try Access.requireManager(user, of: parent)
            guard Self.childLevel(of: parent.level) == body.level else {
                throw APIError.badRequest(field: "level", "a \(parent.level.rawValue) holds \(Self.childLevel(of: parent.level)?.rawValue ?? "nothing") units, not \(body.level.rawValue)")
            }
            unit = OrgUnit(id: body.id, name: body.name, level: body.level, parent: parentID, path: parent.path + body.id + "/")
        } else {
            guard user.role == .admin, user.orgPath == "/" else { throw APIError.forbidden("only the system admin creates top-level units") }
            guard body.level == .district else { throw APIError.badRequest(field: "level", "a top-level unit is a district") }
            unit = OrgUnit(id: body.id, name: body.name, level: .district, parent: nil, path: "/" + body.id + "/")
        }
        _ = try await Lookup.storing { try await store.write { w in try await w.insert(unit) } }
        return try JSONBody.response(unit, status: .created)
    }

    @Sendable func createUser(_ request: Request, context: TandemContext) async throws -> Response {
        let actor = try context.requireUser()
        let body = try await JSONBody.decode(NewUser.self, from: request, limit: 64 << 10)
        try Validate.username(body.username)
        if let name = body.displayName { try Validate.text(name, field: "displayName", max: InputRules.maxNameLength) }
        let unit = try await Lookup.unit(body.orgUnit, store: store, field: "orgUnit")
        try Access.requireManager(actor, of: unit)
        if body.role == .admin && actor.role != .admin { throw APIError.forbidden("only admins create admins") }
        var hash: String?
        if let password = body.password {
            guard password.count >= 10 else { throw APIError.badRequest(field: "password", "must be at least 10 characters") }
            hash = await AuthController.hash(password)
        } else if body.role != .volunteer {
            throw APIError.badRequest(field: "password", "staff accounts need a password (volunteers join by invitation)")
        }
        if let person = body.person { _ = try await Lookup.person(person, within: unit, store: store, field: "person") }
        let user = UserAccount(id: Secrets.identifier(), username: body.username, displayName: body.displayName ?? body.username,
                               role: body.role, orgUnit: unit.id, orgPath: unit.path, person: body.person, passwordHash: hash,
                               calendarTokenHash: Secrets.hash(Secrets.token()))
        _ = try await Lookup.storing { try await store.write { w in try await w.insert(user) } }
        return try JSONBody.response(UserView(user), status: .created)
    }

    /// Makes (or brings up to date) the invitation account bound to a person and issues a single-use link for it.
    @Sendable func invite(_ request: Request, context: TandemContext) async throws -> Response {
        let actor = try context.requireUser()
        let personID = try context.parameters.require("person")
        guard let record = try await store.person(id: personID) else { throw APIError(.notFound, field: "person", "no person \(personID)") }
        let unit = try await Lookup.unit(record.orgUnit, store: store, field: "person")
        try Access.requireManager(actor, of: unit)
        let existing = try await store.users(person: personID).first(where: Invitations.isInvitationAccount)
        let user: UserAccount
        if let existing {
            user = Invitations.account(for: record, from: existing)
        } else {
            let fresh = UserAccount(id: Secrets.identifier(), username: try await freeUsername("person-" + personID), displayName: record.person.name,
                                    role: .volunteer, orgUnit: unit.id, orgPath: unit.path, person: personID, passwordHash: nil,
                                    calendarTokenHash: Secrets.hash(Secrets.token()))
            user = Invitations.account(for: record, from: fresh)
        }
        let token = Secrets.token()
        let expires = clock.now().addingTimeInterval(14 * 86400)
        _ = try await Lookup.storing {
            try await store.write { w in
                if existing == nil { try await w.insert(user) } else if user != existing { try await w.update(user) }
                try await w.insertInvitation(tokenHash: Secrets.hash(token), userID: user.id, expiresAt: expires)
            }
        }
        return try JSONBody.response(Invitation(user: UserView(user), token: token, link: "/volunteer.html#invite=\(token)",
                                                expiresAt: expires), status: .created)
    }

    /// `base`, or `base-2`, `base-3`… when someone already has that name.
    private func freeUsername(_ base: String) async throws -> String {
        if try await store.user(username: base) == nil { return base }
        for n in 2...50 where try await store.user(username: "\(base)-\(n)") == nil { return "\(base)-\(n)" }
        return "\(base)-\(Secrets.identifier().prefix(8))"
    }

    static func childLevel(of level: OrgLevel) -> OrgLevel? {
        switch level {
        case .district: .street
        case .street: .community
        case .community: nil
        }
    }
}
