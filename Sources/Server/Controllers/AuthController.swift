import Foundation
import Hummingbird
import HummingbirdBcrypt
import Storage

/// Login with a password, join by invitation, logout, and who am I.
struct AuthController {
    let store: any TandemStore
    let clock: any TandemClock
    let limiter: LoginLimiter
    let limits: ServerConfiguration
    static let staffSession: TimeInterval = 12 * 3600
    static let volunteerSession: TimeInterval = 30 * 86400

    struct LoginRequest: Decodable { let username: String; let password: String }
    struct JoinRequest: Decodable { let token: String }
    struct SessionResponse: Encodable { let token: String; let expiresAt: Date; let user: UserView }

    func add(to router: Router<TandemContext>) {
        router.post("/api/login", use: login)
        router.post("/api/join", use: join)
        router.post("/api/logout", use: logout)
        router.get("/api/me", use: me)
    }

    @Sendable func login(_ request: Request, context: TandemContext) async throws -> Response {
        let body = try await JSONBody.decode(LoginRequest.self, from: request, limit: 64 << 10)
        let now = clock.now()
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        let keys = LoginLimiter.keys(username: body.username, address: address)
        if let wait = await limiter.retryAfter(keys, now: now) {
            var error = APIError(.tooManyRequests, field: "username", "too many failed logins: try again in \(wait) s")
            error.retryAfter = wait
            throw error
        }
        let user = body.username.count <= 64 && body.password.count <= 1024 ? try await store.user(username: body.username) : nil
        // An unknown user costs the same bcrypt check as a known one: the answer's time tells nothing.
        let hash = user?.passwordHash ?? Self.dummyHash
        let verified = await Self.verify(String(body.password.prefix(1024)), hash)
        guard let user, user.passwordHash != nil, verified else {
            await limiter.recordFailure(keys, now: now)
            throw APIError(.unauthorized, field: "password", "unknown username or wrong password")
        }
        await limiter.recordSuccess(keys)
        return try JSONBody.response(try await startSession(for: user, lifetime: Self.staffSession))
    }

    /// A bcrypt hash of a password nobody has, at the cost real ones use.
    static let dummyHash = Bcrypt.hash(Secrets.token(), cost: 10)

    @Sendable func join(_ request: Request, context: TandemContext) async throws -> Response {
        let body = try await JSONBody.decode(JoinRequest.self, from: request, limit: 64 << 10)
        let now = clock.now()
        let refused = APIError(.unauthorized, field: "token", "this invitation is unknown, used already or expired: ask your coordinator for a new one")
        guard body.token.count <= 128 else { throw refused }
        let (userID, _) = try await store.write { w in try await w.redeemInvitation(tokenHash: Secrets.hash(body.token), now: now) }
        guard let userID, let user = try await store.user(id: userID) else { throw refused }
        // The account must still be exactly what an invitation may open: its person's own role in its person's unit.
        guard let personID = user.person, let record = try await store.person(id: personID),
              Invitations.matches(user, record) else { throw refused }
        return try JSONBody.response(try await startSession(for: user, lifetime: Self.volunteerSession))
    }

    /// Ends this session, and its push sockets with it (close code 4001): the event reaches every instance.
    @Sendable func logout(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        if let session = context.sessionHash {
            _ = try await store.write { w in
                try await w.deleteSession(tokenHash: session)
                try await w.emit(SessionEvents.ended(session: session, user: user))
            }
        }
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: TandemContext) async throws -> Response {
        try JSONBody.response(UserView(try context.requireUser()))
    }

    private func startSession(for user: UserAccount, lifetime: TimeInterval) async throws -> SessionResponse {
        let token = Secrets.token()
        let expires = clock.now().addingTimeInterval(lifetime)
        _ = try await store.write { w in try await w.insertSession(tokenHash: Secrets.hash(token), userID: user.id, expiresAt: expires) }
        return SessionResponse(token: token, expiresAt: expires, user: UserView(user))
    }

    /// bcrypt is deliberately slow: run it off the event loop.
    static func verify(_ password: String, _ hash: String) async -> Bool {
        await Offload.run { Bcrypt.verify(password, hash: hash) }
    }

    static func hash(_ password: String) async -> String {
        await Offload.run { Bcrypt.hash(password, cost: 10) }
    }
}

/// What the API shows of an account (never the password hash or calendar secret).
struct UserView: Codable, Sendable {
    let id: String
    let username: String
    let displayName: String
    let role: UserRole
    let orgUnit: String
    let person: String?

    init(_ user: UserAccount) {
        id = user.id; username = user.username; displayName = user.displayName; role = user.role
        orgUnit = user.orgUnit; person = user.person
    }
}
