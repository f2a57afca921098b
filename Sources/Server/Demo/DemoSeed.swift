import Foundation
import PluginKit
import Scheduling
import Storage

/// The demo's world, from ../shared/DOMAIN.md: one street centre with three community stations, volunteers in teams
/// and social workers with Chinese names, and a week of needs from every plugin plus the core's home visits and
/// social-work duty. Written once into an empty database; `tandem demo` then solves and publishes it.
enum DemoSeed {
    static let password = "tandem-demo"
    static let street = OrgUnit(id: "yulin", name: "玉林街道社会工作服务中心", level: .street, parent: "wuhou", path: "/wuhou/yulin/")
    static let communities: [(id: String, name: String, centre: GeoPoint)] = [
        ("yulin-east", "玉林东路社区", GeoPoint(lat: 30.6325, lon: 104.0712)),
        ("yulin-west", "玉林西路社区", GeoPoint(lat: 30.6301, lon: 104.0598)),
        ("fangcao", "芳草社区", GeoPoint(lat: 30.6248, lon: 104.0650)),
    ]

    typealias Logins = DemoLogins

    /// Seeds an empty database; returns nil when it already holds an org tree (the demo was started before).
    static func seedIfEmpty(store: any TandemStore, registry: PluginRegistry, week: LocalDate,
                            hash: @escaping @Sendable (String) async -> String) async throws -> Logins? {
        guard try await store.orgUnits(under: "/").isEmpty else { return nil }
        let district = OrgUnit(id: "wuhou", name: "武侯区社会工作指导中心", level: .district, parent: nil, path: "/wuhou/")
        let units = [district, street] + communities.map { OrgUnit(id: $0.id, name: $0.name, level: .community, parent: street.id,
                                                                    path: street.path + $0.id + "/") }
        let setting = DemoSetting(week: week, communities: communities, seed: 2026)
        var people: [(Person, String)] = [], tasks: [ServiceTask] = []
        for plugin in registry.plugins {
            let demo = plugin.demo(setting)
            people += demo.people.map { ($0, unitOf($0.home)) }
            tasks += demo.tasks
        }
        let (staff, coreTasks) = socialWork(setting)
        people += staff
        tasks += coreTasks
        let unitByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        let coordinatorHash = await hash(password)
        let socialWorker = staff[0].0
        let invited = people.filter { $0.0.role == .volunteer }.prefix(3)
        var logins = Logins(coordinator: "coordinator", socialWorker: "social", password: password, volunteers: [], week: week,
                            people: people.count, tasks: tasks.count)
        var invitations: [(UserAccount, String)] = []
        for (person, unitID) in invited {
            let unit = unitByID[unitID]!
            let user = UserAccount(id: Secrets.identifier(), username: "person-" + person.id, displayName: person.name, role: .volunteer,
                                   orgUnit: unit.id, orgPath: unit.path, person: person.id, passwordHash: nil, calendarTokenHash: Secrets.hash(Secrets.token()))
            let token = Secrets.token()
            invitations.append((user, token))
            logins.volunteers.append(DemoLogins.Invitation(name: person.name, token: token))
        }
        let expires = Date().addingTimeInterval(30 * 86400)
        let staffUnit = unitByID[staff[0].1]!
        let finalPeople = people, finalTasks = tasks, finalInvitations = invitations
        _ = try await store.write { w in
            for unit in units { try await w.insert(unit) }
            try await w.insert(UserAccount(id: Secrets.identifier(), username: "coordinator", displayName: "周协调", role: .coordinator,
                                           orgUnit: street.id, orgPath: street.path, person: nil, passwordHash: coordinatorHash,
                                           calendarTokenHash: Secrets.hash(Secrets.token())))
            try await w.insert(UserAccount(id: Secrets.identifier(), username: "social", displayName: socialWorker.name, role: .socialWorker,
                                           orgUnit: staffUnit.id, orgPath: staffUnit.path, person: socialWorker.id,
                                           passwordHash: coordinatorHash, calendarTokenHash: Secrets.hash(Secrets.token())))
            for (person, unitID) in finalPeople {
                let unit = unitByID[unitID]!
                try await w.upsert(PersonRecord(person: person, orgUnit: unit.id, orgPath: unit.path))
            }
            for task in finalTasks {
                let unit = unitByID[task.orgUnit ?? street.id] ?? unitByID[street.id]!
                // Weekly: the demo's needs come back every week, so next week can be solved too (a demo started on a
                // Friday has little of this week left to plan).
                try await w.upsert(TaskRecord(task: task, orgUnit: unit.id, orgPath: unit.path, recurrence: .weekly))
            }
            for (user, token) in finalInvitations {
                try await w.insert(user)
                try await w.insertInvitation(tokenHash: Secrets.hash(token), userID: user.id, expiresAt: expires)
            }
        }
        return logins
    }

