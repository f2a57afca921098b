import PluginKit

enum WeatherAlert: String, CaseIterable { case none, heat, cold }

/// Every opening hour of a station on a day has someone on duty. The opening hours come from the shifts' `opens`
/// and `closes` fields, or else span the shifts. Magnitude: opening hours (started hours, 0–23) with nobody seated.
struct StationCoverage: GroupConstraint {
    /// hours[i]: the hours of the day the group's i-th seat covers, one bit each.
    let hours: [UInt32]
    let open: UInt32

    init(slots tasks: [ServiceTask]) {
        func mask(_ from: Int, _ to: Int) -> UInt32 {
            var m: UInt32 = 0
            var h = from / 60
            while h * 60 < to && h < 24 {
                m |= 1 << UInt32(h)
                h += 1
            }
            return m
        }
        hours = tasks.map { mask($0.start.minuteOfDay, $0.start.date == $0.end.date ? $0.end.minuteOfDay : 1440) }
        let opens = tasks.compactMap { $0.fields["opens"].flatMap { LocalTime($0) }?.minuteOfDay }.min()
        let closes = tasks.compactMap { $0.fields["closes"].flatMap { LocalTime($0) }?.minuteOfDay }.max()
        if let opens, let closes {
            open = mask(opens, closes)
        } else {
            open = hours.reduce(0, |)
        }
    }

    func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        var covered: UInt32 = 0
        for i in 0..<people.count where people[i] >= 0 { covered |= hours[i] }
        return Int64((open & ~covered).nonzeroBitCount)
    }
}

/// Labour rules for station shifts: a minimum rest between two station shifts and a most station days in a row.
/// Magnitude: started hours of rest missing, plus days over the limit.
struct StationRest: PersonConstraint {
    var kind: Int32
    var minRestMinutes: Int32
    var maxDaysInRow: Int32

    func magnitude(_ t: Timeline) -> Int64 {
        var missing: Int64 = 0
        var lastEnd: Int32 = -1, lastDay: Int32 = -2, run: Int32 = 0
        for f in t where f.kind == kind {
            if lastEnd >= 0 && f.start - lastEnd < minRestMinutes && f.day != lastDay {
                missing += Int64((minRestMinutes - (f.start - lastEnd) + 59) / 60)
            }
            if f.day != lastDay {
                run = f.day == lastDay + 1 ? run + 1 : 1
                if run > maxDaysInRow { missing += 1 }
            }
            lastEnd = max(lastEnd, f.end)
            lastDay = f.day
        }
        return missing
    }
}
