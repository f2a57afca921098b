import Scheduling
import Solver

/// Solves a Curtois instance with Tandem's engine and reads the roster back.
public enum CurtoisBench {
    public struct Result: Sendable {
        public var roster: [String: [String?]]
        public var score: Score
        public var outcome: SolveOutcome
    }

    public static func solve(_ instance: CurtoisInstance, configuration: SolverConfiguration, extraSeats: Int = 3,
                             cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) throws -> Result {
        let problem = try instance.problem(extraSeats: extraSeats)
        let model = try SolverModel.build(problem)
        let outcome = Portfolio.solve(model: model, configuration: configuration, cancellation: cancellation, progress: progress)
        let director = ScoreDirector(model: model, initial: outcome.assignment)
        preferMandatorySeats(director)
        var roster: [String: [String?]] = [:]
        for p in problem.people { roster[p.id] = Array(repeating: nil, count: instance.horizon) }
        for s in 0..<model.slotCount {
            let p = director.person(in: s)
            guard p >= 0 else { continue }
            let task = problem.tasks[Int(model.slotTask[s])]
            roster[problem.people[Int(p)].id]![Int(model.facts[s].day)] = task.kind
        }
        return Result(roster: roster, score: director.score, outcome: outcome)
    }

    /// Within a task, a person in an optional seat while a mandatory seat is empty is over- and under-cover at
    /// once; the benchmark counts only the net. Moving them to the mandatory seat changes nothing else.
    static func preferMandatorySeats(_ director: ScoreDirector) {
        let model = director.model
        var byTask: [Int32: [Int]] = [:]
        for s in 0..<model.slotCount { byTask[model.slotTask[s], default: []].append(s) }
        for (t, slots) in byTask {
            let task = model.problem.tasks[Int(t)]
            let optional = slots.filter { task.requirement(ofSeat: model.slotRefs[$0].seat)!.optional && director.person(in: $0) >= 0 }
            let empty = slots.filter { !task.requirement(ofSeat: model.slotRefs[$0].seat)!.optional && director.person(in: $0) < 0 }
            for (from, to) in zip(optional, empty) {
                let p = director.person(in: from)
                if director.stage(slot: from, person: -1) && director.stage(slot: to, person: p) {
                    director.commitStaged()
                } else {
                    director.discardStaged()
                }
            }
        }
    }
}
