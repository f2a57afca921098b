import Scheduling

/// Why a person may not fill a seat at all (slot-scope hard rules, checked once per solve).
public enum Ineligibility: String, Sendable, Codable, CaseIterable {
    case role, credential, skill, language, unavailable, blockout, tooFar, kindNotAllowed

    public var words: (en: String, zh: String) {
        switch self {
        case .role: ("have another role", "角色不符")
        case .credential: ("lack a valid required certificate", "缺少有效的所需证书")
        case .skill: ("lack a required skill", "缺少所需技能")
        case .language: ("do not speak the language needed", "不会所需语言")
        case .unavailable: ("are not available at that time", "该时段不可用")
        case .blockout: ("are on leave or blocked out then", "该时段请假或不可排班")
        case .tooFar: ("live too far away", "住得太远")
        case .kindNotAllowed: ("may not do this kind of task", "不可承担此类任务")
        }
    }
}

/// The slot-scope eligibility rules: role, credentials valid on the task's date, skills, language, weekly
/// availability, dated blockouts, distance from home, and kinds a labour rule forbids.
public struct Eligibility: Sendable {
    public var maxDistanceKm: Double?

    public init(maxDistanceKm: Double?) { self.maxDistanceKm = maxDistanceKm }

    /// The first rule that keeps `person` out of a seat of `task` with requirement `seat`, or nil if eligible.
    public func check(_ person: Person, labour: LabourRules?, task: ServiceTask, seat: SeatRequirement) -> Ineligibility? {
        explain(person, labour: labour, task: task, seat: seat)?.reason
    }

    /// Like `check`, with the credential, skill or language that was missing.
    public func explain(_ person: Person, labour: LabourRules?, task: ServiceTask, seat: SeatRequirement) -> (reason: Ineligibility, detail: String?)? {
        withUnsafePointer(to: person) { p in
            withUnsafePointer(to: labour) { l in
                explain(at: p, labour: l, task: task, seat: seat, homeMetres: person.home.map { $0.distance(to: task.site.point) })
            }
        }
    }

    /// The same through pointers: the model build checks every person against every seat, and reading fields in
    /// place avoids copying each Person (and retaining all its arrays) a million times. `homeMetres` is the
    /// distance from the person's home to the task's site (nil without a home), which the build measures once;
    /// it is asked for only when the other checks pass and there is a distance limit.
    func explain(at p: UnsafePointer<Person>, labour: UnsafePointer<LabourRules?>, task: ServiceTask,
                 seat: SeatRequirement, homeMetres: @autoclosure () -> Double?) -> (reason: Ineligibility, detail: String?)? {
        if let reason = explainBeforeDistance(at: p, labour: labour, task: task, seat: seat) { return reason }
        return isTooFar(homeMetres()) ? (.tooFar, nil) : nil
    }

    /// Every rule but the distance from home, which the model build measures only for the pairs that pass these
    /// (it needs the distance for their costs too).
    func explainBeforeDistance(at p: UnsafePointer<Person>, labour: UnsafePointer<LabourRules?>, task: ServiceTask,
                               seat: SeatRequirement) -> (reason: Ineligibility, detail: String?)? {
        if let role = seat.role, role != p.pointee.role { return (.role, nil) }
        let date = task.start.date
        for need in seat.credentials where !need.isMet(by: p.pointee.credentials, on: date) { return (.credential, need.kind) }
        for skill in seat.skills where !p.pointee.skills.contains(skill) { return (.skill, skill) }
        if !seat.languages.isEmpty && !seat.languages.contains(where: p.pointee.languages.contains) {
            return (.language, seat.languages.joined(separator: "/"))
        }
        if let limits = labour.pointee?.maxTasksOfKind, !limits.isEmpty, limits[task.kind] == 0 { return (.kindNotAllowed, nil) }
        if !p.pointee.availability.isEmpty && !p.pointee.availability.contains(where: { $0.contains(from: task.start, to: task.end) }) {
            return (.unavailable, nil)
        }
        if p.pointee.blockouts.contains(where: { $0.start < task.end && task.start < $0.end }) { return (.blockout, nil) }
        return nil
    }

    /// Whether a home `homeMetres` from the site (nil: no home given) is past the distance limit.
    @inline(__always) func isTooFar(_ homeMetres: @autoclosure () -> Double?) -> Bool {
        guard let limit = maxDistanceKm, let metres = homeMetres() else { return false }
        return metres > limit * 1000
    }
}
