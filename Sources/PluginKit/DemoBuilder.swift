import Scheduling

/// Seeded helpers for a plugin's demo week: people with Chinese names living near a community, places near it,
/// tasks on a day of the week. Every plugin's demo uses it, so the demo weeks look alike and stay reproducible.
public struct DemoBuilder {
    public let setting: DemoSetting
    public var rng: RandomSource
    private let prefix: String

    /// `prefix` keeps this plugin's ids apart from other plugins' (`em` gives `em-p1`, `em-t1`).
    public init(_ setting: DemoSetting, prefix: String) {
        self.setting = setting
        self.prefix = prefix
        var seed = setting.seed
        for byte in prefix.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        rng = RandomSource(seed: seed)
    }

    /// The week's dates, Monday first.
    public var days: [LocalDate] { (0..<7).map { setting.week.adding(days: $0) } }

    /// A point within `km` of `centre`.
    public mutating func near(_ centre: GeoPoint, km: Double) -> GeoPoint {
        GeoPoint(lat: centre.lat + (rng.unit() - 0.5) * km / 55, lon: centre.lon + (rng.unit() - 0.5) * km / 48)
    }

    /// A credential valid from a year ago for another year.
    public func valid(_ kind: String, level: Int? = nil) -> Credential {
        Credential(kind: kind, level: level, validFrom: setting.week.adding(days: -365), validTo: setting.week.adding(days: 365))
    }

    /// A person living near `community` (an index into the setting's communities).
    public mutating func person(_ number: Int, role: Role, community: Int, credentials: [Credential] = [], skills: [String] = [],
                                languages: [String] = ["zh"], availability: [WeeklyWindow] = [], maxMinutesPerWeek: Int? = nil,
                                team: String? = nil) -> Person {
        let place = setting.communities[community % setting.communities.count]
        return Person(id: "\(prefix)-p\(number)", name: DemoNames.name(&rng, tibetan: languages.contains("bo")), role: role,
                      credentials: credentials, skills: skills, languages: languages, home: near(place.centre, km: 1.2),
                      availability: availability, maxMinutesPerDay: 480, maxMinutesPerWeek: maxMinutesPerWeek, team: team)
    }

    /// A task on `date` from `start` to `end` (minutes of the day) in `community`.
    public func task(_ number: Int, kind: String, title: String, site: Site, date: LocalDate, start: Int, end: Int,
                     seats: [SeatRequirement], community: Int, priority: Priority = .normal, client: String? = nil,
                     fields: [String: String] = [:]) -> ServiceTask {
        ServiceTask(id: "\(prefix)-t\(number)", kind: kind, title: title, site: site,
                    start: LocalDateTime(date: date, time: LocalTime(minuteOfDay: start)!),
                    end: LocalDateTime(date: date, time: LocalTime(minuteOfDay: end)!), seats: seats, priority: priority,
                    client: client, orgUnit: setting.communities[community % setting.communities.count].id, fields: fields)
    }
}
