import PluginKit

/// A week at each community's station for outdoor workers: open 07:00–19:00 every day in three shifts of two, a heat
/// alert on Thursday.
struct OutdoorStationsDemo {
    var demo: DemoBuilder

    init(setting: DemoSetting) { demo = DemoBuilder(setting, prefix: "os") }

    mutating func week() -> DemoWeek {
        var people: [Person] = [], tasks: [ServiceTask] = []
        let everyDay = WeeklyWindow(days: [1, 2, 3, 4, 5, 6, 7], start: LocalTime("06:30")!, end: LocalTime("21:00")!)
        for (c, community) in demo.setting.communities.enumerated() {
            for k in 0..<14 {
                people.append(demo.person(people.count + 1, role: k < 2 ? .communityWorker : .volunteer, community: c,
                                          credentials: k % 2 == 0 ? [demo.valid("firstAid")] : [], availability: [everyDay],
                                          maxMinutesPerWeek: 960, team: "暖心驿站志愿队"))
            }
            let place = demo.near(community.centre, km: 0.5)
            let station = Site(id: "\(community.id)-station", name: "\(community.name)户外劳动者服务站", lat: place.lat, lon: place.lon)
            for (d, date) in demo.days.enumerated() {
                for start in [420, 660, 900] {
                    var fields = ["station": station.id!, "opens": "07:00", "closes": "19:00"]
                    if d == 3 { fields["alert"] = "heat" }
                    tasks.append(demo.task(tasks.count + 1, kind: OutdoorStationsPlugin.shift, title: "驿站值守", site: station, date: date,
                                           start: start, end: start + 240, seats: [SeatRequirement(count: 2)], community: c, fields: fields))
                }
            }
        }
        return DemoWeek(people: people, tasks: tasks)
    }
}
