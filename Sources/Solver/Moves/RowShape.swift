import Scheduling

/// One person's rules as the exact row move (`PersonRow`) reads them: day-run limits, totals, weekends and kind
/// limits as plain numbers, wishes as costs per day and kind. Only people who hold at most one task a day (a hard
/// `maxTasksPerDay` of 1) have a shape: their horizon is a row of days, each off or one task, which is what makes
/// an exact search over the whole row possible.
struct RowShape {
    /// Longest run of working days, or nil.
    var maxRun: Int32?
    /// Shortest run of working days between two days off inside the horizon (1: no limit).
    var minRun: Int32 = 1
    /// Shortest run of days off between two working days (1: no limit).
    var minOff: Int32 = 1
    var maxWeekends: Int32?
    var minMinutes: Int64 = 0
    var maxMinutes: Int64?
    /// Kinds with a limit the person could exceed, and the limit.
    var kindLimits: [(kind: Int32, limit: Int32)] = []
    /// Kinds that forbid the same set of next-day kinds share a class; the row remembers only the class of
    /// yesterday's task. `classForbids[c * kindCount + k]`: kind k may not follow a task of class c.
    var kindClass: [Int32] = []
    var classCount: Int32 = 1
    var classForbids: [Bool] = []
    var requests: [ShiftRequests.Entry] = []
    var requestUnit: Score = .zero
    /// The fairness rule's weighting when it counts: its cost depends on the row's total minutes only.
    var fairnessUnit: Score?
    /// False when some rule of the person is outside what the row search models (the director still judges).
    var exact: Bool { unmodelled == nil }
    /// The first such rule's name.
    var unmodelled: String?

    /// The shape of a person with these rules, or nil when they may hold more than one task a day.
    init?(rules: [WeightedPersonRule], kindCount: Int) {
        var oneTaskADay = false
        for r in rules {
            switch r.rule {
            case .maxTasksPerDay(let c): if c.limit <= 1 && r.weighting.level == .hard { oneTaskADay = true }
            case .noOverlap, .minGap: break  // one task a day: only a task running past midnight could overlap, and the director sees it
            case .maxConsecutiveDays(let c): maxRun = min(maxRun ?? .max, c.limit)
            case .minConsecutiveDays(let c): minRun = max(minRun, c.limit)
            case .minConsecutiveDaysOff(let c): minOff = max(minOff, c.limit)
            case .maxWeekends(let c): maxWeekends = min(maxWeekends ?? .max, Int32(clamping: c.limit))
            case .minTotalMinutes(let c): minMinutes = max(minMinutes, c.limit)
            case .maxTotalMinutes(let c): maxMinutes = min(maxMinutes ?? .max, c.limit)
            case .maxTasksOfKind(let c): kindLimits += c.limits.map { ($0.kind, Int32(clamping: $0.limit)) }
            case .forbiddenSuccession(let c): setClasses(c, kindCount: kindCount)
            case .requests(let c):
                requests = c.entries
                requestUnit = r.weighting.score(1)
            case .fairness: fairnessUnit = r.weighting.score(1)
            default: unmodelled = unmodelled ?? r.rule.name
            }
        }
        guard oneTaskADay else { return nil }
        if kindClass.isEmpty { kindClass = [Int32](repeating: 0, count: kindCount) }
        if classForbids.isEmpty { classForbids = [Bool](repeating: false, count: kindCount) }
    }

    private mutating func setClasses(_ rule: ForbiddenSuccession, kindCount: Int) {
        guard rule.kindCount == kindCount else { unmodelled = unmodelled ?? ForbiddenSuccession.id.rawValue; return }
        var classOfRow: [ArraySlice<Bool>: Int32] = [:]
        var table: [Bool] = []
        kindClass = (0..<kindCount).map { k in
            let row = rule.forbidden[k * kindCount..<(k + 1) * kindCount]
            if let c = classOfRow[row] { return c }
            let c = Int32(classOfRow.count)
            classOfRow[row] = c
            table += row
            return c
        }
        classCount = Int32(classOfRow.count)
        classForbids = table
    }

    /// Whether the total minutes matter: a limit on them, or fairness, which weighs them.
    var tracksMinutes: Bool { minMinutes > 0 || maxMinutes != nil || fairnessUnit != nil }

    /// The wishes' cost of `kind` on `day` (-1: off), in units of `requestUnit`.
    func requestMagnitude(day: Int32, kind: Int32) -> Int64 {
        var total: Int64 = 0
        for e in requests where e.day == day {
            let matches = e.kind == ShiftRequests.anyKind ? kind != -1 : e.kind == kind
            if e.wanted ? !matches : matches { total += e.weight }
        }
        return total
    }
}

/// The greatest common divisor of two task lengths: the unit the row programme counts minutes in.
func gcdOfMinutes(_ a: Int32, _ b: Int32) -> Int32 {
    var (a, b) = (abs(a), abs(b))
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
