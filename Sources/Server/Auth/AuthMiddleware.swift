import Foundation
import Hummingbird
import Storage

/// Resolves `Authorization: Bearer TOKEN` to a user. Routes decide themselves whether a user is required.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let store: any TandemStore
    let clock: any TandemClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // /metrics answers to its own token (MetricsAccess), not to a session.
        if let header = request.headers[.authorization], request.uri.path != SystemRoutes.metricsPath {
            guard header.hasPrefix("Bearer ") else { throw APIError(.unauthorized, field: "Authorization", "expected `Bearer TOKEN`") }
            let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            let hash = token.count <= 128 ? Secrets.hash(token) : nil
            guard let hash, let session = try await store.session(tokenHash: hash, now: clock.now()) else {
                throw APIError(.unauthorized, field: "Authorization", "the session token is unknown or has expired: log in again")
            }
            context.user = session.user
            context.sessionHash = hash
        }
        return try await next(request, context)
    }
}
