import Foundation
import Hummingbird
import Scheduling

/// A client's mistake or a refusal, answered as `{"error": {"status", "field", "reason"}}`.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let field: String?
    let reason: String
    /// Every problem found, when there were several (a validation pass reports them all at once).
    let issues: [ValidationIssue]

    init(_ status: HTTPResponse.Status, field: String? = nil, _ reason: String, issues: [ValidationIssue] = []) {
        self.status = status
        self.field = field
        self.reason = reason
        self.issues = issues
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

    var headers: HTTPFields { [.contentType: "application/json; charset=utf-8"] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ErrorBody(error: .init(status: Int(status.code), field: field, reason: reason,
                                                                         issues: issues.isEmpty ? nil : issues)))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

private struct ErrorBody: Encodable {
    struct Detail: Encodable { let status: Int; let field: String?; let reason: String; let issues: [ValidationIssue]? }
    let error: Detail
}
