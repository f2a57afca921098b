import Scheduling

/// A self-check of incremental scoring, as Timefold's full-assert mode does it: a random walk of every move kind in
/// which each evaluated delta and each committed score is compared with a full recompute. Tests of the core and of
/// plugins run it; a plugin rule that reads more of the timeline than it declares shows up here.
public struct IncrementalCheck: Sendable {
    public var committed = 0
    public var discarded = 0
    /// How many person scores were found by the days a move reaches rather than over the whole timeline.
    public var windowed: Int64 = 0
    /// The first move whose incremental score differed from a full recompute, or nil.
    public var firstMismatch: String?

    /// Walks `steps` random moves from an empty schedule, or from construction's when `constructed`; one in
    /// `discardEvery` is evaluated and then discarded.
    public static func run(model: SolverModel, seed: UInt64, steps: Int, discardEvery: Int = 3,
                           constructed: Bool = false) -> IncrementalCheck {
        var check = IncrementalCheck()
        let director = ScoreDirector(model: model, initial: nil)
        var rng = RandomSource(seed: seed)
        if constructed { Construction.run(director, rng: &rng) }
        let moves = Neighbourhood(director: director)
        for step in 0..<steps {
            let kind = MoveKind.allCases[step % MoveKind.allCases.count]
            guard moves.stage(kind, &rng) else { continue }
            let before = director.score
            let delta = director.evaluateStaged()
            if step % discardEvery == discardEvery - 1 {
                director.discardStaged()
                check.discarded += 1
                if director.score != before { check.firstMismatch = "discarding \(kind) at step \(step) changed the score" }
            } else {
                director.commitStaged()
                check.committed += 1
                let full = director.fullScore()
                if director.score != full || before + delta != full {
                    check.firstMismatch = "after \(kind) at step \(step): incremental \(director.score), delta \(delta), full \(full)"
                }
            }
            if check.firstMismatch != nil {
                check.windowed = director.windowedEvaluations
                return check
            }
        }
        check.windowed = director.windowedEvaluations
        if ScoreBreakdown.total(ScoreBreakdown.shares(model: model, assignment: director.assignment)) != director.score {
            check.firstMismatch = "the score breakdown does not add up to the score"
        }
        return check
    }
}
