/// A place where work happens: a canteen, a station, a household, a river section.
public struct Site: Hashable, Codable, Sendable {
    public var id: String?
    public var name: String?
    public var lat: Double
    public var lon: Double

    public init(id: String? = nil, name: String? = nil, lat: Double, lon: Double) {
        self.id = id
        self.name = name
        self.lat = lat
        self.lon = lon
    }

    public var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }
}

/// "Needs a valid `kind` credential, at least `minLevel`". Decodes from `"kind"` or `{"kind":…, "minLevel":…}`.
public struct CredentialRequirement: Hashable, Sendable, Codable {
    public var kind: String
    public var minLevel: Int?

    public init(kind: String, minLevel: Int? = nil) {
        self.kind = kind
        self.minLevel = minLevel
    }

    private enum CodingKeys: String, CodingKey { case kind, minLevel }

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(kind: text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(String.self, forKey: .kind), minLevel: try c.decodeIfPresent(Int.self, forKey: .minLevel))
    }

    public func encode(to encoder: Encoder) throws {
        if minLevel == nil {
            var c = encoder.singleValueContainer()
            try c.encode(kind)
        } else {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encodeIfPresent(minLevel, forKey: .minLevel)
        }
    }

    public func isMet(by person: Person, on date: LocalDate) -> Bool { isMet(by: person.credentials, on: date) }

    /// True when one of `credentials` is of this kind, valid on `date` and of at least `minLevel`.
    public func isMet(by credentials: [Credential], on date: LocalDate) -> Bool {
        credentials.contains { $0.kind == kind && $0.isValid(on: date) && ($0.level ?? 0) >= (minLevel ?? 0) }
    }
}

/// One kind of seat on a task, `count` times: who may fill it.
public struct SeatRequirement: Hashable, Codable, Sendable {
    /// The role the seat needs; nil takes anyone.
    public var role: Role?
    public var credentials: [CredentialRequirement]
    public var skills: [String]
    /// The person must speak at least one of these (empty: no language need).
    public var languages: [String]
    public var count: Int
    /// An optional seat may stay empty at no cost; filling it costs `fillCost` (soft).
    public var optional: Bool
    public var fillCost: Int

    public init(role: Role? = nil, credentials: [CredentialRequirement] = [], skills: [String] = [], languages: [String] = [],
                count: Int = 1, optional: Bool = false, fillCost: Int = 0) {
        self.role = role
        self.credentials = credentials
        self.skills = skills
        self.languages = languages
        self.count = count
        self.optional = optional
        self.fillCost = fillCost
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decodeIfPresent(Role.self, forKey: .role)
        credentials = try c.decodeIfPresent([CredentialRequirement].self, forKey: .credentials) ?? []
        skills = try c.decodeIfPresent([String].self, forKey: .skills) ?? []
        languages = try c.decodeIfPresent([String].self, forKey: .languages) ?? []
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 1
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional) ?? false
        fillCost = try c.decodeIfPresent(Int.self, forKey: .fillCost) ?? 0
    }
}

/// How much an unfilled seat of a task hurts: an integer 1–10, or a child-triage colour.
/// Red is 10, yellow 6, green 3; plain tasks default to 5.
public struct Priority: Hashable, Sendable, Codable, Comparable {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    public static let red = Priority(10)
    public static let yellow = Priority(6)
    public static let green = Priority(3)
    public static let normal = Priority(5)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Int.self) {
            guard (1...10).contains(number) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "priority must be 1–10 or red/yellow/green, got \(number)")
            }
            value = number
            return
        }
        let text = try c.decode(String.self)
        switch text.lowercased() {
        case "red": value = 10
        case "yellow": value = 6
        case "green": value = 3
        default:
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "priority must be 1–10 or red/yellow/green, got \"\(text)\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    public static func < (a: Priority, b: Priority) -> Bool { a.value < b.value }
}

