import Scheduling

/// A model's cost split into what each person's row costs (their rules and wishes) and what each task's cover costs
/// (an empty required seat, a filled optional one), as column generation needs it. Only some models split so: no
/// group rules, no pins, every person's rules exactly a row shape, and every task's seats either required (all
/// alike) or optional, each candidate paying the same on any seat of a kind.
struct CoverSplit {
    /// Per task: how many required seats, the cost of each one empty, the cost of each person beyond them.
    var required: [Int32]
    var underCost: [Double]
    var overCost: [Double]
    /// A cost that keeps a variable out of any mix that has another choice: far above every cost of the model
    /// (a row that breaks a rule, cover beyond a task's seats).
    var barred: Double
    /// Per person, the tasks they could work, sorted by day.
    var offers: [[RowOffer]]
    /// Per task, its required slots, then its optional ones.
    var taskSlots: [[Int32]]

    /// How column generation weighs a score: the levels apart, as the search's acceptance does.
    static func fitness(_ s: Score) -> Int64 { s.hard &* 1_000_000_000 &+ s.medium &* 1_000_000 &+ s.soft }

    /// The quick checks come first (no group rules, no pins, everyone's rules exactly a row shape, a master of at
    /// most `maxRows` rows), so the reason given is the plainest one.
    init(model: SolverModel, shapes: [RowShape?], maxRows: Int) throws(SplitObstacle) {
        if let group = model.groups.first { throw .groupRule(group.name) }
        if model.pinnedPerson.contains(where: { $0 >= 0 }) { throw .pinnedSeats }
        for (p, shape) in shapes.enumerated() {
            let person = model.problem.people[p].id
            guard let shape else { throw .severalTasksADay(person: person) }
            if !shape.exact { throw .personRule(person: person, rule: shape.unmodelled ?? "") }
        }
        let rows = model.problem.tasks.count + model.personCount
        guard rows <= maxRows else { throw .masterTooLarge(rows: rows, limit: maxRows) }
        let taskCount = model.problem.tasks.count
        var slotsOf = [[Int32]](repeating: [], count: taskCount)
        for s in 0..<model.slotCount { slotsOf[Int(model.slotTask[s])].append(Int32(s)) }
        required = [Int32](repeating: 0, count: taskCount)
        underCost = [Double](repeating: 0, count: taskCount)
        overCost = [Double](repeating: 0, count: taskCount)
        offers = [[RowOffer]](repeating: [], count: model.personCount)
        taskSlots = [[Int32]](repeating: [], count: taskCount)
        let fit = { (s: Int32) in Self.fitness(model.emptyCost[Int(s)]) }
        for t in 0..<taskCount {
            let mandatory = slotsOf[t].filter { fit($0) > 0 }, optional = slotsOf[t].filter { fit($0) == 0 }
            let task = model.problem.tasks[t].id
            guard mandatory.count + optional.count == slotsOf[t].count,
                  Set(mandatory.map(fit)).count <= 1,
                  let mandatoryCost = Self.candidateCosts(model, mandatory),
                  let optionalCost = Self.candidateCosts(model, optional) else { throw .seatCosts(task: task) }
            taskSlots[t] = mandatory + optional
            required[t] = Int32(mandatory.count)
            if let first = mandatory.first { underCost[t] = Double(fit(first)) }
            // What an extra person costs beyond a required seat's price: the same for everyone, or no split.
            var extra: Int64? = nil
            for (p, cost) in optionalCost {
                guard let base = mandatory.isEmpty ? 0 : mandatoryCost[p] else { throw .seatCosts(task: task) }
                if extra == nil { extra = cost - base }
                guard extra == cost - base else { throw .seatCosts(task: task) }
            }
            overCost[t] = optional.isEmpty ? -1 : Double(max(0, extra ?? 0))
            guard let example = taskSlots[t].first else { continue }
            let facts = model.facts[Int(example)]
            for (p, cost) in (mandatory.isEmpty ? optionalCost : mandatoryCost) {
                let slot = (mandatory.first { model.candidatePosition(slot: Int($0), person: p) >= 0 } ?? optional.first)!
                offers[Int(p)].append(RowOffer(day: facts.day, task: Int32(t), kind: facts.kind, slot: slot, cost: Double(cost)))
            }
        }
        for p in offers.indices { offers[p].sort { ($0.day, $0.task) < ($1.day, $1.task) } }
        // Scaled to the model, so the master's arithmetic keeps its precision on models with small costs.
        let largest = max(underCost.max() ?? 0, overCost.max() ?? 0, offers.joined().map(\.cost).max() ?? 0)
        barred = 1000 * max(100, largest) * Double(max(1, model.horizonDays))
        // A task without required seats gains nothing from a person less; one without optional seats has no room more.
        for t in 0..<taskCount {
            if required[t] == 0 { underCost[t] = barred }
            if overCost[t] < 0 { overCost[t] = barred }
        }
    }

    /// Per candidate, the cost of taking any of `slots` when it breaks no hard rule; nil when a candidate pays
    /// differently on different slots, or is a candidate of only some.
    private static func candidateCosts(_ model: SolverModel, _ slots: [Int32]) -> [Int32: Int64]? {
        var costs: [Int32: Score] = [:], seen: [Int32: Int] = [:]
        for s in slots {
            for c in model.candidates(of: Int(s)) {
                let p = model.candidatePersons[c], score = model.candidateCosts[c]
                if let known = costs[p], known != score { return nil }
                costs[p] = score
                seen[p, default: 0] += 1
            }
        }
        guard seen.values.allSatisfy({ $0 == slots.count }) else { return nil }
        return costs.filter { $0.value.hard == 0 }.mapValues(fitness)
    }
}

/// Why a model does not split into rows and cover, so column generation leaves it to the local search; the solve's
/// statistics say it (`SkippedPhase`).
enum SplitObstacle: Error {
    case groupRule(String)
    case pinnedSeats
    case severalTasksADay(person: String)
    case personRule(person: String, rule: String)
    case seatCosts(task: String)
    case masterTooLarge(rows: Int, limit: Int)

    var words: Words {
        switch self {
        case .groupRule(let name):
            Words(en: "the model has group rules (\(name)), which a row and cover split cannot price",
                  zh: "模型含有群组规则（\(name)），无法按“个人排班行 + 覆盖”拆分定价")
        case .pinnedSeats:
            Words(en: "some seats are pinned", zh: "部分席位已被锁定")
        case .severalTasksADay(let person):
            Words(en: "\(person) may hold more than one task a day", zh: "\(person) 每天可承担不止一项任务")
        case .personRule(let person, let rule):
            Words(en: "\(person)'s rule \(rule) is outside what the row programme models",
                  zh: "\(person) 的规则 \(rule) 不在排班行规划所能表达的范围内")
        case .seatCosts(let task):
            Words(en: "the seats of task \(task) cost differently for different people (travel, home distance or preferences)",
                  zh: "任务 \(task) 的席位对不同人员的代价不同（路程、离家距离或偏好）")
        case .masterTooLarge(let rows, let limit):
            Words(en: "its master would have \(rows) rows, over the dense master's \(limit); the windowed row move works these rows instead",
                  zh: "主问题将有 \(rows) 行，超过稠密主问题上限 \(limit)；改由分窗口的排班行移动优化")
        }
    }
}
