import Scheduling

/// The words a coordinator reads for each reason a person did not get a seat, in English and Chinese.
public enum ReasonWords {
    /// `vocabulary` names codes the core does not know (a plugin's credentials and skills).
    public static func ineligible(_ reason: Ineligibility, detail: String?, vocabulary: [String: Words] = [:]) -> Words {
        ineligible(reason, detail: detail, names: Vocabulary(extra: vocabulary))
    }

    /// The same with the vocabulary built once: an explanation asks for every person and seat requirement, and
    /// merging the plugins' words into the core's each time was a tenth of explaining a week.
    public static func ineligible(_ reason: Ineligibility, detail: String?, names v: Vocabulary) -> Words {
        switch (reason, detail) {
        case (.credential, let kind?): return Words(en: "lack a valid \(v.en(kind)) certificate", zh: "缺少有效的\(v.zh(kind))证书")
        case (.skill, let skill?): return Words(en: "lack the skill \(v.en(skill))", zh: "缺少技能「\(v.zh(skill))」")
        case (.language, let language?): return Words(en: "do not speak \(v.en(language))", zh: "不会\(v.zh(language))")
        default: return Words(en: reason.words.en, zh: reason.words.zh)
        }
    }

    /// Words for a person-scope rule that would break if the person took the seat; `extra` holds a plugin's.
    public static func wouldBreak(_ rule: String, extra: [String: Words] = [:]) -> Words {
        if let words = extra[rule] { return words }
        return switch ConstraintID(rawValue: rule) {
        case .noOverlap: Words(en: "busy at that time", zh: "该时段已有安排")
        case .maxMinutesPerDay: Words(en: "would exceed their daily hours", zh: "将超出每日时长上限")
        case .maxMinutesPerWeek: Words(en: "already at their weekly hours limit", zh: "已达每周时长上限")
        case .maxTasksPerDay: Words(en: "already have their most tasks that day", zh: "当天任务数已满")
        case .maxTasksPerWeek: Words(en: "already have their most tasks that week", zh: "本周任务数已满")
        case .minRest: Words(en: "would not get enough rest between shifts", zh: "班次间休息时间不足")
        case .minGap: Words(en: "would not get their break between tasks that day", zh: "当天任务间隔不足")
        case .maxConsecutiveDays: Words(en: "would work too many days in a row", zh: "将连续工作天数过多")
        case .minConsecutiveDays, .minConsecutiveDaysOff: Words(en: "would break their pattern of days on and off", zh: "将打乱其上班与休息的规律")
        case .maxWeekends: Words(en: "already work their most weekends", zh: "周末班次已满")
        case .maxTotalMinutes: Words(en: "would exceed their total hours", zh: "将超出总时长上限")
        case .maxTasksOfKind: Words(en: "already do their most tasks of this kind", zh: "此类任务次数已满")
        case .forbiddenSuccession: Words(en: "cannot take this shift after their previous one", zh: "不能在前一班次之后接此班次")
        default: Words(en: "would break the rule \(rule)", zh: "将违反规则「\(rule)」")
        }
    }

    public static let freeButCostlier = Words(en: "were free but fit less well", zh: "有空但匹配度较低")
    /// An empty seat of a frozen task (`Problem.frozenBefore`).
    public static let frozenEmpty = Words(en: "Left empty: the task has started, or starts too soon to offer, and nobody had taken this seat.",
                                          zh: "未安排：任务已开始或即将开始，来不及再发出邀请，此前也无人接下这个岗位。")

    /// "9 eligible of 60: 31 have another role, ...; of the eligible, 4 busy at that time, ...".
    public static func summary(personName: String?, eligible: Int, considered: Int, reasons: [ReasonCount]) -> Words {
        let parts = reasons.filter { $0.count > 0 }
        let en = parts.map { "\($0.count) \($0.words.en)" }.joined(separator: ", ")
        let zh = parts.map { "\($0.count)人\($0.words.zh)" }.joined(separator: "，")
        if let name = personName {
            return Words(en: "\(name) was chosen from \(eligible) eligible of \(considered) people" + (en.isEmpty ? "." : "; the others: \(en)."),
                         zh: "从\(considered)人中的\(eligible)名合格人选中选出\(name)" + (zh.isEmpty ? "。" : "；其余：\(zh)。"))
        }
        if eligible == 0 {
            return Words(en: "Unfilled: nobody of \(considered) people is eligible" + (en.isEmpty ? "." : ": \(en)."),
                         zh: "未排：\(considered)人中无合格人选" + (zh.isEmpty ? "。" : "：\(zh)。"))
        }
        return Words(en: "Unfilled: \(eligible) candidate\(eligible == 1 ? "" : "s") of \(considered) people" + (en.isEmpty ? "." : ": \(en)."),
                     zh: "未排：\(considered)人中有\(eligible)名候选人" + (zh.isEmpty ? "。" : "：\(zh)。"))
    }
}
