import Foundation
import Hummingbird
import Scheduling
import Storage

/// Announcements from a coordinator to everyone in their unit and below (a heat alert, a changed meeting point).
struct NoticeController {
    let store: any TandemStore
    let clock: any TandemClock

    struct NewNotice: Codable, Sendable {
        let text: String
        /// Several notices in one request (at most 1,000), written in one transaction.
        let repeatCount: Int?
    }

    struct Notice: Codable, Sendable {
        let orgUnit: String
        let text: String
        let by: String
        let postedAt: Date
    }

    func add(to router: Router<TandemContext>) {
        router.post("/api/orgs/:org/notices", use: post)
    }

    @Sendable func post(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireManager(user, of: unit)
        let body = try await JSONBody.decode(NewNotice.self, from: request, limit: 64 << 10)
        try Validate.text(body.text, field: "text", max: InputRules.maxNotesLength, multiline: true)
        let count = body.repeatCount ?? 1
        guard (1...1000).contains(count) else { throw APIError.badRequest(field: "repeatCount", "must be 1–1000") }
        let notice = Notice(orgUnit: unit.id, text: body.text, by: user.displayName, postedAt: clock.now())
        let payload = PushMessage.json(notice)
        let (_, events) = try await store.write { w in
            for _ in 0..<count { try await w.emit(NewEvent(type: "notice.posted", orgPath: unit.path, broadcast: true, payload: payload)) }
        }
        struct Posted: Encodable { let notice: Notice; let seqs: [Int64] }
        return try JSONBody.response(Posted(notice: notice, seqs: events.map(\.seq)), status: .created)
    }
}
