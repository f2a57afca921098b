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
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer ") else { throw APIError(.unauthorized, field: "Authorization", "expected `Bearer TOKEN`") }
            let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let user = try await store.session(tokenHash: Secrets.hash(token), now: clock.now()) else {
                throw APIError(.unauthorized, field: "Authorization", "the session token is unknown or has expired: log in again")
            }
            context.user = user
        }
        return try await next(request, context)
    }
}
