/// A time of day in minutes after midnight, encoded as `"HH:MM"`. `"24:00"` is allowed as the end of a day.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minuteOfDay: Int

    public init?(minuteOfDay: Int) {
        guard (0...1440).contains(minuteOfDay) else { return nil }
        self.minuteOfDay = minuteOfDay
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
              h < 24 || m == 0 else { return nil }
        minuteOfDay = h * 60 + m
    }

    public var description: String { "\(pad(minuteOfDay / 60, 2)):\(pad(minuteOfDay % 60, 2))" }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minuteOfDay < b.minuteOfDay }
}

extension LocalTime: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a time as HH:MM, got \"\(text)\"")
        }
        self = time
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A local date and time, encoded as `"YYYY-MM-DDTHH:MM"`; stored as minutes since 1970-01-01T00:00.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init(minutes: Int) { self.minutes = minutes }

    public init(date: LocalDate, time: LocalTime) {
        minutes = date.dayNumber * 1440 + time.minuteOfDay
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = LocalDate(parts[0]), let time = LocalTime(parts[1]) else { return nil }
        self.init(date: date, time: time)
    }

    public var date: LocalDate { LocalDate(dayNumber: minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440) }
    public var minuteOfDay: Int { minutes - date.dayNumber * 1440 }

    public var description: String { "\(date)T\(pad(minuteOfDay / 60, 2)):\(pad(minuteOfDay % 60, 2))" }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.minutes < b.minutes }
}

extension LocalDateTime: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = LocalDateTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a local date-time as YYYY-MM-DDTHH:MM, got \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
