import PluginKit

/// Outdoor-worker stations (户外劳动者服务站): every opening hour of a station is staffed; a first-aider on every shift;
/// a heat or cold alert adds a person to each shift and keeps the station open longer; station shifts follow labour
/// rules (rest between shifts, days in a row).
public struct OutdoorStationsPlugin: DomainPlugin {
    public static let shift = "stationShift"

    public let id = "outdoorStations"
    public let name = Words(en: "Outdoor-worker stations", zh: "户外劳动者服务站")

    public init() {}

    public var taskKinds: [TaskKind] {
        [TaskKind(id: Self.shift, label: Words(en: "Station shift", zh: "驿站值守"), fields: [
            TaskField(name: "station", kind: .text, label: Words(en: "Station", zh: "服务站"), required: true),
            TaskField(name: "opens", kind: .text, label: Words(en: "Station opens (HH:MM)", zh: "开放时间")),
            TaskField(name: "closes", kind: .text, label: Words(en: "Station closes (HH:MM)", zh: "关闭时间")),
            TaskField(name: "alert", kind: .choice, label: Words(en: "Weather alert", zh: "天气预警"), choices: WeatherAlert.allCases.map(\.rawValue)),
        ])]
    }

    public var vocabulary: [String: Words] { ["firstAid": Words(en: "first-aid", zh: "急救")] }

    public var constraints: [PluginConstraint] {
        [
            PluginConstraint(name: "stationCoverage", scope: .group, level: .medium, weight: 300,
                             description: Words(en: "Every opening hour of a station has someone on duty (per uncovered hour)",
                                                zh: "服务站开放的每个小时都有人值守（按无人小时计）"),
                             wouldBreak: Words(en: "would leave a station hour unstaffed", zh: "将使服务站某时段无人值守")),
            PluginConstraint(name: "firstAidOnShift", scope: .group, level: .hard, weight: 1,
                             description: Words(en: "At least one person with valid first aid on every staffed shift",
                                                zh: "每个有人值守的班次至少一人持有效急救证"),
                             wouldBreak: Words(en: "would leave a shift without a first-aider", zh: "将使班次无急救人员")),
            PluginConstraint(name: "stationRest", scope: .person, level: .hard, weight: 1,
                             description: Words(en: "At least `stationMinRestMinutes` (default 660) between two station shifts, "
                                                + "at most `stationMaxDaysInRow` (default 5) station days in a row",
                                                zh: "两班驿站值守间至少休息11小时，连续值守不超过5天"),
                             wouldBreak: Words(en: "would not rest enough between station shifts", zh: "驿站班次间休息不足")),
        ]
    }

    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for name in ["opens", "closes"] {
            if let text = task.fields[name], !text.isEmpty, LocalTime(text) == nil {
                issues.append(ValidationIssue(field: "\(path).fields.\(name)", reason: "must be a time like 07:00, got \"\(text)\""))
            }
        }
        if let opens = task.fields["opens"].flatMap({ LocalTime($0) }), let closes = task.fields["closes"].flatMap({ LocalTime($0) }),
           closes <= opens {
            issues.append(ValidationIssue(field: "\(path).fields.closes", reason: "must be after opens (\(opens))"))
        }
        return issues
    }

    /// An alert adds one seat and keeps the shift (and the station) open `alertExtraMinutes` longer (default 60).
    public func prepare(_ task: ServiceTask, rules: Rules) -> ServiceTask {
        guard let alert = task.fields["alert"].flatMap(WeatherAlert.init(rawValue:)), alert != .none else { return task }
        var out = task
        let extra = rules.settings["alertExtraMinutes"] ?? 60
        out.seats.append(SeatRequirement(count: 1))
        out.end = LocalDateTime(minutes: task.end.minutes + extra)
        if let closes = task.fields["closes"].flatMap({ LocalTime($0) }) {
            out.fields["closes"] = LocalTime(minuteOfDay: min(1439, closes.minuteOfDay + extra))?.description
        }
        return out
    }

    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] {
        guard let kind = context.kind(Self.shift, reachableBy: person, atLeast: 2) else { return [] }
        let settings = context.problem.rules.settings
        return [WeightedPersonRule(.custom(StationRest(kind: kind, minRestMinutes: Int32(settings["stationMinRestMinutes"] ?? 660),
                                                       maxDaysInRow: Int32(settings["stationMaxDaysInRow"] ?? 5)), name: "stationRest",
                                                       kinds: [kind]),
                                   weighting("stationRest", rules: context.problem.rules))]
    }

    public func groups(context: SolverModelContext) -> [GroupSpec] {
        let rules = context.problem.rules
        let firstAid = weighting("firstAidOnShift", rules: rules), coverage = weighting("stationCoverage", rules: rules)
        var out: [GroupSpec] = []
        var firstAiders: [LocalDate: [Bool]] = [:]
        for (taskID, slots) in context.seatsByTask(kinds: [Self.shift]) {
            let date = context.date(ofSlot: Int(slots[0]))
            if firstAiders[date] == nil { firstAiders[date] = context.holders(of: "firstAid", on: date) }
            out.append(GroupSpec(name: "firstAidOnShift", key: taskID, slots: slots,
                                 constraint: OneQualifiedPresent(qualified: firstAiders[date]!), weighting: firstAid))
        }
        for (key, slots) in context.slotsByKey({ task in
            task.kind == Self.shift ? task.fields["station"].map { "\($0)@\(task.start.date)" } : nil
        }) {
            out.append(GroupSpec(name: "stationCoverage", key: key, slots: slots,
                                 constraint: StationCoverage(slots: slots.map { context.task(ofSlot: Int($0)) }), weighting: coverage))
        }
        return out
    }

    public func demo(_ setting: DemoSetting) -> DemoWeek {
        var demo = OutdoorStationsDemo(setting: setting)
        return demo.week()
    }
}
