import Scheduling

/// Explains each seat: who was eligible, why the others were not, what would break for those who were,
/// and what the chosen person costs there.
public enum Explainer {
    /// Explains every seat, or only `slots` when given (a re-plan explains the seats it changed and the empty ones,
    /// and keeps the earlier reasons of the rest: `Replanner.explanations`).
    public static func explain(model: SolverModel, assignment: [Int32], slots: [Int]? = nil) -> [SeatExplanation] {
        let director = ScoreDirector(model: model, initial: assignment)
        let problem = model.problem
        let rules = problem.rules
        let fit = SeatFit(model: model)
        let labour = problem.people.map { rules.labourRules(forGroup: $0.labourGroup) }
        let pastWorkers = problem.pastWorkersByClient

        // Eligibility depends on the task and the seat's requirement only: count the reasons once per pair.
        var cache: [String: [ReasonCount]] = [:]
        func ineligibleReasons(task: ServiceTask, requirement: SeatRequirement, key: String) -> [ReasonCount] {
            if let hit = cache[key] { return hit }
            var counts: [String: (Int, Words)] = [:]
            var order: [String] = []
            for (i, person) in problem.people.enumerated() {
                guard let (code, words) = fit.exclusionCode(person, labour: labour[i], task: task, seat: requirement) else { continue }
                if counts[code] == nil { order.append(code); counts[code] = (0, words()) }
                counts[code]!.0 += 1
            }
            let out = order.map { ReasonCount(reason: $0, count: counts[$0]!.0, words: counts[$0]!.1) }.sorted { $0.count > $1.count }
            cache[key] = out
            return out
        }

        var out: [SeatExplanation] = []
        let chosen = slots ?? (0..<model.slotCount).filter { !model.isHeld[$0] }
        out.reserveCapacity(chosen.count)
        for s in chosen {
            let taskIndex = Int(model.slotTask[s])
            let task = problem.tasks[taskIndex]
            let ref = model.slotRefs[s]
            let requirement = task.requirement(ofSeat: ref.seat)!
            let requirementIndex = task.requirementIndex(ofSeat: ref.seat)!
            var reasons = ineligibleReasons(task: task, requirement: requirement, key: "\(taskIndex)/\(requirementIndex)")
            let ineligibleCount = reasons.reduce(0) { $0 + $1.count }
            let holder = director.person(in: s)

            var blocked: [String: Int] = [:]
            var blockedOrder: [String] = []
            var free = 0
            for c in model.candidates(of: s) {
                let q = model.candidatePersons[c]
                if q == holder { continue }
                if let rule = director.firstBrokenRule(adding: s, to: q) {
                    if blocked[rule] == nil { blockedOrder.append(rule) }
                    blocked[rule, default: 0] += 1
                } else {
                    free += 1
                }
            }
            reasons += blockedOrder.map { ReasonCount(reason: $0, count: blocked[$0]!, words: ReasonWords.wouldBreak($0, extra: model.ruleWords.wouldBreak)) }
                .sorted { $0.count > $1.count }
            if free > 0 { reasons.append(ReasonCount(reason: "costlier", count: free, words: ReasonWords.freeButCostlier)) }

            var shares: [ConstraintShare] = []
            var name: String? = nil
            if holder >= 0 {
                let person = problem.people[Int(holder)]
                name = person.name
                shares = fit.shares(person: person, personIndex: holder, task: task, seat: requirement,
                                      currentPerson: model.currentPerson[s], pastWorkers: task.client.flatMap { pastWorkers[$0] })
            }
            let eligible = problem.people.count - ineligibleCount
            let summary = holder < 0 && problem.isFrozen(task) ? ReasonWords.frozenEmpty
                : ReasonWords.summary(personName: name, eligible: eligible, considered: problem.people.count, reasons: reasons)
            out.append(SeatExplanation(task: ref.task, seat: ref.seat, person: holder >= 0 ? problem.people[Int(holder)].id : nil,
                                       eligible: eligible, considered: problem.people.count, reasons: reasons, costs: shares,
                                       summary: summary))
        }
        return out
    }
}

extension ScoreDirector {
    /// The first hard person-scope rule that would get worse if `person` also took `slot`, or nil.
    func firstBrokenRule(adding slot: Int, to person: Int32) -> String? {
        var slots = (0..<timelineLength(of: person)).map { timelineSlot(of: person, at: $0) }
        let before = slots.map { facts[$0] }
        let at = slots.firstIndex { startsBefore(Int32(slot), $0) } ?? slots.count
        slots.insert(Int32(slot), at: at)
        let after = slots.map { facts[$0] }
        return before.withUnsafeBufferPointer { b in
            after.withUnsafeBufferPointer { a in
                for r in model.personRules[Int(person)] where r.weighting.level == .hard {
                    if r.rule.magnitude(a) > r.rule.magnitude(b) { return r.rule.name }
                }
                return nil
            }
        }
    }
}
