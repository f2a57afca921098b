#if canImport(Glibc)
import Glibc
#endif
import Scheduling

/// Column generation over people's rows, for models whose cost splits into what each person's row costs (their
/// rules and wishes) and what each task's cover costs (an empty required seat, a filled optional one): rostering
/// weeks where everyone holds at most one task a day. The master (`CoverLP`) mixes rows; the row programme prices
/// new rows against its duals; the mix is rounded to one row per person, a start the local search then repairs.
/// The mix's value is a lower bound on the cover-and-wishes cost, which says how far the search may still go.
final class ColumnGeneration {
    let model: SolverModel
    let rows: PersonRow
    let lp: CoverLP
    /// Per person, the tasks they could work, sorted by day.
    let offers: [[RowOffer]]
    /// Per task, its required slots, then its optional ones.
    let taskSlots: [[Int32]]
    private(set) var lowerBound = -Double.infinity
    private(set) var rounds = 0

    static func fitness(_ s: Score) -> Int64 { s.hard &* 1_000_000_000 &+ s.medium &* 1_000_000 &+ s.soft }

    /// Nil unless the model splits as described: no group rules, no pins, every person's rules exactly a row shape,
    /// and every task's seats either required (all alike) or optional, each candidate paying the same on either.
    init?(director: ScoreDirector, rng: inout RandomSource) {
        let model = director.model
        guard model.groups.isEmpty, !model.pinnedPerson.contains(where: { $0 >= 0 }) else { return nil }
        let rows = PersonRow(director: director)
        guard rows.shapes.allSatisfy({ $0?.exact == true }) else { return nil }
        let taskCount = model.problem.tasks.count
        var slotsOf = [[Int32]](repeating: [], count: taskCount)
        for s in 0..<model.slotCount { slotsOf[Int(model.slotTask[s])].append(Int32(s)) }
        var required = [Int32](repeating: 0, count: taskCount)
        var under = [Double](repeating: 1e9, count: taskCount), over = [Double](repeating: 0, count: taskCount)
        var offers = [[RowOffer]](repeating: [], count: model.personCount)
        var taskSlots = [[Int32]](repeating: [], count: taskCount)
        for t in 0..<taskCount {
            let fit = { (s: Int32) in Self.fitness(model.emptyCost[Int(s)]) }
            let mandatory = slotsOf[t].filter { fit($0) > 0 }, optional = slotsOf[t].filter { fit($0) == 0 }
            guard mandatory.count + optional.count == slotsOf[t].count,
                  Set(mandatory.map(fit)).count <= 1,
                  let mandatoryCost = Self.candidateCosts(model, mandatory),
                  let optionalCost = Self.candidateCosts(model, optional) else { return nil }
            taskSlots[t] = mandatory + optional
            required[t] = Int32(mandatory.count)
            if let first = mandatory.first { under[t] = Double(fit(first)) }
            // What an extra person costs beyond a required seat's price: the same for everyone, or no split.
            var extra: Int64? = nil
            for (p, cost) in optionalCost {
                guard let base = mandatory.isEmpty ? 0 : mandatoryCost[p] else { return nil }
                if extra == nil { extra = cost - base }
                guard extra == cost - base else { return nil }
            }
            over[t] = Double(max(0, extra ?? 0))
            guard let example = taskSlots[t].first else { continue }
            let facts = model.facts[Int(example)]
            for (p, cost) in (mandatory.isEmpty ? optionalCost : mandatoryCost) {
                let slot = (mandatory.first { model.candidatePosition(slot: Int($0), person: p) >= 0 } ?? optional.first)!
                offers[Int(p)].append(RowOffer(day: facts.day, task: Int32(t), kind: facts.kind, slot: slot,
                                               cost: Double(cost)))
            }
        }
        for p in offers.indices { offers[p].sort { ($0.day, $0.task) < ($1.day, $1.task) } }
        self.model = model
        self.rows = rows
        self.offers = offers
        self.taskSlots = taskSlots
        lp = CoverLP(required: required, underCost: under, overCost: over, personCount: model.personCount, rng: &rng)
    }

    /// Per candidate, the cost of taking any of `slots`, when it is the same on each and breaks no hard rule;
    /// nil when candidates pay differently on different slots.
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

    /// Runs the master and the pricing until no row prices out, from the rows of `start`; then dives: fixes the
    /// rows with the largest shares and prices again, until everyone has one row or the time is up. Returns the
    /// rows as an assignment.
    func run(start: [Int32], until deadline: Double, stopwatch: Stopwatch) -> [Int32] {
        let fit: (Score) -> Int64 = { Self.fitness($0) }
        var chosen: [Int] = []
        for p in 0..<Int32(model.personCount) {
            let row = rowOf(p, in: start)
            let cost = rows.rowCost(of: p, tasks: row, offers: offers[Int(p)], unoffered: Self.barred, fitness: fit)
            chosen.append(lp.addColumn(person: p, tasks: row.filter { $0 >= 0 }, cost: cost + (keepsRules(p, row) ? 0 : Self.barred)))
        }
        lp.start(chosen: chosen)
        fixed = [Int](repeating: -1, count: model.personCount)
        if generate(until: deadline, stopwatch: stopwatch) { lowerBound = lp.objective }
        while stopwatch.seconds < deadline, fixNext() {
            _ = generate(until: deadline, stopwatch: stopwatch)
        }
        return rounded()
    }

