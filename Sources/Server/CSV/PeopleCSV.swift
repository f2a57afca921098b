import Scheduling

/// The people spreadsheet. Columns (header names, any order; only id, name and role are required):
/// `id, name, role, org, credentials, skills, languages, lat, lon, availability, max_hours_day, max_hours_week,
/// max_tasks_day, team, preferred_kinds, disliked_kinds`.
/// - credentials: `kind[:level][@valid-to]` joined by `;`, e.g. `socialWorkerCertificate:2@2027-06-30;firstAid`
/// - availability: `DAYS HH:MM-HH:MM` joined by `;`, DAYS as `mon-fri`, `sat`, `mon,wed` (empty: any time)
enum PeopleCSV {
    static func person(from row: [String: String]) -> (Person?, org: String?, issues: [ValidationIssue]) {
        var r = RowReader(row)
        let id = r.required("id"), name = r.required("name"), roleText = r.required("role")
        let role = Role(rawValue: roleText)
        if role == nil && !roleText.isEmpty {
            r.fail("role", "expected volunteer, socialWorker or communityWorker, got \(InputRules.quoted(roleText))")
        }
        var credentials: [Credential] = []
        for spec in r.list("credentials") {
            var rest = Substring(spec), validTo: LocalDate?
            if let at = rest.firstIndex(of: "@") {
                validTo = LocalDate(rest[rest.index(after: at)...])
                if validTo == nil { r.fail("credentials", "\(InputRules.quoted(spec)): the date after @ must be YYYY-MM-DD") }
                rest = rest[..<at]
            }
            let parts = rest.split(separator: ":")
            let level = parts.count > 1 ? Int(parts[1]).flatMap { (0...100).contains($0) ? $0 : nil } : nil
            if parts.count > 1 && level == nil { r.fail("credentials", "\(InputRules.quoted(spec)): the level after : must be a whole number 0–100") }
            guard let kind = parts.first, !kind.isEmpty else { r.fail("credentials", "\(InputRules.quoted(spec)) names no credential"); continue }
            credentials.append(Credential(kind: String(kind), level: level, validTo: validTo))
        }
        var availability: [WeeklyWindow] = []
        for spec in r.list("availability") {
            if let window = window(spec) { availability.append(window) } else {
                r.fail("availability", "\(InputRules.quoted(spec)): expected DAYS HH:MM-HH:MM, e.g. mon-fri 08:00-18:00")
            }
        }
        let lat = r.number("lat", in: -90...90), lon = r.number("lon", in: -180...180)
        if (lat == nil) != (lon == nil) && r.issues.isEmpty { r.fail(lat == nil ? "lat" : "lon", "give both lat and lon, or neither") }
        let hoursDay = r.number("max_hours_day", in: 0...24), hoursWeek = r.number("max_hours_week", in: 0...168)
        let tasksDay = r.integer("max_tasks_day", in: 0...100)
        guard r.issues.isEmpty, let role else { return (nil, nil, r.issues) }
        var person = Person(id: id, name: name, role: role, credentials: credentials, skills: r.list("skills"),
                            languages: r.list("languages"), home: lat.flatMap { la in lon.map { GeoPoint(lat: la, lon: $0) } },
                            availability: availability)
        // In range, so the minutes fit: 24 h is 1,440 minutes, 168 h is 10,080.
        person.maxMinutesPerDay = hoursDay.map { Int(($0 * 60).rounded()) }
        person.maxMinutesPerWeek = hoursWeek.map { Int(($0 * 60).rounded()) }
        person.maxTasksPerDay = tasksDay
        person.team = r.optional("team")
        person.preferences.preferredKinds = r.list("preferred_kinds")
        person.preferences.dislikedKinds = r.list("disliked_kinds")
        return (person, r.optional("org"), [])
    }

    static let dayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// `mon-fri 08:00-18:00`, `sat,sun 09:00-12:00`.
    static func window(_ spec: String) -> WeeklyWindow? {
        let parts = spec.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        var days: [Int] = []
        for item in parts[0].lowercased().split(separator: ",") {
            let ends = item.split(separator: "-").map { dayNames[String($0)] }
            if ends.count == 1, let d = ends[0] { days.append(d) } else if ends.count == 2, let a = ends[0], let b = ends[1], a <= b {
                days.append(contentsOf: a...b)
            } else { return nil }
        }
        let times = parts[1].split(separator: "-")
        guard times.count == 2, let start = LocalTime(times[0]), let end = LocalTime(times[1]), start < end else { return nil }
        return WeeklyWindow(days: days, start: start, end: end)
    }
}
