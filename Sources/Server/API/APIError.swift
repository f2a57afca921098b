import Foundation
import Hummingbird
import Scheduling

/// A client's mistake or a refusal, answered as `{"error": {"status", "field", "reason"}}`. Every answer names a
/// field: the one at fault, or for a refusal what was refused (`Authorization`, `path`, `body`).
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let field: String
    let reason: String
    /// Every problem found, when there were several (a validation pass reports them all at once).
    let issues: [ValidationIssue]
    /// Seconds to wait before trying again (429).
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, field: String? = nil, _ reason: String, issues: [ValidationIssue] = []) {
        self.status = status
        self.field = field ?? Self.defaultField(status)
        self.reason = reason
        self.issues = issues
    }

    private static func defaultField(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "Authorization"
        case 403: "scope"
        case 405: "method"
        case 413: "body"
        case 415: "Content-Type"
        case 429: "rate"
        case 500...: "server"
        default: "path"
        }
    }

    /// 400 naming the first issue, carrying all of them.
    static func invalid(_ issues: [ValidationIssue]) -> APIError {
        APIError(.badRequest, field: issues.first?.field, issues.first?.reason ?? "invalid input", issues: issues)
    }

    static func badRequest(field: String? = nil, _ reason: String) -> APIError { .init(.badRequest, field: field, reason) }
    static func notFound(_ what: String) -> APIError { .init(.notFound, "\(what) not found") }
    static func conflict(field: String? = nil, _ reason: String) -> APIError { .init(.conflict, field: field, reason) }
    static let unauthorized = APIError(.unauthorized, "log in first: send `Authorization: Bearer TOKEN`")
    static func forbidden(_ reason: String) -> APIError { .init(.forbidden, reason) }

    var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { fields[.retryAfter] = String(retryAfter) }
        return fields
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ErrorBody(error: .init(status: Int(status.code), field: field, reason: reason,
                                                                         issues: issues.isEmpty ? nil : issues)))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Any error as the answer the client gets: ours as they are, Hummingbird's (an unknown route, a body too
    /// large) in the same JSON shape, and anything else a 500 that says nothing of the inside.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as TimelineConflict: return .conflict(field: error.field, error.description)
        case let error as WeekChanged: return .conflict(field: "week", error.description)
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, "the server failed to answer this request: it was logged; try again")
        }
    }
}

private struct ErrorBody: Encodable {
    struct Detail: Encodable { let status: Int; let field: String; let reason: String; let issues: [ValidationIssue]? }
    let error: Detail
}
