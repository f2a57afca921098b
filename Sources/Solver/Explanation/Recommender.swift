import Scheduling

/// One person a coordinator could put in a seat, and what it would cost.
public struct Recommendation: Hashable, Codable, Sendable {
    public var person: String
    public var name: String
    /// How the schedule's score would change with this person in the seat, everything else kept.
    public var delta: Score
    /// The hard rule this would break (a person-scope rule such as `noOverlap`), or nil when it breaks none.
    public var breaks: String?
    /// The seat-level costs of this person here (preferences, distance, continuity, disruption).
    public var costs: [ConstraintShare]
    public var summary: Words
}

/// The best people for one seat, ranked by the score change of putting each there: the "who else could do it"
/// a coordinator asks before dragging a person onto a seat.
public enum Recommender {
    public static func recommend(model: SolverModel, assignment: [Int32], slot: Int, count: Int) -> [Recommendation] {
        guard (0..<model.slotCount).contains(slot), model.pinnedPerson[slot] < 0 else { return [] }
        let director = ScoreDirector(model: model, initial: assignment)
        let holder = director.person(in: slot)
        let fit = SeatFit(model: model)
        var ranked: [(delta: Score, person: Int32)] = []
        for c in model.candidates(of: slot) {
            let p = model.candidatePersons[c]
            guard p != holder, director.stage(slot: slot, person: p) else { continue }
            ranked.append((director.evaluateStaged(), p))
            director.discardStaged()
        }
        ranked.sort { ($0.delta, $0.person) < ($1.delta, $1.person) }
        return ranked.prefix(max(0, count)).map { delta, p in
            describe(model: model, director: director, fit: fit, slot: slot, person: p, delta: delta)
        }
    }

    /// One candidate in words: the score change, the hard rule it would break, the seat's costs for them.
    static func describe(model: SolverModel, director: ScoreDirector, fit: SeatFit, slot: Int, person p: Int32, delta: Score) -> Recommendation {
        let problem = model.problem
        let task = problem.tasks[Int(model.slotTask[slot])]
        let requirement = task.requirement(ofSeat: model.slotRefs[slot].seat)!
        let person = problem.people[Int(p)]
        let broken = director.firstBrokenRule(adding: slot, to: p)
        let shares = fit.shares(person: person, personIndex: p, task: task, seat: requirement,
                                currentPerson: model.currentPerson[slot], pastWorkers: task.client.flatMap { problem.pastWorkersByClient[$0] })
        let verdict = broken.map { rule in
            let words = ReasonWords.wouldBreak(rule, extra: model.ruleWords.wouldBreak)
            return Words(en: "\(person.name) \(words.en)", zh: "\(person.name)\(words.zh)")
        } ?? Words(en: "\(person.name) fits every hard rule", zh: "\(person.name)符合所有硬性规则")
        let change = "\(delta.hard)/\(delta.medium)/\(delta.soft)"
        return Recommendation(person: person.id, name: person.name, delta: delta, breaks: broken, costs: shares,
                              summary: Words(en: "\(verdict.en); score change \(change) (hard/medium/soft)",
                                             zh: "\(verdict.zh)；评分变化 \(change)（硬/中/软）"))
    }
}

extension Recommender {
    /// What putting `person` in `slot` would do, for a coordinator about to pin them there: the score change and the
    /// hard rule it would break, or, when they may not sit there at all, why (a pin would then cost `eligibility`).
    public static func assess(model: SolverModel, assignment: [Int32], slot: Int, person: Int32) -> Recommendation {
        let problem = model.problem
        let who = problem.people[Int(person)]
        let task = problem.tasks[Int(model.slotTask[slot])]
        let requirement = task.requirement(ofSeat: model.slotRefs[slot].seat)!
        let fit = SeatFit(model: model)
        if model.candidatePosition(slot: slot, person: person) < 0 {
            let labour = problem.rules.labourRules(forGroup: who.labourGroup)
            let why = fit.exclusion(who, labour: labour, task: task, seat: requirement)
                ?? (code: "refused", words: Words(en: "declined this task", zh: "已婉拒此任务"))
            return Recommendation(person: who.id, name: who.name, delta: Weighting(.eligibility, rules: problem.rules).score(1),
                                  breaks: "\(ConstraintID.eligibility.rawValue):\(why.code)", costs: [],
                                  summary: Words(en: "\(who.name) may not take this seat: they \(why.words.en)",
                                                 zh: "\(who.name)不能承担此岗位：\(why.words.zh)"))
        }
        if assignment[slot] == person {
            return Recommendation(person: who.id, name: who.name, delta: .zero, breaks: nil, costs: [],
                                  summary: Words(en: "\(who.name) already has this seat", zh: "\(who.name)已在此岗位"))
        }
        let director = ScoreDirector(model: model, initial: assignment)
        guard director.stage(slot: slot, person: person) else {
            return Recommendation(person: who.id, name: who.name, delta: .zero, breaks: "pinned", costs: [],
                                  summary: Words(en: "this seat is pinned", zh: "此岗位已锁定"))
        }
        let delta = director.evaluateStaged()
        director.discardStaged()
        return describe(model: model, director: director, fit: fit, slot: slot, person: person, delta: delta)
    }
}
