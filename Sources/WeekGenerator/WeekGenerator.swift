import Scheduling

/// A seeded, realistic week for one street with several communities: elder meals (cooking and deliveries),
/// home visits by certified social workers, children's tutoring, outdoor-worker station shifts, river patrols
/// and group activities; Chinese names, a believable mix of credentials, availability and preferences.
public struct WeekGenerator {
    var rng: RandomSource

    public init(seed: UInt64) { rng = RandomSource(seed: seed) }

    /// The Monday the generated weeks start on.
    public static let weekStart = LocalDate(year: 2026, month: 11, day: 30)!

    /// The week for `seed`: the same three numbers give the same week on every machine.
    public static func week(seed: UInt64, people: Int, seats: Int) -> Problem {
        var generator = WeekGenerator(seed: seed)
        return generator.week(people: people, seats: seats)
    }

    public mutating func week(people peopleCount: Int, seats seatTarget: Int) -> Problem {
        let communityCount = max(3, min(DemoNames.communities.count, peopleCount / 120))
        let centre = GeoPoint(lat: 30.6570, lon: 104.0800)
        let communities: [(name: String, point: GeoPoint)] = (0..<communityCount).map { i in
            let angle = Double(i) / Double(communityCount) * 6.283
            return (DemoNames.communities[i], GeoPoint(lat: centre.lat + 0.012 * Trigonometry.cos(angle), lon: centre.lon + 0.014 * Trigonometry.sin(angle)))
        }
        var people: [Person] = []
        for i in 0..<peopleCount { people.append(makePerson(index: i, total: peopleCount, communities: communities)) }

        var tasks: [ServiceTask] = []
        var history: [PastAssignment] = []
        var seats = 0
        var serial = 0
        func add(_ task: ServiceTask) {
            tasks.append(task)
            seats += task.seatCount
        }
        // One canteen per community: its cooking happens there and its deliveries start there.
        let canteens = communities.map { community in near(community.point, 0.2, name: "\(community.name)长者食堂") }
        let socialWorkers = people.filter { $0.role == .socialWorker }.map(\.id)
        // Round-robin over task families until the seat target is reached, so every size keeps the same mix.
        while seats < seatTarget {
            for c in 0..<communityCount where seats < seatTarget {
                let community = communities[c]
                for day in 0..<7 where seats < seatTarget {
                    serial += 1
                    let date = WeekGenerator.weekStart.adding(days: day)
                    let kind = serial % 10
                    switch kind {
                    case 0, 1:
                        add(task("\(serial)", "mealCooking", "助餐·备餐", canteens[c], date, 9 * 60, 11 * 60 + 30,
                                 [SeatRequirement(credentials: [CredentialRequirement(kind: "foodHygiene")], count: 2)], priority: 6, org: community.name))
                    case 2, 3, 4:
                        let elder = "elder-\(c)-\(rng.below(25))"
                        add(task("\(serial)", "mealDelivery", "送餐上门", near(community.point, 0.8, name: "\(DemoNames.elders[rng.below(3)])家"), date, 11 * 60 + 15, 12 * 60 + 30,
                                 [SeatRequirement(count: 1)], priority: 7, client: elder, org: community.name,
                                 fields: ["meal": "lunch", "canteenLat": "\(canteens[c].lat)", "canteenLon": "\(canteens[c].lon)"]))
                    case 5:
                        let household = "household-\(c)-\(rng.below(30))"
                        let colour = [Priority.red, .yellow, .green][rng.below(3)]
                        let start = (9 + rng.below(7)) * 60
                        if !socialWorkers.isEmpty && rng.below(2) == 0 {
                            history.append(PastAssignment(person: socialWorkers[rng.below(socialWorkers.count)], kind: "homeVisit", client: household))
                        }
                        guard !date.isWeekend else { continue }
                        add(task("\(serial)", "homeVisit", "入户探访", near(community.point, 0.9, name: "走访户"), date, start, start + 60,
                                 [SeatRequirement(role: .socialWorker, credentials: [CredentialRequirement(kind: "socialWorkerCertificate")], count: 1)],
                                 priority: colour.value, client: household, org: community.name))
                    case 6:
                        guard !date.isWeekend else { continue }
                        let subject = ["math", "chinese", "english", "calligraphy"][rng.below(4)]
                        let tibetan = subject == "calligraphy" && rng.below(3) == 0
                        add(task("\(serial)", "tutoring", tibetan ? "藏文书法" : "作业辅导", near(community.point, 0.3, name: "\(community.name)儿童之家"), date, 16 * 60 + 30, 18 * 60 + 30,
                                 [SeatRequirement(credentials: [CredentialRequirement(kind: "backgroundCheck")], skills: [subject],
                                                  languages: tibetan ? ["bo"] : [], count: 2)], priority: 6, client: "class-\(c)-\(subject)",
                                 org: community.name, fields: ["subject": subject, "children": "\(6 + rng.below(7))"]))
                    case 7, 8:
                        let shift = rng.below(3)
                        let start = [7 * 60, 11 * 60, 15 * 60][shift]
                        add(task("\(serial)", "stationShift", "户外劳动者服务站", near(community.point, 0.4, name: "\(community.name)暖心驿站"), date, start, start + 4 * 60,
                                 [SeatRequirement(credentials: [CredentialRequirement(kind: "firstAid")], count: 1), SeatRequirement(count: 1)],
                                 priority: 5, org: community.name, fields: ["station": "station-\(c)"]))
                    default:
                        if date.isWeekend {
                            add(task("\(serial)", "patrol", "防溺水巡查", near(community.point, 1.2, name: "河道巡查段"), date, 14 * 60, 17 * 60,
                                     [SeatRequirement(skills: ["swimming"], count: 1), SeatRequirement(count: 1)], priority: 8, org: community.name,
                                     fields: ["section": "river-\(c)"]))
                        } else {
                            add(task("\(serial)", "groupActivity", "社区活动", near(community.point, 0.3, name: "\(community.name)活动室"), date, 19 * 60, 21 * 60,
                                     [SeatRequirement(count: 3)], priority: 3, org: community.name))
                        }
                    }
                }
            }
        }
        let labour: [String: LabourRules] = [
            "default": LabourRules(minRestMinutes: 600),
            "staff": LabourRules(minRestMinutes: 660, maxConsecutiveDays: 6),
        ]
        return Problem(name: "generated week: \(peopleCount) people, \(seats) seats", horizon: Horizon(start: WeekGenerator.weekStart, days: 7),
                       people: people, tasks: tasks, history: history, rules: Rules(labour: labour, maxDistanceFromHomeKm: 6))
    }
}
