import Foundation
import Hummingbird
import Scheduling
import Storage

/// A person's assignments as an iCalendar feed at a secret URL, for calendar apps to subscribe to.
struct CalendarController {
    let store: any TandemStore
    let desk: OfferDesk
    let clock: LocalClock
    let now: any TandemClock

    func add(to router: Router<TandemContext>) {
        router.get("/calendar/:token", use: feed)
        router.get("/api/me/calendar", use: link)
        router.post("/api/me/calendar", use: renew)
    }

    /// The feed's secret is stored hashed, so the URL can be shown only when it is made: this says whether one is
    /// in use, never what it is.
    @Sendable func link(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        struct Body: Encodable { let active: Bool; let url: String? }
        return try JSONBody.response(Body(active: user.calendarTokenHash.hasPrefix(Self.livePrefix), url: nil))
    }

    /// Makes a new secret URL for the feed; the previous one stops working.
    @Sendable func renew(_ request: Request, context: TandemContext) async throws -> Response {
        var user = try context.requireUser()
        let token = Secrets.token()
        user.calendarTokenHash = Self.livePrefix + Secrets.hash(token)
        let updated = user
        _ = try await store.write { w in try await w.update(updated) }
        struct Body: Encodable { let active: Bool; let url: String }
        return try JSONBody.response(Body(active: true, url: "/calendar/\(token).ics"), status: .created)
    }

    /// Marks a hash whose secret was handed to the user (accounts start with the hash of a secret nobody was shown).
    static let livePrefix = "feed:"

    @Sendable func feed(_ request: Request, context: TandemContext) async throws -> Response {
        var token = try context.parameters.require("token")
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard token.count <= 64, let user = try await store.user(calendarTokenHash: Self.livePrefix + Secrets.hash(token)),
              let person = user.person else {
            throw APIError.notFound("calendar")
        }
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Assignments//EN", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:\(Self.escape("Tandem · \(user.displayName)"))"]
        let stamp = Self.utc(now.now())
        for offer in try await store.offers(person: person) where offer.status.isLive {
            guard let task = try await desk.occurrence(offer.task) else { continue }
            lines += ["BEGIN:VEVENT", "UID:\(offer.id)@tandem", "DTSTAMP:\(stamp)",
                      "DTSTART:\(Self.utc(clock.instant(task.start)))", "DTEND:\(Self.utc(clock.instant(task.end)))",
                      "SUMMARY:\(Self.escape(task.title ?? task.kind))",
                      "STATUS:\(offer.status == .accepted ? "CONFIRMED" : "TENTATIVE")"]
            if let site = task.site.name { lines.append("LOCATION:\(Self.escape(site))") }
            if let notes = task.notes { lines.append("DESCRIPTION:\(Self.escape(notes))") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        let body = lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// RFC 5545 lines are at most 75 octets; longer ones continue on lines starting with a space, never
    /// splitting a UTF-8 character (Chinese names are three octets a character).
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.append(character)
            count += size
        }
        return out
    }
}
