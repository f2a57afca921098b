import Scheduling

/// The solver's front door: problem in, schedule with score, shares and explanations out.
public enum TandemSolver {
    /// Compiles, solves and explains. Throws `InvalidProblem` for bad input.
    public static func solve(_ problem: Problem, configuration: SolverConfiguration, cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) throws -> Schedule {
        try solve(model: SolverModel.build(problem), configuration: configuration, cancellation: cancellation, progress: progress)
    }

    /// Solves and explains a compiled model (one built with plugin extensions, or a re-plan's).
    public static func solve(model: SolverModel, configuration: SolverConfiguration, cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) -> Schedule {
        let outcome = Portfolio.solve(model: model, configuration: configuration, cancellation: cancellation, progress: progress)
        return schedule(model: model, outcome: outcome, configuration: configuration)
    }

    /// Turns a solve outcome into the answer: assignments, unfilled seats, shares, explanations, statistics.
    public static func schedule(model: SolverModel, outcome: SolveOutcome, configuration: SolverConfiguration,
                                explain: Bool = true) -> Schedule {
        var assignments: [Assignment] = []
        var unfilled: [SeatRef] = []
        for s in 0..<model.slotCount where !model.isHeld[s] {
            let ref = model.slotRefs[s]
            let p = outcome.assignment[s]
            if p >= 0 {
                assignments.append(Assignment(task: ref.task, seat: ref.seat, person: model.problem.people[Int(p)].id))
            } else {
                let task = model.problem.tasks[Int(model.slotTask[s])]
                if task.requirement(ofSeat: ref.seat)?.optional != true { unfilled.append(ref) }
            }
        }
        let shares = ScoreBreakdown.shares(model: model, assignment: outcome.assignment)
        let rate = outcome.seconds > 0 ? Int64(Double(outcome.evaluations) / outcome.seconds) : 0
        return Schedule(assignments: assignments, unfilled: unfilled, score: outcome.score, constraints: shares,
                        explanations: explain ? Explainer.explain(model: model, assignment: outcome.assignment) : [],
                        warnings: model.warnings,
                        statistics: SolveStatistics(milliseconds: Int(outcome.seconds * 1000), evaluatedMoves: outcome.evaluations,
                                                    workers: configuration.workers, seed: configuration.seed, movesPerSecond: rate,
                                                    skippedPhases: outcome.skipped.isEmpty ? nil : outcome.skipped))
    }
}
