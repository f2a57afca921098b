import Scheduling
import Storage

/// The needs spreadsheet. Columns: `id, kind, title, org, date, start, end, lat, lon, site, seats, priority, client,
/// recurrence, notes`; id, kind, date, start, end, lat, lon and seats are required.
/// - seats: `ROLE:COUNT[:CREDENTIAL+CREDENTIAL[:SKILL+SKILL[:LANGUAGE+LANGUAGE]]]` joined by `;`; ROLE is
///   volunteer, socialWorker, communityWorker or any. Example: `socialWorker:1:socialWorkerCertificate;volunteer:2`
/// - priority: 1–10 or red, yellow, green; recurrence: once (default) or weekly.
/// - `field.NAME` columns carry a plugin task kind's extra fields (`field.meal`, `field.children`).
enum TasksCSV {
    static func task(from row: [String: String]) -> (ServiceTask?, org: String?, Recurrence, issues: [ValidationIssue]) {
        var r = RowReader(row)
        let id = r.required("id"), kind = r.required("kind"), dateText = r.required("date")
        let startText = r.required("start"), endText = r.required("end")
        let date = LocalDate(dateText)
        if date == nil && !dateText.isEmpty { r.fail("date", "expected YYYY-MM-DD, got \(InputRules.quoted(dateText))") }
        let start = LocalTime(startText), end = LocalTime(endText)
        if start == nil && !startText.isEmpty { r.fail("start", "expected HH:MM, got \(InputRules.quoted(startText))") }
        if end == nil && !endText.isEmpty { r.fail("end", "expected HH:MM, got \(InputRules.quoted(endText))") }
        let lat = r.number("lat", in: -90...90), lon = r.number("lon", in: -180...180)
        if r.optional("lat") == nil { r.fail("lat", "is required") }
        if r.optional("lon") == nil { r.fail("lon", "is required") }
        var seats: [SeatRequirement] = []
        for spec in r.list("seats") {
            if let seat = seat(spec) { seats.append(seat) } else {
                r.fail("seats", "\(InputRules.quoted(spec)): expected ROLE:COUNT[:CREDENTIALS[:SKILLS[:LANGUAGES]]], e.g. volunteer:2:firstAid")
            }
        }
        if seats.isEmpty && r.optional("seats") == nil { r.fail("seats", "is required") }
        var priority = Priority.normal
        if let text = r.optional("priority") {
            switch text.lowercased() {
            case "red": priority = .red
            case "yellow": priority = .yellow
            case "green": priority = .green
            default:
                if let value = Int(text), (1...10).contains(value) { priority = Priority(value) } else {
                    r.fail("priority", "expected 1–10 or red/yellow/green, got \(InputRules.quoted(text))")
                }
            }
        }
        let recurrenceText = r.optional("recurrence") ?? "once"
        let recurrence = Recurrence(rawValue: recurrenceText)
        if recurrence == nil { r.fail("recurrence", "expected once or weekly, got \(InputRules.quoted(recurrenceText))") }
        guard r.issues.isEmpty, let date, let start, let end, let lat, let lon, let recurrence else {
            return (nil, nil, .once, r.issues)
        }
        var endTime = LocalDateTime(date: date, time: end)
        // A shift that ends before it starts runs past midnight.
        if end <= start { endTime = LocalDateTime(minutes: endTime.minutes + 1440) }
        let task = ServiceTask(id: id, kind: kind, title: r.optional("title"),
                               site: Site(id: nil, name: r.optional("site"), lat: lat, lon: lon),
                               start: LocalDateTime(date: date, time: start), end: endTime, seats: seats, priority: priority,
                               client: r.optional("client"), orgUnit: nil, notes: r.optional("notes"),
                               fields: fields(of: row))
        return (task, r.optional("org"), recurrence, [])
    }

    static let fieldPrefix = "field."

    /// The `field.NAME` cells that are not empty, by NAME.
    static func fields(of row: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (column, value) in row where column.hasPrefix(fieldPrefix) && !value.isEmpty { out[String(column.dropFirst(fieldPrefix.count))] = value }
        return out
    }

    static func seat(_ spec: String) -> SeatRequirement? {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count >= 2, let count = Int(parts[1]), (1...100).contains(count) else { return nil }
        let role: Role?
        if parts[0] == "any" { role = nil } else if let known = Role(rawValue: parts[0]) { role = known } else { return nil }
        func items(_ index: Int) -> [String] {
            index < parts.count ? parts[index].split(separator: "+").map(String.init).filter { !$0.isEmpty } : []
        }
        return SeatRequirement(role: role, credentials: items(2).map { CredentialRequirement(kind: $0) }, skills: items(3),
                               languages: items(4), count: count)
    }
}
