/// What a person is employed or registered as. Seats ask for a role; `any` seats take everyone.
public enum Role: String, Codable, Sendable, CaseIterable {
    case volunteer
    case socialWorker
    case communityWorker
}

/// A point on the map in degrees (WGS 84).
public struct GeoPoint: Hashable, Codable, Sendable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Distance in metres: great-circle (haversine) beyond 50 km, a flat local map inside a city, where the two
    /// agree to well under a metre per kilometre and the flat one is several times cheaper.
    public func distance(to other: GeoPoint) -> Double { Self.distance(prepared, other.prepared) }

    /// The point with the sine and cosine of half its latitude worked out: a model build measures millions of
    /// distances between a few thousand homes and sites, and these make the flat map's cosine two products.
    public struct Prepared: Sendable {
        public let point: GeoPoint
        let cosHalf: Double, sinHalf: Double
    }

    public var prepared: Prepared {
        let half = lat * .pi / 360
        return Prepared(point: self, cosHalf: Trigonometry.cos(half), sinHalf: Trigonometry.sin(half))
    }

    /// `a.point.distance(to: b.point)`, the same figure to the last bit.
    public static func distance(_ a: Prepared, _ b: Prepared) -> Double {
        let r = 6_371_000.0
        let dp = (b.point.lat - a.point.lat) * .pi / 180, dl = (b.point.lon - a.point.lon) * .pi / 180
        if abs(dp) < 0.008 && abs(dl) < 0.008 {
            // cos of the mean latitude, as cos(a/2 + b/2).
            let x = dl * (a.cosHalf * b.cosHalf - a.sinHalf * b.sinHalf)
            return r * (x * x + dp * dp).squareRoot()
        }
        let p1 = a.point.lat * .pi / 180, p2 = b.point.lat * .pi / 180
        let h = sin2(dp / 2) + Trigonometry.cos(p1) * Trigonometry.cos(p2) * sin2(dl / 2)
        return 2 * r * asinApprox(h.squareRoot())
    }

    /// Kilometres east and north of `origin` on a flat local map: exact enough inside one city.
    public func planarKm(from origin: GeoPoint) -> (x: Double, y: Double) {
        ((lon - origin.lon) * 111.32 * Trigonometry.cos(origin.lat * .pi / 180), (lat - origin.lat) * 110.57)
    }
}

private func sin2(_ x: Double) -> Double { let s = Trigonometry.sin(x); return s * s }
private func asinApprox(_ x: Double) -> Double {
    // Newton's method on sin(y) = x; x is in [0, 1] here.
    var y = x
    for _ in 0..<8 {
        let c = Trigonometry.cos(y)
        if c < 1e-9 { break }
        y -= (Trigonometry.sin(y) - x) / c
    }
    return y
}

/// Foundation-free sine and cosine (Taylor series), exact enough for angles within a turn: the domain module
/// stays free of platform imports.
public enum Trigonometry {
    /// The series to x²¹, nested: x(1 − x²/6 (1 − x²/20 (… (1 − x²/420)))), with the divisions folded into
    /// constants (half the time of the term-by-term sum; a model build asks for a distance for every eligible pair).
    public static func sin(_ x: Double) -> Double {
        let x2 = x * x
        var r = 1 - x2 * (1.0 / 420)  // 20·21
        r = 1 - x2 * r * (1.0 / 342)  // 18·19
        r = 1 - x2 * r * (1.0 / 272)
        r = 1 - x2 * r * (1.0 / 210)
        r = 1 - x2 * r * (1.0 / 156)
        r = 1 - x2 * r * (1.0 / 110)
        r = 1 - x2 * r * (1.0 / 72)
        r = 1 - x2 * r * (1.0 / 42)
        r = 1 - x2 * r * (1.0 / 20)
        r = 1 - x2 * r * (1.0 / 6)  // 2·3
        return x * r
    }

