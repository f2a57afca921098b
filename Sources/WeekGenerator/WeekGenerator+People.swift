import Scheduling

extension WeekGenerator {
    mutating func makePerson(index i: Int, total: Int, communities: [(name: String, point: GeoPoint)]) -> Person {
        let community = communities[i % communities.count]
        let tibetan = rng.below(20) == 0
        let name = tibetan ? DemoNames.tibetanNames[rng.below(DemoNames.tibetanNames.count)]
            : DemoNames.surnames[rng.below(DemoNames.surnames.count)] + DemoNames.givenChars[rng.below(DemoNames.givenChars.count)]
                + (rng.below(2) == 0 ? DemoNames.givenChars[rng.below(DemoNames.givenChars.count)] : "")
        let start = WeekGenerator.weekStart
        let role: Role = i % 10 == 0 ? .socialWorker : (i % 20 == 1 ? .communityWorker : .volunteer)
        var credentials: [Credential] = []
        func valid(_ kind: String, level: Int? = nil) {
            // Most certificates run well past the week; a few expire in it, as real ones do.
            let expires = rng.below(15) == 0 ? start.adding(days: rng.below(7)) : start.adding(days: 200 + rng.below(700))
            credentials.append(Credential(kind: kind, level: level, validFrom: start.adding(days: -400), validTo: expires))
        }
        if role == .socialWorker { valid("socialWorkerCertificate", level: 1 + rng.below(3)) }
        if rng.below(10) < 3 { valid("foodHygiene") }
        if rng.below(10) < 3 || role != .volunteer { valid("firstAid") }
        if rng.below(10) < 4 || role == .socialWorker { valid("backgroundCheck") }
        var skills: [String] = []
        for subject in ["math", "chinese", "english", "calligraphy"] where rng.below(5) == 0 { skills.append(subject) }
        if rng.below(8) == 0 { skills.append("swimming") }
        if rng.below(12) == 0 { skills.append("haircut") }
        var languages = ["zh"]
        if tibetan { languages.append("bo") }
        if rng.below(6) == 0 { languages.append("en") }

        var availability: [WeeklyWindow] = []
        var perWeek = 2400, perDay = 480, tasksPerDay = 4
        switch role {
        case .socialWorker, .communityWorker:
            availability = [WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("08:30")!, end: LocalTime("17:30")!)]
            if rng.below(3) == 0 { availability.append(WeeklyWindow(days: [6], start: LocalTime("09:00")!, end: LocalTime("17:00")!)) }
        case .volunteer:
            perWeek = 240 + 60 * rng.below(10)
            perDay = 240
            tasksPerDay = 2
            switch rng.below(4) {
            case 0: availability = [WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("07:00")!, end: LocalTime("19:00")!)]  // retired
            case 1: availability = [WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("16:00")!, end: LocalTime("21:30")!),
                                    WeeklyWindow(days: [6, 7], start: LocalTime("08:00")!, end: LocalTime("20:00")!)]
            case 2: availability = [WeeklyWindow(days: [6, 7], start: LocalTime("07:00")!, end: LocalTime("21:00")!)]
            default: availability = [WeeklyWindow(days: [1, 3, 5, 6], start: LocalTime("07:00")!, end: LocalTime("21:30")!)]
            }
        }
        var blockouts: [Blockout] = []
        if rng.below(12) == 0 {
            let d = start.adding(days: rng.below(7))
            blockouts.append(Blockout(start: LocalDateTime(date: d, time: LocalTime(minuteOfDay: 0)!),
                                      end: LocalDateTime(date: d.adding(days: 1), time: LocalTime(minuteOfDay: 0)!), reason: "请假"))
        }
        let kinds = ["mealCooking", "mealDelivery", "homeVisit", "tutoring", "stationShift", "patrol", "groupActivity"]
        var preferences = Preferences()
        if rng.below(2) == 0 { preferences.preferredKinds = [kinds[rng.below(kinds.count)]] }
        if rng.below(3) == 0 { preferences.dislikedKinds = [kinds[rng.below(kinds.count)]] }
        let home = GeoPoint(lat: community.point.lat + (rng.unit() - 0.5) * 0.02, lon: community.point.lon + (rng.unit() - 0.5) * 0.02)
        let teams = ["助老服务队", "四点半课堂", "急救志愿队", "巡河护水队", "邻里互助队", "理发服务队"]
        return Person(id: "p\(i + 1)", name: name, role: role, credentials: credentials, skills: skills, languages: languages,
                      home: home, availability: availability, blockouts: blockouts, maxMinutesPerDay: perDay,
                      maxMinutesPerWeek: perWeek, maxTasksPerDay: tasksPerDay, preferences: preferences,
                      team: role == .volunteer ? teams[rng.below(teams.count)] : community.name,
                      labourGroup: role == .volunteer ? nil : "staff")
    }

    mutating func near(_ point: GeoPoint, _ km: Double, name: String) -> Site {
        Site(name: name, lat: point.lat + (rng.unit() - 0.5) * km / 55, lon: point.lon + (rng.unit() - 0.5) * km / 48)
    }

    func task(_ id: String, _ kind: String, _ title: String, _ site: Site, _ date: LocalDate, _ start: Int, _ end: Int,
              _ seats: [SeatRequirement], priority: Int, client: String? = nil, org: String, fields: [String: String] = [:]) -> ServiceTask {
        ServiceTask(id: "t\(id)", kind: kind, title: title, site: site,
                    start: LocalDateTime(date: date, time: LocalTime(minuteOfDay: start)!),
                    end: LocalDateTime(date: date, time: LocalTime(minuteOfDay: end)!),
                    seats: seats, priority: Priority(priority), client: client, orgUnit: org, fields: fields)
    }
}