/// One piece of work at one place and time: a meal round, a home visit, a tutoring class, a station shift.
public struct ServiceTask: Hashable, Codable, Sendable, Identifiable {
    public var id: String
    /// The task kind: one of `coreKinds` or a plugin's kind (`mealDelivery`, `tutoring`, `stationShift`, `patrol`).
    public var kind: String
    /// The kinds every server knows without a plugin: home visits, group activities and social-work station duty.
    public static let coreKinds: Set<String> = ["homeVisit", "groupActivity", "stationDuty"]
    public var title: String?
    public var site: Site
    public var start: LocalDateTime
    public var end: LocalDateTime
    public var seats: [SeatRequirement]
    public var priority: Priority
    /// The household or person served, for continuity of care.
    public var client: String?
    /// The org unit (community station, street centre) the task belongs to.
    public var orgUnit: String?
    public var notes: String?
    /// The extra fields of a plugin's task kind (a dietary note, a subject, a river section), as text.
    public var fields: [String: String]

    private enum CodingKeys: String, CodingKey {
        case id, kind, title, site, start, end, seats, priority, client, orgUnit, notes, fields
    }

    public init(id: String, kind: String, title: String? = nil, site: Site, start: LocalDateTime, end: LocalDateTime,
                seats: [SeatRequirement], priority: Priority = .normal, client: String? = nil, orgUnit: String? = nil,
                notes: String? = nil, fields: [String: String] = [:]) {
        self.id = id
        self.kind = kind
        self.title = title
        self.site = site
        self.start = start
        self.end = end
        self.seats = seats
        self.priority = priority
        self.client = client
        self.orgUnit = orgUnit
        self.notes = notes
        self.fields = fields
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(String.self, forKey: .kind)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        site = try c.decode(Site.self, forKey: .site)
        start = try c.decode(LocalDateTime.self, forKey: .start)
        end = try c.decode(LocalDateTime.self, forKey: .end)
        seats = try c.decode([SeatRequirement].self, forKey: .seats)
        priority = try c.decodeIfPresent(Priority.self, forKey: .priority) ?? .normal
        client = try c.decodeIfPresent(String.self, forKey: .client)
        orgUnit = try c.decodeIfPresent(String.self, forKey: .orgUnit)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        fields = try c.decodeIfPresent([String: FieldText].self, forKey: .fields)?.mapValues(\.text) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(site, forKey: .site)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(seats, forKey: .seats)
        try c.encode(priority, forKey: .priority)
        try c.encodeIfPresent(client, forKey: .client)
        try c.encodeIfPresent(orgUnit, forKey: .orgUnit)
        try c.encodeIfPresent(notes, forKey: .notes)
        if !fields.isEmpty { try c.encode(fields, forKey: .fields) }
    }

    public var minutes: Int { end.minutes - start.minutes }

    /// Total seats over all requirements.
    public var seatCount: Int { seats.reduce(0) { $0 + $1.count } }

    /// The requirement that seat number `index` (0-based, in declaration order) belongs to.
    public func requirement(ofSeat index: Int) -> SeatRequirement? {
        requirementIndex(ofSeat: index).map { seats[$0] }
    }

    /// The position in `seats` of the requirement that seat number `index` belongs to.
    public func requirementIndex(ofSeat index: Int) -> Int? {
        var rest = index
        for (i, requirement) in seats.enumerated() {
            if rest < requirement.count { return i }
            rest -= requirement.count
        }
        return nil
    }
}

/// A field value written as text, a number or a flag in JSON; kept as text (plugins parse what they need).
private struct FieldText: Decodable {
    var text: String

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            self.text = text
        } else if let number = try? c.decode(Int.self) {
            text = String(number)
        } else if let number = try? c.decode(Double.self) {
            text = String(number)
        } else if let flag = try? c.decode(Bool.self) {
            text = String(flag)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "a field must be text, a number or true/false")
        }
    }
}
