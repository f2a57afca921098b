extension Problem {
    /// The largest inputs accepted: a city-sized week, far beyond one street.
    public static let maxPeople = 50_000
    public static let maxSeats = 200_000
    public static let maxHorizonDays = 366

    /// Checks the problem and returns the issues that make it unusable (`errors`) and those worth
    /// reporting that do not stop a solve (`warnings`, e.g. a seat needing a credential nobody holds).
    public func validate() -> (errors: [ValidationIssue], warnings: [ValidationIssue]) {
        var errors: [ValidationIssue] = []
        var warnings: [ValidationIssue] = []
        func error(_ field: String, _ reason: String) { errors.append(ValidationIssue(field: field, reason: reason)) }

        if !(1...Problem.maxHorizonDays).contains(horizon.days) {
            error("horizon.days", "must be between 1 and \(Problem.maxHorizonDays), got \(horizon.days)")
        }
        if people.count > Problem.maxPeople { error("people", "at most \(Problem.maxPeople) people, got \(people.count)") }

        var personIndex: [String: Int] = [:]
        for (i, person) in people.enumerated() {
            let at = "people[\(i)]"
            if person.id.isEmpty { error("\(at).id", "must not be empty") }
            if personIndex.updateValue(i, forKey: person.id) != nil { error("\(at).id", "duplicate person id \"\(person.id)\"") }
            if person.name.isEmpty { error("\(at).name", "must not be empty") }
            validateWindows(person.availability, at: "\(at).availability", into: &errors)
            validateWindows(person.preferences.preferredTimes, at: "\(at).preferences.preferredTimes", into: &errors)
            validateWindows(person.preferences.avoidedTimes, at: "\(at).preferences.avoidedTimes", into: &errors)
            for (j, b) in person.blockouts.enumerated() where b.end <= b.start {
                error("\(at).blockouts[\(j)].end", "must be after start (\(b.start))")
            }
            for (j, c) in person.credentials.enumerated() {
                if let from = c.validFrom, let to = c.validTo, to < from {
                    error("\(at).credentials[\(j)].validTo", "must not be before validFrom (\(from))")
                }
            }
            if let home = person.home { validate(home.lat, home.lon, at: "\(at).home", into: &errors) }
            for (name, value) in [("maxMinutesPerDay", person.maxMinutesPerDay), ("maxMinutesPerWeek", person.maxMinutesPerWeek),
                                  ("maxTasksPerDay", person.maxTasksPerDay), ("maxTasksPerWeek", person.maxTasksPerWeek)] {
                if let v = value, v < 0 { error("\(at).\(name)", "must not be negative, got \(v)") }
            }
            for (j, r) in person.preferences.requests.enumerated() where r.weight < 0 {
                error("\(at).preferences.requests[\(j)].weight", "must not be negative, got \(r.weight)")
            }
        }

        var taskIndex: [String: Int] = [:]
        var seatTotal = 0
        var heldCredentials = Set<String>(), heldSkills = Set<String>(), spoken = Set<String>()
        for p in people {
            heldCredentials.formUnion(p.credentials.map(\.kind))
            heldSkills.formUnion(p.skills)
            spoken.formUnion(p.languages)
        }
        for (i, task) in tasks.enumerated() {
            let at = "tasks[\(i)]"
            if task.id.isEmpty { error("\(at).id", "must not be empty") }
            if taskIndex.updateValue(i, forKey: task.id) != nil { error("\(at).id", "duplicate task id \"\(task.id)\"") }
            if task.kind.isEmpty { error("\(at).kind", "must not be empty") }
            if task.end <= task.start { error("\(at).end", "must be after start (\(task.start)), got \(task.end)") }
            if task.minutes > 24 * 60 { error("\(at).end", "a task may last at most 24 hours, this one lasts \(task.minutes) minutes") }
            let day = horizon.dayIndex(of: task.start)
            if day < 0 || day >= horizon.days {
                error("\(at).start", "\(task.start) is outside the horizon \(horizon.start) + \(horizon.days) days")
            }
            validate(task.site.lat, task.site.lon, at: "\(at).site", into: &errors)
            if task.seats.isEmpty { error("\(at).seats", "a task needs at least one seat") }
            for (j, seat) in task.seats.enumerated() {
                let seatAt = "\(at).seats[\(j)]"
                if !(1...1000).contains(seat.count) { error("\(seatAt).count", "must be between 1 and 1000, got \(seat.count)") }
                if seat.fillCost < 0 { error("\(seatAt).fillCost", "must not be negative, got \(seat.fillCost)") }
                for c in seat.credentials where !heldCredentials.contains(c.kind) {
                    warnings.append(ValidationIssue(field: "\(seatAt).credentials", reason: "nobody holds a \"\(c.kind)\" credential: the seat will stay empty"))
                }
                for s in seat.skills where !heldSkills.contains(s) {
                    warnings.append(ValidationIssue(field: "\(seatAt).skills", reason: "nobody has the skill \"\(s)\": the seat will stay empty"))
                }
                if !seat.languages.isEmpty && seat.languages.allSatisfy({ !spoken.contains($0) }) {
                    warnings.append(ValidationIssue(field: "\(seatAt).languages", reason: "nobody speaks \(seat.languages.joined(separator: " or ")): the seat will stay empty"))
                }
            }
            seatTotal += task.seats.reduce(0) { $0 + max(0, $1.count) }
        }
        if seatTotal > Problem.maxSeats { error("tasks", "at most \(Problem.maxSeats) seats in all, got \(seatTotal)") }

        func checkAssignments(_ list: [Assignment], _ name: String) {
            var seen = Set<SeatRef>()
            for (i, a) in list.enumerated() {
                let at = "\(name)[\(i)]"
                if personIndex[a.person] == nil { error("\(at).person", "unknown person \"\(a.person)\"") }
                guard let t = taskIndex[a.task] else { error("\(at).task", "unknown task \"\(a.task)\""); continue }
                let seats = tasks[t].seatCount
                if a.seat < 0 || a.seat >= seats {
                    error("\(at).seat", "task \"\(a.task)\" has seats 0..<\(seats), got \(a.seat)")
                } else if !seen.insert(a.seatRef).inserted {
                    error("\(at).seat", "seat \(a.seatRef) is listed twice")
                }
            }
        }
        checkAssignments(currentSchedule, "currentSchedule")
        checkAssignments(pins, "pins")
        // A held seat's person may be someone outside the problem (the seat is simply not this problem's). Another
        // unit's data may have changed since it made its offer: a seat that is no longer there is only a warning.
        var held = Set<SeatRef>()
        for (i, h) in heldSeats.enumerated() {
            let at = "heldSeats[\(i)]"
            let seats = taskIndex[h.seat.task].map { tasks[$0].seatCount } ?? 0
            if h.seat.seat < 0 || h.seat.seat >= seats {
                warnings.append(ValidationIssue(field: "\(at).seat", reason: "no seat \(h.seat) in this week's tasks: ignored"))
            } else if !held.insert(h.seat).inserted {
                error("\(at).seat", "seat \(h.seat) is held twice")
            }
        }
        for task in heldTasks where taskIndex[task] == nil { error("heldTasks", "unknown task \"\(task)\"") }
        for (i, h) in history.enumerated() where personIndex[h.person] == nil {
            warnings.append(ValidationIssue(field: "history[\(i)].person", reason: "unknown person \"\(h.person)\": ignored"))
        }

        for (key, weight) in rules.weights where weight < 0 {
            error("rules.weights.\(key)", "must not be negative, got \(weight)")
        }
        if !(rules.travelSpeedKmh > 0 && rules.travelSpeedKmh < 1000) {
            error("rules.travelSpeedKmh", "must be between 0 and 1000, got \(rules.travelSpeedKmh)")
        }
        for (group, labour) in rules.labour {
            let at = "rules.labour.\(group)"
            let values: [(String, Int?)] = [
                ("minRestMinutes", labour.minRestMinutes), ("minGapMinutes", labour.minGapMinutes), ("maxConsecutiveDays", labour.maxConsecutiveDays),
                ("minConsecutiveDays", labour.minConsecutiveDays), ("minConsecutiveDaysOff", labour.minConsecutiveDaysOff),
                ("maxWeekends", labour.maxWeekends), ("minTotalMinutes", labour.minTotalMinutes), ("maxTotalMinutes", labour.maxTotalMinutes),
            ]
            for (name, value) in values { if let v = value, v < 0 { error("\(at).\(name)", "must not be negative, got \(v)") } }
            if let lo = labour.minTotalMinutes, let hi = labour.maxTotalMinutes, lo > hi {
                error("\(at).minTotalMinutes", "must not exceed maxTotalMinutes (\(hi)), got \(lo)")
            }
            for (kind, limit) in labour.maxTasksOfKind where limit < 0 {
                error("\(at).maxTasksOfKind.\(kind)", "must not be negative, got \(limit)")
            }
        }
        return (errors, warnings)
    }

    private func validateWindows(_ windows: [WeeklyWindow], at: String, into errors: inout [ValidationIssue]) {
        for (j, w) in windows.enumerated() {
            if w.end <= w.start { errors.append(ValidationIssue(field: "\(at)[\(j)].end", reason: "must be after start (\(w.start))")) }
            if w.days.isEmpty || w.days.contains(where: { !(1...7).contains($0) }) {
                errors.append(ValidationIssue(field: "\(at)[\(j)].days", reason: "weekdays are 1 (Monday) to 7 (Sunday), got \(w.days)"))
            }
        }
    }

    private func validate(_ lat: Double, _ lon: Double, at: String, into errors: inout [ValidationIssue]) {
        if !(lat >= -90 && lat <= 90) { errors.append(ValidationIssue(field: "\(at).lat", reason: "must be between -90 and 90, got \(lat)")) }
        if !(lon >= -180 && lon <= 180) { errors.append(ValidationIssue(field: "\(at).lon", reason: "must be between -180 and 180, got \(lon)")) }
    }
}
