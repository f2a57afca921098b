/// The benchmark's own objective and hard rules, computed from a roster independently of the solver's model
/// (the same rules as the benchmark's reference checker), to cross-check Tandem's score.
extension CurtoisInstance {
    /// roster[employee][day] is a shift id or nil.
    public func evaluate(_ roster: [String: [String?]]) -> (penalty: Int, hardViolations: [String]) {
        var hard: [String] = []
        let shiftByID = Dictionary(uniqueKeysWithValues: shifts.map { ($0.id, $0) })
        for e in staff {
            let row = roster[e.id] ?? Array(repeating: nil, count: horizon)
            guard row.count == horizon else { hard.append("\(e.id): roster length \(row.count)"); continue }
            for d in daysOff[e.id] ?? [] where row[d] != nil { hard.append("\(e.id): works on day off \(d)") }
            for d in 0..<(horizon - 1) {
                if let a = row[d], let b = row[d + 1], shiftByID[a]?.cannotFollow.contains(b) == true { hard.append("\(e.id): \(b) after \(a) on day \(d + 1)") }
            }
            for (s, m) in e.maxShifts where row.filter({ $0 == s }).count > m { hard.append("\(e.id): too many \(s)") }
            let total = row.compactMap { $0 }.reduce(0) { $0 + (shiftByID[$1]?.minutes ?? 0) }
            if total > e.maxTotalMinutes || total < e.minTotalMinutes { hard.append("\(e.id): \(total) minutes") }
            var d = 0
            while d < horizon {
                var j = d
                while j + 1 < horizon && (row[j + 1] != nil) == (row[d] != nil) { j += 1 }
                let length = j - d + 1, edge = d == 0 || j == horizon - 1
                if row[d] != nil {
                    if length > e.maxConsecutiveShifts { hard.append("\(e.id): \(length) shifts in a row from \(d)") }
                    if length < e.minConsecutiveShifts && !edge { hard.append("\(e.id): only \(length) shifts in a row from \(d)") }
                } else if length < e.minConsecutiveDaysOff && !edge {
                    hard.append("\(e.id): only \(length) days off from \(d)")
                }
                d = j + 1
            }
            let weekends = (0..<(horizon / 7)).filter { row[7 * $0 + 5] != nil || row[7 * $0 + 6] != nil }.count
            if weekends > e.maxWeekends { hard.append("\(e.id): \(weekends) weekends") }
        }
        var penalty = 0
        for r in onRequests where roster[r.staff]?[r.day] != r.shift { penalty += r.weight }
        for r in offRequests where roster[r.staff]?[r.day] == r.shift { penalty += r.weight }
        for c in cover {
            let n = staff.filter { roster[$0.id]?[c.day] == c.shift }.count
            penalty += n < c.requirement ? (c.requirement - n) * c.underWeight : (n - c.requirement) * c.overWeight
        }
        return (penalty, hard)
    }
}
