import PluginKit

/// A week of child care: each community runs a homework class and after-school care every weekday, its social
/// workers visit triaged children, and the first community teaches Tibetan calligraphy on Fridays.
struct ChildTutoringDemo {
    var demo: DemoBuilder

    init(setting: DemoSetting) { demo = DemoBuilder(setting, prefix: "ct") }

    private static let subjects = ["math", "chinese", "english"]

    mutating func week() -> DemoWeek {
        var people: [Person] = [], tasks: [ServiceTask] = []
        let afternoons = WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("15:30")!, end: LocalTime("19:00")!)
        let office = WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("08:30")!, end: LocalTime("17:30")!)
        for (c, community) in demo.setting.communities.enumerated() {
            for k in 0..<8 {
                people.append(demo.person(people.count + 1, role: .volunteer, community: c, credentials: [demo.valid("backgroundCheck")],
                                          skills: [Self.subjects[k % 3], Self.subjects[(k + 1) % 3]], availability: [afternoons],
                                          maxMinutesPerWeek: 600, team: "四点半课堂"))
            }
            if c == 0 {
                for _ in 0..<2 {
                    people.append(demo.person(people.count + 1, role: .volunteer, community: c, credentials: [demo.valid("backgroundCheck")],
                                              skills: ["calligraphy"], languages: ["zh", "bo"], availability: [afternoons], team: "藏文书法班"))
                }
            }
            people.append(demo.person(people.count + 1, role: .socialWorker, community: c,
                                      credentials: [demo.valid("backgroundCheck"), demo.valid("socialWorkerCertificate", level: 2)],
                                      availability: [office], team: community.name))
            let home = demo.near(community.centre, km: 0.4)
            let childrenHome = Site(id: "\(community.id)-children", name: "\(community.name)儿童之家", lat: home.lat, lon: home.lon)
            for (d, date) in demo.days.enumerated() where !date.isWeekend {
                let subject = Self.subjects[d % 3]
                tasks.append(demo.task(tasks.count + 1, kind: ChildTutoringPlugin.tutoring, title: "作业辅导", site: childrenHome, date: date,
                                       start: 990, end: 1110, seats: [SeatRequirement(count: 2)], community: c, priority: Priority(6),
                                       client: "\(community.id)-class-\(subject)", fields: ["subject": subject, "children": "12"]))
                tasks.append(demo.task(tasks.count + 1, kind: ChildTutoringPlugin.care, title: "爱心托管", site: childrenHome, date: date,
                                       start: 960, end: 1080, seats: [SeatRequirement(count: 2)], community: c, priority: Priority(6),
                                       client: "\(community.id)-care", fields: ["children": "8"]))
                if c == 0 && d == 4 {
                    tasks.append(demo.task(tasks.count + 1, kind: ChildTutoringPlugin.tutoring, title: "藏文书法", site: childrenHome, date: date,
                                           start: 1020, end: 1110, seats: [SeatRequirement(count: 2)], community: c, priority: Priority(5),
                                           client: "\(community.id)-class-calligraphy",
                                           fields: ["subject": "calligraphy", "language": "bo", "children": "10"]))
                }
            }
            for (k, triage) in [Triage.red, .yellow, .green].enumerated() {
                let child = demo.near(community.centre, km: 1)
                let date = demo.setting.week.adding(days: 1 + k)
                tasks.append(demo.task(tasks.count + 1, kind: ChildTutoringPlugin.visit, title: "困境儿童探访",
                                       site: Site(name: "儿童家庭", lat: child.lat, lon: child.lon), date: date, start: 600, end: 660,
                                       seats: [SeatRequirement(role: .socialWorker, count: 1)], community: c,
                                       client: "\(community.id)-child\(k)",
                                       fields: ["triage": triage.rawValue, "lastVisit": "\(demo.setting.week.adding(days: -10))"]))
            }
        }
        return DemoWeek(people: people, tasks: tasks)
    }
}
