extension CurtoisInstance {
    /// The instance in the benchmark's file format (sections in the order `init(parsing:)` and check.py read).
    public var text: String {
        var lines: [String] = ["# Written by tandem generate curtois", "SECTION_HORIZON", "\(horizon)", "", "SECTION_SHIFTS"]
        lines += shifts.map { "\($0.id),\($0.minutes),\($0.cannotFollow.joined(separator: "|"))" }
        lines += ["", "SECTION_STAFF"]
        for s in staff {
            let limits = shifts.map { "\($0.id)=\(s.maxShifts[$0.id] ?? horizon)" }.joined(separator: "|")
            lines.append("\(s.id),\(limits),\(s.maxTotalMinutes),\(s.minTotalMinutes),\(s.maxConsecutiveShifts),"
                         + "\(s.minConsecutiveShifts),\(s.minConsecutiveDaysOff),\(s.maxWeekends)")
        }
        lines += ["", "SECTION_DAYS_OFF"]
        for s in staff { if let off = daysOff[s.id], !off.isEmpty { lines.append(([s.id] + off.sorted().map(String.init)).joined(separator: ",")) } }
        lines += ["", "SECTION_SHIFT_ON_REQUESTS"] + onRequests.map { "\($0.staff),\($0.day),\($0.shift),\($0.weight)" }
        lines += ["", "SECTION_SHIFT_OFF_REQUESTS"] + offRequests.map { "\($0.staff),\($0.day),\($0.shift),\($0.weight)" }
        lines += ["", "SECTION_COVER"] + cover.map { "\($0.day),\($0.shift),\($0.requirement),\($0.underWeight),\($0.overWeight)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
