import PluginKit

/// Shared setting for the plugins' tests: a week starting Monday 2026-11-30 and three communities of one street.
enum PluginTestKit {
    static let monday = LocalDate(year: 2026, month: 11, day: 30)!
    static let communities: [(id: String, name: String, centre: GeoPoint)] = [
        ("jinhua", "锦华社区", GeoPoint(lat: 30.657, lon: 104.080)),
        ("yulin", "玉林社区", GeoPoint(lat: 30.640, lon: 104.060)),
        ("wangjiang", "望江社区", GeoPoint(lat: 30.630, lon: 104.090)),
    ]

    /// A plugin's demo week as a problem.
    static func demoProblem(for plugin: any DomainPlugin, seed: UInt64 = 7) -> Problem {
        let week = plugin.demo(DemoSetting(week: monday, communities: communities, seed: seed))
        return Problem(name: "\(plugin.id) demo", horizon: Horizon(start: monday, days: 7), people: week.people, tasks: week.tasks)
    }

    /// "HH:MM" for a minute of the day.
    static func clock(_ minute: Int) -> String { LocalTime(minuteOfDay: minute)!.description }

    /// A person with the given credentials (valid all week) and skills, free all week.
    static func person(_ id: String, role: Role = .volunteer, credentials: [String] = [], skills: [String] = [],
                       languages: [String] = ["zh"]) -> Person {
        Person(id: id, name: "志愿者\(id)", role: role,
               credentials: credentials.map { Credential(kind: $0, validFrom: monday.adding(days: -30), validTo: monday.adding(days: 30)) },
               skills: skills, languages: languages)
    }

    /// A task on day `day` of the week from `from` to `to` ("HH:MM").
    static func task(_ id: String, kind: String, day: Int = 0, from: String, to: String, seats: Int = 1, client: String? = nil,
                     site: GeoPoint = GeoPoint(lat: 30.657, lon: 104.080), fields: [String: String] = [:]) -> ServiceTask {
        let date = monday.adding(days: day)
        return ServiceTask(id: id, kind: kind, site: Site(lat: site.lat, lon: site.lon),
                           start: LocalDateTime(date: date, time: LocalTime(from)!), end: LocalDateTime(date: date, time: LocalTime(to)!),
                           seats: [SeatRequirement(count: seats)], client: client, fields: fields)
    }

    /// A week of the given people and tasks, with the soft costs that would blur exact penalties turned off.
    static func problem(_ people: [Person], _ tasks: [ServiceTask], settings: [String: Int] = [:]) -> Problem {
        Problem(horizon: Horizon(start: monday, days: 7), people: people, tasks: tasks,
                rules: Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0, "continuity": 0], settings: settings))
    }
}

extension Schedule {
    /// Every seat explained, in both languages.
    var explainsEverySeatInBothLanguages: Bool {
        !explanations.isEmpty && explanations.allSatisfy { !$0.summary.en.isEmpty && !$0.summary.zh.isEmpty && $0.summary.en != $0.summary.zh }
    }

    func assigned(_ task: String, seat: Int = 0) -> String? { assignments.first { $0.task == task && $0.seat == seat }?.person }
}
