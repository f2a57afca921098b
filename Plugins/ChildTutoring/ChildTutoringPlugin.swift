import PluginKit

/// Child care and tutoring (作业辅导/爱心托管, 儿童关爱): every adult working with children holds a valid background
/// check; the subject and language match the class; enough tutors for the children (a ratio per session); no adult
/// alone with children unless a social worker; the same tutors for a class across the term (the class is the task's
/// client, so the core's continuity and familiar-face rules apply); children triaged red / yellow / green are visited
/// every week / two weeks / four weeks.
public struct ChildTutoringPlugin: DomainPlugin {
    public static let tutoring = "tutoring"
    public static let care = "afterSchoolCare"
    public static let visit = "childVisit"
    static let withChildren: Set<String> = [tutoring, care, visit]

    public let id = "childTutoring"
    public let name = Words(en: "Child tutoring and care", zh: "儿童关爱与作业辅导")

    public init() {}

    public var taskKinds: [TaskKind] {
        let session = [
            TaskField(name: "subject", kind: .text, label: Words(en: "Subject (a skill code)", zh: "科目（技能代码）")),
            TaskField(name: "language", kind: .text, label: Words(en: "Language of teaching", zh: "教学语言")),
            TaskField(name: "children", kind: .number, label: Words(en: "Children", zh: "儿童人数"), required: true),
            TaskField(name: "ratio", kind: .number, label: Words(en: "Children per adult (default 6)", zh: "师生比（每名成人照看儿童数，默认6）")),
        ]
        return [
            TaskKind(id: Self.tutoring, label: Words(en: "Homework tutoring", zh: "作业辅导"), fields: session),
            TaskKind(id: Self.care, label: Words(en: "After-school care", zh: "爱心托管"), fields: session),
            TaskKind(id: Self.visit, label: Words(en: "Child visit", zh: "困境儿童探访"), fields: [
                TaskField(name: "triage", kind: .choice, label: Words(en: "Triage colour", zh: "三色分级"),
                          choices: Triage.allCases.map(\.rawValue), required: true),
                TaskField(name: "lastVisit", kind: .text, label: Words(en: "Last visit (YYYY-MM-DD)", zh: "上次探访日期")),
            ]),
        ]
    }

    public var vocabulary: [String: Words] {
        ["backgroundCheck": Words(en: "background-check", zh: "无犯罪记录核查"), "piano": Words(en: "piano", zh: "钢琴")]
    }

    public var constraints: [PluginConstraint] {
        [
            PluginConstraint(name: "childSafeguarding", scope: .slot, level: .hard, weight: 1,
                             description: Words(en: "Every adult with children holds a background check valid on the day",
                                                zh: "与儿童接触的成人须持当日有效的无犯罪记录核查"),
                             wouldBreak: Words(en: "lack a valid background check", zh: "缺少有效的无犯罪记录核查")),
            PluginConstraint(name: "tutorRatio", scope: .group, level: .medium, weight: 800,
                             description: Words(en: "Enough adults for the children: one per `ratio` children (default 6)",
                                                zh: "按师生比配足成人（默认每6名儿童1名）"),
                             wouldBreak: Words(en: "would leave a session short of adults", zh: "将使课堂成人不足")),
            PluginConstraint(name: "noAdultAlone", scope: .group, level: .hard, weight: 1,
                             description: Words(en: "No adult alone with children: two adults, or a social worker",
                                                zh: "不得单独一名成人与儿童相处：须两人同行或由社工承担"),
                             wouldBreak: Words(en: "would be alone with children", zh: "将单独与儿童相处")),
        ]
    }

    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if task.kind == Self.visit {
            if let last = task.fields["lastVisit"], !last.isEmpty, LocalDate(last) == nil {
                issues.append(ValidationIssue(field: "\(path).fields.lastVisit", reason: "must be a date like 2026-11-02, got \"\(last)\""))
            }
            return issues
        }
        if task.client == nil {
            issues.append(ValidationIssue(field: "\(path).client", reason: "a class session names its class (for the same tutors all term)"))
        }
        if let ratio = task.number("ratio"), ratio < 1 {
            issues.append(ValidationIssue(field: "\(path).fields.ratio", reason: "must be at least 1 child per adult"))
        }
        if let children = task.integer("children") {
            let needed = TutorRatio.adultsNeeded(children: children, ratio: task.number("ratio"))
            if task.seatCount < needed {
                issues.append(ValidationIssue(field: "\(path).seats", reason: "\(children) children need \(needed) adults at this ratio; "
                                                + "the task has \(task.seatCount) seats"))
            }
        }
        return issues
    }

    /// The class's subject and language become seat requirements; a visit's triage sets its priority and whether
    /// it is due this week.
    public func prepare(_ task: ServiceTask, rules: Rules) -> ServiceTask {
        var out = task
        if task.kind == Self.visit {
            guard let triage = task.fields["triage"].flatMap(Triage.init(rawValue:)) else { return task }
            out.priority = triage.priority
            let last = task.fields["lastVisit"].flatMap { LocalDate($0) }
            if !triage.isDue(lastVisit: last, by: task.start.date) {
                for i in out.seats.indices { out.seats[i].optional = true }
            }
            return out
        }
        for i in out.seats.indices {
            if let subject = task.fields["subject"], !subject.isEmpty, !out.seats[i].skills.contains(subject) { out.seats[i].skills.append(subject) }
            if let language = task.fields["language"], !language.isEmpty, out.seats[i].languages.isEmpty { out.seats[i].languages = [language] }
        }
        return out
    }

    public func slotRules(rules: Rules) -> [any SlotRule] {
        [CredentialGate(name: "childSafeguarding", credential: "backgroundCheck", kinds: Self.withChildren,
                        words: Words(en: "lack a valid background check", zh: "缺少有效的无犯罪记录核查"))]
    }

    public func groups(context: SolverModelContext) -> [GroupSpec] {
        let rules = context.problem.rules
        let ratio = weighting("tutorRatio", rules: rules), alone = weighting("noAdultAlone", rules: rules)
        let socialWorkers = context.people { $0.role == .socialWorker }
        var out: [GroupSpec] = []
        for (taskID, slots) in context.seatsByTask(kinds: Self.withChildren) {
            let task = context.task(ofSlot: Int(slots[0]))
            if let children = task.integer("children") {
                out.append(GroupSpec(name: "tutorRatio", key: taskID, slots: slots,
                                     constraint: TutorRatio(needed: TutorRatio.adultsNeeded(children: children, ratio: task.number("ratio"))),
                                     weighting: ratio))
            }
            out.append(GroupSpec(name: "noAdultAlone", key: taskID, slots: slots, constraint: NotAlone(mayBeAlone: socialWorkers),
                                 weighting: alone))
        }
        return out
    }

    public func demo(_ setting: DemoSetting) -> DemoWeek {
        var demo = ChildTutoringDemo(setting: setting)
        return demo.week()
    }
}
