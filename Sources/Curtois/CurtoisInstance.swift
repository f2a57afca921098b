/// A Curtois & Qu shift-scheduling instance (schedulingbenchmarks.org, Instances 1–24), as read from its text file.
public struct CurtoisInstance: Sendable, Hashable {
    public struct Shift: Sendable, Hashable {
        public var id: String
        public var minutes: Int
        public var cannotFollow: [String]
    }

    public struct Staff: Sendable, Hashable {
        public var id: String
        public var maxShifts: [String: Int]
        public var maxTotalMinutes: Int
        public var minTotalMinutes: Int
        public var maxConsecutiveShifts: Int
        public var minConsecutiveShifts: Int
        public var minConsecutiveDaysOff: Int
        public var maxWeekends: Int
    }

    public struct Request: Sendable, Hashable {
        public var staff: String
        public var day: Int
        public var shift: String
        public var weight: Int
    }

    public struct Cover: Sendable, Hashable {
        public var day: Int
        public var shift: String
        public var requirement: Int
        public var underWeight: Int
        public var overWeight: Int
    }

    public var horizon: Int
    public var shifts: [Shift]
    public var staff: [Staff]
    public var daysOff: [String: Set<Int>]
    public var onRequests: [Request]
    public var offRequests: [Request]
    public var cover: [Cover]
}

/// The file could not be read; says which line and why.
public struct CurtoisFormatError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

extension CurtoisInstance {
    public init(parsing text: String) throws {
        var section = ""
        var horizon: Int?
        var shifts: [Shift] = [], staff: [Staff] = [], daysOff: [String: Set<Int>] = [:]
        var on: [Request] = [], off: [Request] = [], cover: [Cover] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("SECTION_") { section = line; continue }
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0) }
            func int(_ i: Int) throws -> Int {
                guard i < parts.count, let v = Int(parts[i]) else { throw CurtoisFormatError(line: n + 1, reason: "field \(i + 1) is not a whole number: \(line)") }
                return v
            }
            func need(_ count: Int) throws {
                if parts.count < count { throw CurtoisFormatError(line: n + 1, reason: "expected \(count) fields in \(section): \(line)") }
            }
            switch section {
            case "SECTION_HORIZON": horizon = try int(0)
            case "SECTION_SHIFTS":
                try need(2)
                shifts.append(Shift(id: parts[0], minutes: try int(1),
                                    cannotFollow: parts.count > 2 ? parts[2].split(separator: "|").map(String.init) : []))
            case "SECTION_STAFF":
                try need(8)
                var max: [String: Int] = [:]
                for pair in parts[1].split(separator: "|") {
                    let kv = pair.split(separator: "=")
                    guard kv.count == 2, let v = Int(kv[1]) else { throw CurtoisFormatError(line: n + 1, reason: "bad MaxShifts entry \(pair)") }
                    max[String(kv[0])] = v
                }
                staff.append(Staff(id: parts[0], maxShifts: max, maxTotalMinutes: try int(2), minTotalMinutes: try int(3),
                                   maxConsecutiveShifts: try int(4), minConsecutiveShifts: try int(5),
                                   minConsecutiveDaysOff: try int(6), maxWeekends: try int(7)))
            case "SECTION_DAYS_OFF":
                for i in 1..<parts.count where !parts[i].isEmpty { daysOff[parts[0], default: []].insert(try int(i)) }
            case "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS":
                try need(4)
                let r = Request(staff: parts[0], day: try int(1), shift: parts[2], weight: try int(3))
                if section == "SECTION_SHIFT_ON_REQUESTS" { on.append(r) } else { off.append(r) }
            case "SECTION_COVER":
                try need(5)
                cover.append(Cover(day: try int(0), shift: parts[1], requirement: try int(2), underWeight: try int(3), overWeight: try int(4)))
            default:
                throw CurtoisFormatError(line: n + 1, reason: "data outside a known section: \(line)")
            }
        }
        guard let horizon, horizon > 0 else { throw CurtoisFormatError(line: 0, reason: "no SECTION_HORIZON") }
        self.init(horizon: horizon, shifts: shifts, staff: staff, daysOff: daysOff, onRequests: on, offRequests: off, cover: cover)
    }
}

/// The text without surrounding spaces, tabs and carriage returns (the files come with LF or CRLF).
private func trimmed(_ text: Substring) -> String {
    var s = text
    while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
    return String(s)
}
