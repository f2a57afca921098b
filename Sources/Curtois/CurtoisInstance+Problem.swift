import Scheduling

extension CurtoisInstance {
    /// The horizon starts on a Monday, as the benchmark's day 0 does.
    public static let firstDay = LocalDate(year: 2024, month: 1, day: 1)!

    /// The instance as a Tandem problem, with the benchmark's objective:
    /// - each (day, shift) is a task with `requirement` mandatory seats (an empty one costs the under-cover weight)
    ///   and up to `extraSeats` optional seats (a filled one costs the over-cover weight);
    /// - cover and requests share the soft level, as in the benchmark, so under-cover trades against requests;
    /// - days off are blockouts, MaxShifts and the other staff limits are labour rules, one group per employee;
    /// - shift-on/off requests are dated wishes with their weights.
    public func problem(extraSeats: Int = 3) throws -> Problem {
        let site = Site(id: "ward", name: "ward", lat: 51.5, lon: -0.12)
        let underWeights = Set(cover.map(\.underWeight))
        guard underWeights.count <= 1 else { throw CurtoisFormatError(line: 0, reason: "under-cover weights differ between rows: \(underWeights.sorted())") }
        let under = underWeights.first ?? 100
        // unfilled cost = priority × weight: pick the largest priority (1–10) that divides the weight.
        let priority = (1...10).reversed().first { under % $0 == 0 } ?? 1

        let successions = shifts.flatMap { s in s.cannotFollow.map { Succession(first: s.id, then: $0) } }
        var labour: [String: LabourRules] = [:]
        var people: [Person] = []
        for e in staff {
            labour[e.id] = LabourRules(maxConsecutiveDays: e.maxConsecutiveShifts, minConsecutiveDays: e.minConsecutiveShifts,
                                       minConsecutiveDaysOff: e.minConsecutiveDaysOff, maxWeekends: e.maxWeekends,
                                       minTotalMinutes: e.minTotalMinutes, maxTotalMinutes: e.maxTotalMinutes,
                                       maxTasksOfKind: e.maxShifts, forbiddenSuccessions: successions)
            let blockouts = (daysOff[e.id] ?? []).sorted().map { d in
                Blockout(start: LocalDateTime(date: Self.firstDay.adding(days: d), time: LocalTime(minuteOfDay: 0)!),
                         end: LocalDateTime(date: Self.firstDay.adding(days: d + 1), time: LocalTime(minuteOfDay: 0)!), reason: "day off")
            }
            let requests = onRequests.filter { $0.staff == e.id }.map {
                ShiftRequest(date: Self.firstDay.adding(days: $0.day), kind: $0.shift, wanted: true, weight: $0.weight)
            } + offRequests.filter { $0.staff == e.id }.map {
                ShiftRequest(date: Self.firstDay.adding(days: $0.day), kind: $0.shift, wanted: false, weight: $0.weight)
            }
            people.append(Person(id: e.id, name: e.id, role: .volunteer, blockouts: blockouts, maxTasksPerDay: 1,
                                 preferences: Preferences(requests: requests), labourGroup: e.id))
        }

        let minutes = Dictionary(uniqueKeysWithValues: shifts.map { ($0.id, $0.minutes) })
        var tasks: [ServiceTask] = []
        for c in cover {
            let able = staff.filter { ($0.maxShifts[c.shift] ?? 0) > 0 && !(daysOff[$0.id]?.contains(c.day) ?? false) }.count
            var seats: [SeatRequirement] = []
            if c.requirement > 0 { seats.append(SeatRequirement(count: c.requirement)) }
            let extra = min(extraSeats, max(0, able - c.requirement))
            if extra > 0 { seats.append(SeatRequirement(count: extra, optional: true, fillCost: c.overWeight)) }
            guard !seats.isEmpty, let length = minutes[c.shift] else { continue }
            let date = Self.firstDay.adding(days: c.day)
            // Every shift starts at midnight of its day: one shift a day is the rule, and lengths stay exact.
            let start = LocalDateTime(date: date, time: LocalTime(minuteOfDay: 0)!)
            tasks.append(ServiceTask(id: "\(c.day)-\(c.shift)", kind: c.shift, site: site, start: start,
                                     end: LocalDateTime(minutes: start.minutes + length), seats: seats, priority: Priority(priority)))
        }
        var weights: [String: Int] = [:]
        for id in ["fairness", "travel", "homeDistance", "preference", "continuity", "familiarFace", "disruption"] { weights[id] = 0 }
        weights["unfilledSeat"] = under / priority
        weights["request"] = 1
        weights["optionalSeat"] = 1
        return Problem(name: "curtois", horizon: Horizon(start: Self.firstDay, days: horizon), people: people, tasks: tasks,
                       rules: Rules(weights: weights, levels: ["unfilledSeat": .soft], labour: labour))
    }
}
