import PluginKit

/// A week of elder meals: each community's canteen cooks lunch on weekdays and volunteers deliver it to eight
/// elders living alone, in rounds of four stops.
struct ElderMealsDemo {
    var demo: DemoBuilder

    init(setting: DemoSetting) { demo = DemoBuilder(setting, prefix: "em") }

    private static let notes = ["低盐", "低糖，糖尿病", "软食，牙口不好", "清淡，忌辛辣", "无"]

    mutating func week() -> DemoWeek {
        var people: [Person] = [], tasks: [ServiceTask] = []
        let weekdays = WeeklyWindow(days: [1, 2, 3, 4, 5], start: LocalTime("08:00")!, end: LocalTime("14:00")!)
        for (c, community) in demo.setting.communities.enumerated() {
            for _ in 0..<4 {
                people.append(demo.person(people.count + 1, role: .volunteer, community: c, credentials: [demo.valid("foodHygiene")],
                                          availability: [weekdays], team: "助老服务队"))
            }
            for _ in 0..<5 {
                people.append(demo.person(people.count + 1, role: .volunteer, community: c, availability: [weekdays], team: "送餐志愿队"))
            }
            let canteen = demo.near(community.centre, km: 0.3)
            let canteenSite = Site(id: "\(community.id)-canteen", name: "\(community.name)长者食堂", lat: canteen.lat, lon: canteen.lon)
            let elders = (0..<8).map { e in (id: "\(community.id)-elder\(e)", home: demo.near(canteen, km: 1.5)) }
            for date in demo.days where !date.isWeekend {
                tasks.append(demo.task(tasks.count + 1, kind: ElderMealsPlugin.cooking, title: "助餐·备餐", site: canteenSite, date: date,
                                       start: 540, end: 660, seats: [SeatRequirement(count: 2)], community: c, priority: Priority(7),
                                       fields: ["portions": "40"]))
                for (e, elder) in elders.enumerated() {
                    let start = 690 + 20 * (e % 4)
                    tasks.append(demo.task(tasks.count + 1, kind: ElderMealsPlugin.delivery, title: "送餐上门",
                                           site: Site(name: "独居老人家", lat: elder.home.lat, lon: elder.home.lon), date: date,
                                           start: start, end: start + 15, seats: [SeatRequirement(count: 1)], community: c,
                                           priority: Priority(8), client: elder.id,
                                           fields: ["meal": "lunch", "canteenLat": "\(canteen.lat)", "canteenLon": "\(canteen.lon)",
                                                    "dietaryNote": Self.notes[e % Self.notes.count]]))
                }
            }
        }
        return DemoWeek(people: people, tasks: tasks)
    }
}
