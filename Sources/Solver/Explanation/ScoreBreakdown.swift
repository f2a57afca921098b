import Scheduling

/// Every constraint's share of a solution's score. The shares add up to the score exactly.
public enum ScoreBreakdown {
    public static func shares(model: SolverModel, assignment: [Int32]) -> [ConstraintShare] {
        var totals: [String: (level: ScoreLevel, penalty: Int64, matches: Int)] = [:]
        var order: [String] = []
        func add(_ name: String, _ w: Weighting, _ magnitude: Int64) {
            guard magnitude != 0 else { return }
            if totals[name] == nil { order.append(name); totals[name] = (w.level, 0, 0) }
            totals[name]!.penalty += magnitude * w.weight
            totals[name]!.matches += 1
        }
        let problem = model.problem
        let rules = problem.rules
        let fit = SeatFit(model: model)
        let unfilled = Weighting(.unfilledSeat, rules: rules)
        let eligibilityW = Weighting(.eligibility, rules: rules)
        let pastWorkers = problem.pastWorkersByClient

        var timelines = [[Int32]](repeating: [], count: model.personCount)
        for s in 0..<model.slotCount {
            let p = assignment[s]
            let task = problem.tasks[Int(model.slotTask[s])]
            let requirement = task.requirement(ofSeat: model.slotRefs[s].seat)!
            if p < 0 {
                if !requirement.optional { add(ConstraintID.unfilledSeat.rawValue, unfilled, Int64(task.priority.value)) }
                if model.currentPerson[s] >= 0 { add(ConstraintID.disruption.rawValue, fit.costs.disruption, 1) }
                continue
            }
            timelines[Int(p)].append(Int32(s))
            let person = problem.people[Int(p)]
            for (name, weighting, magnitude) in fit.weightedCosts(person: person, personIndex: p, task: task, seat: requirement,
                                                                  currentPerson: model.currentPerson[s],
                                                                  pastWorkers: task.client.flatMap { pastWorkers[$0] }) {
                add(name, weighting, magnitude)
            }
            if fit.exclusion(person, labour: rules.labourRules(forGroup: person.labourGroup), task: task, seat: requirement) != nil {
                add(ConstraintID.eligibility.rawValue, eligibilityW, 1)
            }
        }
        for (p, slots) in timelines.enumerated() {
            let ordered = slots.sorted { (model.facts[Int($0)].start, $0) < (model.facts[Int($1)].start, $1) }
            let facts = ordered.map { model.facts[Int($0)] }
            facts.withUnsafeBufferPointer { t in
                for r in model.personRules[p] { add(r.rule.name, r.weighting, r.rule.magnitude(t)) }
            }
        }
        for g in model.groups {
            let people = g.slots.map { assignment[Int($0)] }
            people.withUnsafeBufferPointer { add(g.name, g.weighting, g.constraint.magnitude($0)) }
        }
        return order.map { ConstraintShare(constraint: $0, level: totals[$0]!.level, penalty: totals[$0]!.penalty, matches: totals[$0]!.matches) }
    }

    /// Adds shares up into a score.
    public static func total(_ shares: [ConstraintShare]) -> Score {
        shares.reduce(.zero) { $0 + Score(level: $1.level, $1.penalty) }
    }
}
