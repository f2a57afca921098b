import PluginKit

/// Drowning-prevention river patrols (防溺水巡查): volunteers walk a river section in pairs, at least one of them a
/// swimmer or a first-aider; the same people keep a section (the section is the patrol's client, so the core's
/// continuity of care applies); nobody patrols more than `maxPatrolsPerWeek` times (default 2).
public struct RiverPatrolPlugin: DomainPlugin {
    public static let kind = "patrol"

    public let id = "riverPatrol"
    public let name = Words(en: "River patrols", zh: "防溺水巡查")

    public init() {}

    public var taskKinds: [TaskKind] {
        [TaskKind(id: Self.kind, label: Words(en: "River patrol", zh: "河道巡查"), fields: [
            TaskField(name: "section", kind: .text, label: Words(en: "River section", zh: "巡查河段"), required: true),
        ])]
    }

    public var vocabulary: [String: Words] { ["swimming": Words(en: "swimming", zh: "游泳"), "firstAid": Words(en: "first-aid", zh: "急救")] }

    public var constraints: [PluginConstraint] {
        [
            PluginConstraint(name: "patrolPair", scope: .group, level: .hard, weight: 1,
                             description: Words(en: "Nobody patrols alone", zh: "不得单人巡查"),
                             wouldBreak: Words(en: "would patrol alone", zh: "将单人巡查")),
            PluginConstraint(name: "waterSafety", scope: .group, level: .hard, weight: 1,
                             description: Words(en: "A swimmer or a first-aider (valid on the day) on every patrol",
                                                zh: "每次巡查至少一名会游泳或持有效急救证的人员"),
                             wouldBreak: Words(en: "would leave a patrol without a swimmer or first-aider", zh: "将使巡查组无会游泳或急救人员")),
            PluginConstraint(name: "patrolsPerWeek", scope: .person, level: .hard, weight: 1,
                             description: Words(en: "At most `maxPatrolsPerWeek` patrols a week (default 2)", zh: "每人每周巡查不超过2次"),
                             wouldBreak: Words(en: "already patrol their most this week", zh: "本周巡查次数已满")),
        ]
    }

    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        task.seatCount < 2 ? [ValidationIssue(field: "\(path).seats", reason: "a patrol needs at least two seats: nobody patrols alone")] : []
    }

    /// The section becomes the client, so the same volunteers keep a section through the season.
    public func prepare(_ task: ServiceTask, rules: Rules) -> ServiceTask {
        var out = task
        if out.client == nil, let section = task.fields["section"] { out.client = "section:\(section)" }
        return out
    }

    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] {
        let limit = context.problem.rules.settings["maxPatrolsPerWeek"] ?? 2
        guard let kind = context.kind(Self.kind, reachableBy: person, atLeast: limit + 1) else { return [] }
        return [WeightedPersonRule(.custom(PatrolsPerWeek(kind: kind, limit: Int32(limit)), name: "patrolsPerWeek", kinds: [kind]),
                                   weighting("patrolsPerWeek", rules: context.problem.rules))]
    }

    public func groups(context: SolverModelContext) -> [GroupSpec] {
        let rules = context.problem.rules
        let pair = weighting("patrolPair", rules: rules), safety = weighting("waterSafety", rules: rules)
        let nobody = context.people { _ in false }
        var safeByDate: [LocalDate: [Bool]] = [:]
        var out: [GroupSpec] = []
        for (taskID, slots) in context.seatsByTask(kinds: [Self.kind]) {
            let date = context.date(ofSlot: Int(slots[0]))
            if safeByDate[date] == nil {
                let firstAid = context.holders(of: "firstAid", on: date)
                safeByDate[date] = context.problem.people.enumerated().map { $1.skills.contains("swimming") || firstAid[$0] }
            }
            out.append(GroupSpec(name: "patrolPair", key: taskID, slots: slots, constraint: NotAlone(mayBeAlone: nobody), weighting: pair))
            out.append(GroupSpec(name: "waterSafety", key: taskID, slots: slots, constraint: OneQualifiedPresent(qualified: safeByDate[date]!),
                                 weighting: safety))
        }
        return out
    }

    public func demo(_ setting: DemoSetting) -> DemoWeek {
        var demo = DemoBuilder(setting, prefix: "rp")
        var people: [Person] = [], tasks: [ServiceTask] = []
        let weekends = WeeklyWindow(days: [6, 7], start: LocalTime("08:00")!, end: LocalTime("20:00")!)
        for (c, community) in setting.communities.enumerated() {
            for k in 0..<6 {
                people.append(demo.person(people.count + 1, role: .volunteer, community: c,
                                          credentials: k % 3 == 1 ? [demo.valid("firstAid")] : [], skills: k % 3 == 0 ? ["swimming"] : [],
                                          availability: [weekends], team: "巡河护水队"))
            }
            for section in 1...2 {
                let place = demo.near(community.centre, km: 2)
                for date in demo.days where date.isWeekend {
                    tasks.append(demo.task(tasks.count + 1, kind: Self.kind, title: "防溺水巡查", site: Site(name: "河道\(section)段", lat: place.lat, lon: place.lon),
                                           date: date, start: section == 1 ? 840 : 600, end: section == 1 ? 1020 : 780,
                                           seats: [SeatRequirement(count: 2)], community: c, priority: Priority(8),
                                           fields: ["section": "\(community.id)-\(section)"]))
                }
            }
        }
        return DemoWeek(people: people, tasks: tasks)
    }
}

/// At most `limit` patrols in each week of the horizon. Magnitude: patrols over the limit.
struct PatrolsPerWeek: PersonConstraint {
    let kind: Int32
    let limit: Int32

    func magnitude(_ t: Timeline) -> Int64 {
        var excess: Int64 = 0, week: Int32 = -1, count: Int32 = 0
        for f in t where f.kind == kind {
            if f.week != week {
                week = f.week
                count = 0
            }
            count += 1
            if count > limit { excess += 1 }
        }
        return excess
    }
}
