import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: every answer, page, API or error, carries the browser's defences, and every error
/// leaves as the one JSON shape (`APIError`), an unexpected one as a logged 500 that says nothing of the inside.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let logger: Logger

    /// Scripts, styles and connections from this origin only: a value stored by a hostile coordinator can never
    /// run as script, even where a page forgets to escape it. No inline script or style exists in public/.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let fields: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy,
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Strict-Transport-Security")!: "max-age=31536000",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
        HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=()",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = APIError.from(error)
            if answer.status.code >= 500 { logger.error("\(request.method) \(request.uri.path) failed: \(error)") }
            response = try answer.response(from: request, context: context)
        }
        for field in Self.fields { response.headers[field.name] = field.value }
        // API answers are personal: no cache keeps them.
        if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/calendar/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