    public static func cos(_ x: Double) -> Double { sin(.pi / 2 - x) }
}

/// A certificate or check with the dates it is valid on (both inclusive).
public struct Credential: Hashable, Codable, Sendable {
    /// For example `socialWorkerCertificate`, `foodHygiene`, `firstAid`, `backgroundCheck`.
    public var kind: String
    /// A level for graded certificates (social worker: 1 assistant, 2 intermediate, 3 senior).
    public var level: Int?
    public var validFrom: LocalDate?
    public var validTo: LocalDate?

    public init(kind: String, level: Int? = nil, validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.kind = kind
        self.level = level
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on date: LocalDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, to < date { return false }
        return true
    }
}

/// A weekly repeating window: on the given ISO weekdays (1 = Monday), from `start` to `end`.
public struct WeeklyWindow: Hashable, Codable, Sendable {
    public var days: [Int]
    public var start: LocalTime
    public var end: LocalTime

    public init(days: [Int], start: LocalTime, end: LocalTime) {
        self.days = days
        self.start = start
        self.end = end
    }

    /// True when the interval [from, to) lies inside this window on from's day.
    public func contains(from: LocalDateTime, to: LocalDateTime) -> Bool {
        guard days.contains(from.date.weekday) else { return false }
        let dayStart = from.date.dayNumber * 1440
        return from.minutes >= dayStart + start.minuteOfDay && to.minutes <= dayStart + end.minuteOfDay
    }

    /// True when the interval [from, to) overlaps this window on from's day.
    public func overlaps(from: LocalDateTime, to: LocalDateTime) -> Bool {
        guard days.contains(from.date.weekday) else { return false }
        let dayStart = from.date.dayNumber * 1440
        return from.minutes < dayStart + end.minuteOfDay && to.minutes > dayStart + start.minuteOfDay
    }
}

/// A dated period a person cannot work (leave, sickness, an exam).
public struct Blockout: Hashable, Codable, Sendable {
    /// The time of a task the person declined: they are not offered it, or anything overlapping it, again.
    public static func refusal(of task: ServiceTask) -> Blockout {
        Blockout(start: task.start, end: task.end, reason: "declined \(task.id)")
    }

    public var start: LocalDateTime
    public var end: LocalDateTime
    public var reason: String?

    public init(start: LocalDateTime, end: LocalDateTime, reason: String? = nil) {
        self.start = start
        self.end = end
        self.reason = reason
    }
}

/// What a person would rather do or avoid. Each unmet wish costs a soft penalty.
public struct Preferences: Hashable, Codable, Sendable {
    public var preferredKinds: [String]
    public var dislikedKinds: [String]
    public var preferredTimes: [WeeklyWindow]
    public var avoidedTimes: [WeeklyWindow]
    /// Dated wishes: work this kind on this date (`wanted`) or not (`!wanted`), with a weight.
    public var requests: [ShiftRequest]

    public init(preferredKinds: [String] = [], dislikedKinds: [String] = [], preferredTimes: [WeeklyWindow] = [],
                avoidedTimes: [WeeklyWindow] = [], requests: [ShiftRequest] = []) {
        self.preferredKinds = preferredKinds
        self.dislikedKinds = dislikedKinds
        self.preferredTimes = preferredTimes
        self.avoidedTimes = avoidedTimes
        self.requests = requests
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preferredKinds = try c.decodeIfPresent([String].self, forKey: .preferredKinds) ?? []
        dislikedKinds = try c.decodeIfPresent([String].self, forKey: .dislikedKinds) ?? []
        preferredTimes = try c.decodeIfPresent([WeeklyWindow].self, forKey: .preferredTimes) ?? []
        avoidedTimes = try c.decodeIfPresent([WeeklyWindow].self, forKey: .avoidedTimes) ?? []
        requests = try c.decodeIfPresent([ShiftRequest].self, forKey: .requests) ?? []
    }
}

