import PluginKit

// The starting point of a new plugin: copy this folder to Plugins/<YourName>, rename the type and the ids, and follow
// docs/plugins.md. Each part below is one thing a plugin can contribute; delete what your domain does not need.

/// A neighbourhood haircut service (理发服务): barbers visit elders at home.
public struct TemplatePlugin: DomainPlugin {
    public static let kind = "haircutVisit"

    /// The id an org enables; also the prefix of this plugin's demo ids.
    public let id = "template"
    public let name = Words(en: "Haircut visits", zh: "上门理发")

    public init() {}

    // 1. Task kinds and their extra fields: the web console renders a form from these.
    public var taskKinds: [TaskKind] {
        [TaskKind(id: Self.kind, label: Words(en: "Haircut visit", zh: "上门理发"), fields: [
            TaskField(name: "clients", kind: .number, label: Words(en: "Elders served", zh: "服务人数"), required: true),
        ])]
    }

    // 2. Names of the credential and skill codes the plugin introduces, for explanations.
    public var vocabulary: [String: Words] { ["haircut": Words(en: "haircut", zh: "理发")] }

    // 3. Every constraint, with its default level and weight (a coordinator overrides them by name).
    public var constraints: [PluginConstraint] {
        [
            PluginConstraint(name: "barberSkill", scope: .slot, level: .hard, weight: 1,
                             description: Words(en: "A haircut visit needs the haircut skill", zh: "上门理发须具备理发技能"),
                             wouldBreak: Words(en: "cannot cut hair", zh: "不会理发")),
            PluginConstraint(name: "haircutsPerDay", scope: .person, level: .soft, weight: 50,
                             description: Words(en: "Spread visits: each visit beyond one a day costs", zh: "每人每天上门理发以一次为宜"),
                             wouldBreak: Words(en: "already visit someone that day", zh: "当天已有上门理发")),
            PluginConstraint(name: "barberPair", scope: .group, level: .hard, weight: 1,
                             description: Words(en: "Nobody visits alone", zh: "不得单人上门"),
                             wouldBreak: Words(en: "would visit alone", zh: "将单人上门")),
        ]
    }

    // 4. Validation: name the field and the reason.
    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        guard let clients = task.integer("clients"), clients > 0 else {
            return task.fields["clients"] == nil ? [] : [ValidationIssue(field: "\(path).fields.clients", reason: "must be a whole number above 0")]
        }
        return []
    }

    // 5. Slot scope: who may sit in a seat at all (and what a person costs there).
    public func slotRules(rules: Rules) -> [any SlotRule] { [BarberSkill()] }

    // 6. Person scope: a rule over one person's timeline.
    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] {
        // Left out for people who could not take two visits: the rule could never fire for them.
        guard let kind = context.kind(Self.kind, reachableBy: person, atLeast: 2) else { return [] }
        return [WeightedPersonRule(.custom(OneVisitADay(kind: kind), name: "haircutsPerDay", kinds: [kind]), weighting("haircutsPerDay", rules: context.problem.rules))]
    }

    // 7. Group scope: a rule over the seats that share a key (here: one visit's seats).
    public func groups(context: SolverModelContext) -> [GroupSpec] {
        let weighting = weighting("barberPair", rules: context.problem.rules)
        let nobody = context.people { _ in false }
        return context.seatsByTask(kinds: [Self.kind]).map {
            GroupSpec(name: "barberPair", key: $0.key, slots: $0.slots, constraint: NotAlone(mayBeAlone: nobody), weighting: weighting)
        }
    }

    // 8. Demo data: people and a week of tasks.
    public func demo(_ setting: DemoSetting) -> DemoWeek {
        var demo = DemoBuilder(setting, prefix: id)
        var people: [Person] = [], tasks: [ServiceTask] = []
        for (c, community) in setting.communities.enumerated() {
            for _ in 0..<4 { people.append(demo.person(people.count + 1, role: .volunteer, community: c, skills: ["haircut"], team: "理发服务队")) }
            let place = demo.near(community.centre, km: 1)
            tasks.append(demo.task(tasks.count + 1, kind: Self.kind, title: "上门理发", site: Site(name: "长者家", lat: place.lat, lon: place.lon),
                                   date: setting.week.adding(days: 2), start: 600, end: 690, seats: [SeatRequirement(count: 2)],
                                   community: c, fields: ["clients": "3"]))
        }
        return DemoWeek(people: people, tasks: tasks)
    }
}

/// Slot rule: only people with the haircut skill.
struct BarberSkill: SlotRule {
    let name = "barberSkill"

    /// Only haircut visits: the build then skips the rule for every other task's seats.
    func applies(to task: ServiceTask) -> Bool { task.kind == TemplatePlugin.kind }

    func exclusion(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Words? {
        task.kind == TemplatePlugin.kind && !person.skills.contains("haircut") ? Words(en: "cannot cut hair", zh: "不会理发") : nil
    }
}

/// Person rule: visits beyond one a day. It sees only the person's timeline (seats in start order), so it is fast.
struct OneVisitADay: PersonConstraint {
    let kind: Int32

    func magnitude(_ t: Timeline) -> Int64 {
        var extra: Int64 = 0, day: Int32 = -1
        for f in t where f.kind == kind {
            if f.day == day { extra += 1 }
            day = f.day
        }
        return extra
    }
}
