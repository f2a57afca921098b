import Scheduling

/// The Chengdu staffing standard: every community station has at least 2 certified social workers on duty each
/// working day, every street centre at least 1 (`rules.socialWorkerDuty` says how many, by org unit). A social worker
/// is on duty at a unit on a day when they hold one of its seats that day; certified means a social-worker
/// certificate valid on that date. Magnitude: certified workers missing.
public struct SocialWorkerDuty: GroupConstraint {
    public static let certificate = "socialWorkerCertificate"
    public var required: Int
    /// certified[p]: person p is a social worker with a certificate valid on the group's day.
    public var certified: [Bool]

    public init(required: Int, certified: [Bool]) {
        self.required = required
        self.certified = certified
    }

    public func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        // Distinct certified people, stopping once there are enough: the usual case is met after a few seats.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, required)) { seen in
            var found = 0
            for p in people where p >= 0 && certified[Int(p)] {
                var known = false
                for k in 0..<found where seen[k] == p {
                    known = true
                    break
                }
                if known { continue }
                seen[found] = p
                found += 1
                if found >= required { return 0 }
            }
            return Int64(required - found)
        }
    }

    /// One group per unit with a duty and working day of the horizon, over the seats of that unit's tasks that day
    /// that a social worker may take.
    static func groups(context: SolverModelContext) -> [GroupSpec] {
        let problem = context.problem
        let duty = problem.rules.socialWorkerDuty.filter { $0.value > 0 }
        guard !duty.isEmpty else { return [] }
        let weighting = Weighting(.socialWorkerDuty, rules: problem.rules)
        guard weighting.weight > 0 else { return [] }
        var out: [GroupSpec] = []
        for day in 0..<problem.horizon.days {
            let date = problem.horizon.start.adding(days: day)
            guard !date.isWeekend else { continue }
            let certificate = CredentialRequirement(kind: certificate)
            let certified = problem.people.map { $0.role == .socialWorker && certificate.isMet(by: $0, on: date) }
            let byUnit = context.slotsByKey { task in
                guard let unit = task.orgUnit, duty[unit] != nil, task.start.date == date,
                      task.seats.contains(where: { $0.role == nil || $0.role == .socialWorker }) else { return nil }
                return unit
            }
            let found = Dictionary(byUnit.map { ($0.key, $0.slots) }, uniquingKeysWith: { a, _ in a })
            for unit in duty.keys.sorted() {
                out.append(GroupSpec(name: ConstraintID.socialWorkerDuty.rawValue, key: "\(unit)@\(date)", slots: found[unit] ?? [],
                                     constraint: SocialWorkerDuty(required: duty[unit]!, certified: certified), weighting: weighting))
            }
        }
        return out
    }
}