    /// A cost that keeps a row out of any mix that has another choice.
    static let barred = 1e7
    /// Per person, the column they are fixed to, or -1.
    private var fixed: [Int] = []

    /// Master and pricing until no row of a person not yet fixed prices out (true) or the time is up (false).
    private func generate(until deadline: Double, stopwatch: Stopwatch) -> Bool {
        let fit: (Score) -> Int64 = { Self.fitness($0) }
        var order = Array(0..<Int32(model.personCount)).filter { fixed[Int($0)] < 0 }
        while stopwatch.seconds < deadline {
            rounds += 1
            _ = lp.solve(maxPivots: 100_000)
            var added = 0, gap = 0.0
            order.reverse()
            for p in order {
                let personDual = lp.duals[lp.taskCount + Int(p)]
                guard let row = rows.cheapestRow(of: p, offers: offers[Int(p)], taskValue: lp.duals, bound: personDual,
                                                 fitness: fit) else { continue }
                let cost = rows.rowCost(of: p, tasks: row, offers: offers[Int(p)], unoffered: Self.barred, fitness: fit)
                let tasks = row.filter { $0 >= 0 }
                let reduced = cost - personDual - tasks.reduce(0.0) { $0 + lp.duals[Int($1)] }
                guard reduced < -1e-6 else { continue }
                gap += reduced
                _ = lp.addColumn(person: p, tasks: tasks, cost: cost)
                added += 1
                if stopwatch.seconds >= deadline { return false }
            }
            if added == 0 { return true }
            if fixed.allSatisfy({ $0 < 0 }) { lowerBound = max(lowerBound, lp.objective + gap) }
        }
        return false
    }

    /// Fixes the people whose best row has (almost) all their share, or else the one whose best row has the largest
    /// share; false when everyone is fixed.
    private func fixNext() -> Bool {
        let (best, share) = bestColumns()
        var pick = -1
        for p in 0..<model.personCount where fixed[p] < 0 && best[p] >= 0 {
            if share[p] > 0.999 { fix(p, to: best[p]) }
            else if pick < 0 || share[p] > share[pick] { pick = p }
        }
        if pick >= 0 { fix(pick, to: best[pick]) }
        return fixed.contains { $0 < 0 } || pick >= 0
    }

    private func fix(_ person: Int, to column: Int) {
        fixed[person] = column
        for j in 0..<lp.columnCount where j != column && Int(lp.columnPerson[j]) == person {
            lp.setCost(ofColumn: j, Self.barred)
        }
    }

    /// Per person, the column with the largest share in the present mix, and the share.
    private func bestColumns() -> (column: [Int], share: [Double]) {
        var best = [Int](repeating: -1, count: model.personCount), share = [Double](repeating: -1, count: model.personCount)
        for j in 0..<lp.columnCount {
            let p = Int(lp.columnPerson[j]), v = lp.value(ofColumn: j)
            if v > share[p] { (best[p], share[p]) = (j, v) }
        }
        return (best, share)
    }

    /// Each person's row with the largest share, seated: required seats first, extra people in optional seats.
    func rounded() -> [Int32] {
        var best = bestColumns().column
        for p in fixed.indices where fixed[p] >= 0 { best[p] = fixed[p] }
        var assignment = [Int32](repeating: -1, count: model.slotCount)
        var filled = [Int](repeating: 0, count: taskSlots.count)
        for p in 0..<model.personCount where best[p] >= 0 {
            for t in lp.tasks(ofColumn: best[p]) {
                let slots = taskSlots[Int(t)]
                while filled[Int(t)] < slots.count,
                      model.candidatePosition(slot: Int(slots[filled[Int(t)]]), person: Int32(p)) < 0 { filled[Int(t)] += 1 }
                guard filled[Int(t)] < slots.count else { continue }
                assignment[Int(slots[filled[Int(t)]])] = Int32(p)
                filled[Int(t)] += 1
            }
        }
        return assignment
    }

    /// The task per day of `person` in an assignment (-1 off).
    private func rowOf(_ person: Int32, in assignment: [Int32]) -> [Int32] {
        var row = [Int32](repeating: -1, count: model.horizonDays)
        for s in 0..<model.slotCount where assignment[s] == person {
            row[Int(model.facts[s].day)] = model.slotTask[s]
        }
        return row
    }

    private func keepsRules(_ person: Int32, _ row: [Int32]) -> Bool {
        let director = rows.director
        return director.personScores[Int(person)].hard == 0 && row.allSatisfy { t in
            t < 0 || offers[Int(person)].contains { $0.task == t }
        }
    }
}

enum FileHandleDebug {
    static func print(_ s: String) {
        var line = s + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