/// "I want to (or don't want to) do a `kind` task on `date`": a dated shift-on or shift-off request. Without a
/// kind it is about the day: "I want to work that day" or "I want that day off".
public struct ShiftRequest: Hashable, Codable, Sendable {
    public var date: LocalDate
    /// nil: any task that day.
    public var kind: String?
    public var wanted: Bool
    public var weight: Int

    public init(date: LocalDate, kind: String?, wanted: Bool, weight: Int) {
        self.date = date
        self.kind = kind
        self.wanted = wanted
        self.weight = weight
    }
}

/// A social worker, community worker or volunteer who can fill seats.
public struct Person: Hashable, Codable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var role: Role
    public var credentials: [Credential]
    public var skills: [String]
    public var languages: [String]
    public var home: GeoPoint?
    /// Weekly windows the person can work in. Empty means no weekly limit.
    public var availability: [WeeklyWindow]
    public var blockouts: [Blockout]
    public var maxMinutesPerDay: Int?
    public var maxMinutesPerWeek: Int?
    public var maxTasksPerDay: Int?
    /// At most this many tasks in any week of the horizon (days 0–6, 7–13, …), however short they are.
    public var maxTasksPerWeek: Int?
    public var preferences: Preferences
    public var team: String?
    /// The labour-rule group (`rules.labour` key) this person falls under; `default` when absent.
    public var labourGroup: String?

    public init(id: String, name: String, role: Role, credentials: [Credential] = [], skills: [String] = [],
                languages: [String] = [], home: GeoPoint? = nil, availability: [WeeklyWindow] = [],
                blockouts: [Blockout] = [], maxMinutesPerDay: Int? = nil, maxMinutesPerWeek: Int? = nil,
                maxTasksPerDay: Int? = nil, maxTasksPerWeek: Int? = nil, preferences: Preferences = Preferences(),
                team: String? = nil, labourGroup: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.credentials = credentials
        self.skills = skills
        self.languages = languages
        self.home = home
        self.availability = availability
        self.blockouts = blockouts
        self.maxMinutesPerDay = maxMinutesPerDay
        self.maxMinutesPerWeek = maxMinutesPerWeek
        self.maxTasksPerDay = maxTasksPerDay
        self.maxTasksPerWeek = maxTasksPerWeek
        self.preferences = preferences
        self.team = team
        self.labourGroup = labourGroup
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(Role.self, forKey: .role)
        credentials = try c.decodeIfPresent([Credential].self, forKey: .credentials) ?? []
        skills = try c.decodeIfPresent([String].self, forKey: .skills) ?? []
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
        home = try c.decodeIfPresent(GeoPoint.self, forKey: .home)
        availability = try c.decodeIfPresent([WeeklyWindow].self, forKey: .availability) ?? []
        blockouts = try c.decodeIfPresent([Blockout].self, forKey: .blockouts) ?? []
        maxMinutesPerDay = try c.decodeIfPresent(Int.self, forKey: .maxMinutesPerDay)
        maxMinutesPerWeek = try c.decodeIfPresent(Int.self, forKey: .maxMinutesPerWeek)
        maxTasksPerDay = try c.decodeIfPresent(Int.self, forKey: .maxTasksPerDay)
        maxTasksPerWeek = try c.decodeIfPresent(Int.self, forKey: .maxTasksPerWeek)
        preferences = try c.decodeIfPresent(Preferences.self, forKey: .preferences) ?? Preferences()
        team = try c.decodeIfPresent(String.self, forKey: .team)
        labourGroup = try c.decodeIfPresent(String.self, forKey: .labourGroup)
    }

    /// The best valid credential of `kind` on `date`, if any.
    public func credential(_ kind: String, validOn date: LocalDate) -> Credential? {
        var best: Credential? = nil
        for c in credentials where c.kind == kind && c.isValid(on: date) && (best == nil || (c.level ?? 0) > (best!.level ?? 0)) { best = c }
        return best
    }
}
