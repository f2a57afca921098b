import Scheduling

extension CurtoisGenerator {
    /// One staff member's contract and planted roster.
    struct StaffPlan {
        var rules: CurtoisInstance.Staff
        /// Indexes of the shift types this person may work.
        let eligible: [Int]
        private let shifts: [GroupedShift]
        private let days: Int
        /// Weekends (by index) the planted roster may work; the others are kept off.
        private var workWeekends: Set<Int>

        init(id: String, days: Int, shifts: [GroupedShift], random: inout RandomSource) {
            self.days = days
            self.shifts = shifts
            let weeks = days / 7
            let groups = Set(shifts.map(\.group)).sorted()
            // A person works one to three of the time-of-day groups, and most types within them.
            var mine = Set(groups.filter { _ in random.chance(3, in: 5) })
            if mine.isEmpty { mine.insert(groups[random.below(groups.count)]) }
            var eligible = shifts.indices.filter { mine.contains(shifts[$0].group) && random.chance(4, in: 5) }
            if eligible.isEmpty { eligible = [shifts.indices.filter { mine.contains(shifts[$0].group) }.first!] }
            self.eligible = eligible
            let fullTime = random.chance(3, in: 4)
            let maxTotal = weeks * (fullTime ? 2160 : [1080, 1290][random.below(2)])
            let maxWeekends = max(1, Int((Double(weeks) * (0.4 + 0.35 * random.unit())).rounded()))
            workWeekends = Set(CurtoisGenerator.pick(maxWeekends, from: Array(0..<weeks), random: &random))
            rules = CurtoisInstance.Staff(
                id: id, maxShifts: [:], maxTotalMinutes: maxTotal, minTotalMinutes: maxTotal - 960 - 120 * random.below(2),
                maxConsecutiveShifts: [4, 5, 5, 5, 6, 6][random.below(6)], minConsecutiveShifts: [1, 2, 2, 2, 3][random.below(5)],
                minConsecutiveDaysOff: [1, 2, 2, 3][random.below(4)], maxWeekends: maxWeekends)
        }

        /// Plants a roster within the rules (retrying until its minutes fall within the contract), then fits the
        /// type limits to it; where no try fits, the contract's minutes widen to the best roster found.
        mutating func plant(random: inout RandomSource) -> [Int?] {
            let target = Double(rules.minTotalMinutes + rules.maxTotalMinutes) / 2
            var best: [Int?] = []
            var bestMiss = Int.max
            var workRate = min(0.9, target / 480 / Double(days))
            for _ in 0..<400 {
                let roster = pattern(workRate: workRate, random: &random)
                let minutes = roster.reduce(0) { $0 + ($1.map { shifts[$0].shift.minutes } ?? 0) }
                let miss = max(0, rules.minTotalMinutes - minutes) + max(0, minutes - rules.maxTotalMinutes)
                if miss < bestMiss { (best, bestMiss) = (roster, miss) }
                if miss == 0 { break }
                workRate *= minutes < rules.minTotalMinutes ? 1.04 : 0.96
            }
            let minutes = best.reduce(0) { $0 + ($1.map { shifts[$0].shift.minutes } ?? 0) }
            rules.minTotalMinutes = min(rules.minTotalMinutes, minutes)
            rules.maxTotalMinutes = max(rules.maxTotalMinutes, minutes)
            var worked = [Int](repeating: 0, count: shifts.count)
            for case let s? in best { worked[s] += 1 }
            for (s, shift) in shifts.enumerated() {
                // Types this person may not work get 0; about one in seven they may work gets a limit near its use.
                let limit = !eligible.contains(s) ? 0 : random.chance(1, in: 7) ? worked[s] + random.below(3) : days
                rules.maxShifts[shift.shift.id] = limit
            }
            return best
        }

        /// Blocks of work (minConsecutive to maxConsecutive days, one time-of-day group each, so no forbidden
        /// succession inside) between rests of at least minConsecutiveDaysOff, kept off the weekends not to be worked.
        private func pattern(workRate: Double, random: inout RandomSource) -> [Int?] {
            var roster = [Int?](repeating: nil, count: days)
            let restAfter = rules.minConsecutiveDaysOff
            let meanBlock = Double(rules.minConsecutiveShifts + rules.maxConsecutiveShifts) / 2
            // The chance to start a block on a free day that gives `workRate` of days worked, on average.
            let meanRest = max(Double(restAfter), meanBlock * (1 - workRate) / max(workRate, 0.05))
            let startChance = 1 / max(1, meanRest - Double(restAfter) + 1)
            var day = 0
            while day < days {
                guard random.unit() < startChance else { day += 1; continue }
                var length = rules.minConsecutiveShifts + random.below(rules.maxConsecutiveShifts - rules.minConsecutiveShifts + 1)
                length = min(length, days - day)
                // Cut the block before a weekend day that must stay off; too short a block is not started.
                if let stop = (day..<(day + length)).first(where: { keptOff($0) }) { length = stop - day }
                guard length >= rules.minConsecutiveShifts || day + length == days, length > 0 else { day += 1; continue }
                let group = shifts[eligible[random.below(eligible.count)]].group
                let types = eligible.filter { shifts[$0].group == group }
                for d in day..<(day + length) { roster[d] = types[random.below(types.count)] }
                day += length + restAfter
            }
            return roster
        }

        private func keptOff(_ day: Int) -> Bool { day % 7 >= 5 && !workWeekends.contains(day / 7) }
    }
}