    /// The community whose centre is nearest to a home.
    static func unitOf(_ home: GeoPoint?) -> String {
        guard let home else { return communities[0].id }
        return communities.min { home.distance(to: $0.centre) < home.distance(to: $1.centre) }!.id
    }

    /// Twelve social workers (four per community) with their week: two on duty at their station each weekday, and
    /// home visits to households triaged red, yellow and green, some visited before by one of them.
    static func socialWork(_ setting: DemoSetting) -> (people: [(Person, String)], tasks: [ServiceTask]) {
        var demo = DemoBuilder(setting, prefix: "sw")
        var people: [(Person, String)] = [], tasks: [ServiceTask] = []
        let office = WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("08:30")!, end: LocalTime("17:30")!)
        for (c, community) in setting.communities.enumerated() {
            for k in 0..<4 {
                var person = demo.person(people.count + 1, role: .socialWorker, community: c,
                                         credentials: [demo.valid("socialWorkerCertificate", level: 1 + k % 3), demo.valid("backgroundCheck"),
                                                       demo.valid("firstAid")],
                                         availability: [office], maxMinutesPerWeek: 2400, team: community.name)
                // One first-aid certificate runs out mid-week: the console flags it against the later bookings.
                if c == 0 && k == 0 { person.credentials[2].validTo = setting.week.adding(days: 1) }
                people.append((person, community.id))
            }
            let station = demo.near(community.centre, km: 0.2)
            let site = Site(id: "\(community.id)-station", name: "\(community.name)社会工作服务站", lat: station.lat, lon: station.lon)
            let certified = SeatRequirement(role: .socialWorker, credentials: [CredentialRequirement(kind: "socialWorkerCertificate")], count: 2)
            for date in demo.days where !date.isWeekend {
                tasks.append(demo.task(tasks.count + 1, kind: "stationDuty", title: "社工站值班", site: site, date: date, start: 540, end: 720,
                                       seats: [certified], community: c, priority: Priority(8)))
                tasks.append(demo.task(tasks.count + 1, kind: "stationDuty", title: "社工站值班", site: site, date: date, start: 840, end: 1050,
                                       seats: [certified], community: c, priority: Priority(8)))
            }
            for (k, colour) in [Priority.red, .red, .yellow, .yellow, .green].enumerated() {
                let home = demo.near(community.centre, km: 1.2)
                let date = setting.week.adding(days: k % 5)
                tasks.append(demo.task(tasks.count + 1, kind: "homeVisit", title: "入户探访", site: Site(name: "独居老人家", lat: home.lat, lon: home.lon),
                                       date: date, start: 600 + 60 * (k % 3), end: 660 + 60 * (k % 3),
                                       seats: [SeatRequirement(role: .socialWorker, credentials: [CredentialRequirement(kind: "socialWorkerCertificate")])],
                                       community: c, priority: colour, client: "\(community.id)-household\(k)"))
            }
        }
        // The street centre's own duty: one certified social worker over the lunch hours, from any community.
        let centre = Site(id: "yulin-centre", name: "玉林街道社会工作服务中心", lat: 30.6290, lon: 104.0660)
        for date in demo.days where !date.isWeekend {
            var duty = demo.task(tasks.count + 1, kind: "stationDuty", title: "街道中心值班", site: centre, date: date, start: 720, end: 840,
                                 seats: [SeatRequirement(role: .socialWorker, credentials: [CredentialRequirement(kind: "socialWorkerCertificate")])],
                                 community: 0, priority: Priority(8))
            duty.orgUnit = street.id
            tasks.append(duty)
        }
        return (people, tasks)
    }
}

/// What `tandem demo` prints: who can sign in, and the volunteers' invitation links.
public struct DemoLogins: Sendable {
    public struct Invitation: Sendable {
        public let name: String
        public let token: String
    }

    public var coordinator: String
    public var socialWorker: String
    public var password: String
    public var volunteers: [Invitation]
    public var week: LocalDate
    public var people: Int
    public var tasks: Int
}
