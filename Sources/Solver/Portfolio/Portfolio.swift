import Dispatch
import Scheduling

/// How to solve: limits, workers, seed, search settings.
public struct SolverConfiguration: Sendable, Hashable {
    public var termination: Termination
    public var workers: Int
    public var seed: UInt64
    public var search: SearchSettings

    public init(termination: Termination = Termination(seconds: 10), workers: Int = 2, seed: UInt64 = 1,
                search: SearchSettings = SearchSettings()) {
        self.termination = termination
        self.workers = workers
        self.seed = seed
        self.search = search
    }
}

/// What a solve found, as slot → person indices, with timings.
public struct SolveOutcome: Sendable {
    public var assignment: [Int32]
    public var score: Score
    public var evaluations: Int64
    public var seconds: Double
    public var constructionSeconds: Double
    public var firstFeasibleSeconds: Double?
    public var bestFoundSeconds: Double
    /// Phases that did not run on this model, and why.
    public var skipped: [SkippedPhase]
}

/// Runs construction once, then local-search workers on their own Dispatch queues (never on Swift's shared
/// task pool, which CPU work would starve), sharing the best solution. Column generation, where the model splits
/// into rows and cover, is a member of the portfolio: the first worker generates columns for its share of the limit
/// while the others search from the construction, then searches from its dive (with one worker it runs beside it),
/// so the search starts at once on every solve. One worker and a fixed seed with an evaluation limit give the same
/// answer every time.
public enum Portfolio {
    public static func solve(model: SolverModel, configuration: SolverConfiguration, start: [Int32]? = nil,
                             cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) -> SolveOutcome {
        let stopwatch = Stopwatch()
        let initial = start ?? model.currentPerson
        let builder = ScoreDirector(model: model, initial: initial)
        var rng = RandomSource(seed: configuration.seed)
        Construction.run(builder, rng: &rng, seconds: Construction.budget(configuration.termination))
        let constructed = builder.assignment
        let constructionSeconds = stopwatch.seconds
        let shared = SharedBest(score: builder.score, assignment: constructed, stopwatch: stopwatch, progress: progress)
        shared.evaluations.add(builder.evaluations, ordering: .relaxed)
        progress?(SolveProgress(seconds: constructionSeconds, score: builder.score, evaluations: builder.evaluations,
                                movesPerSecond: 0, worker: -1))

        let workerCount = max(1, configuration.workers)
        var skipped: [SkippedPhase] = []
        let generation = columnGeneration(builder, configuration: configuration, threads: workerCount, skipped: &skipped)
        let group = DispatchGroup()
        for index in 0..<workerCount {
            let queue = DispatchQueue(label: "tandem.solver.worker\(index)", qos: .userInitiated)
            queue.async(group: group) {
                var start = constructed
                if index == 0 && workerCount > 1, let generation {
                    start = generateColumns(generation.value, configuration: configuration, shared: shared,
                                            searchers: workerCount - 1, cancellation: cancellation) ?? shared.snapshot().assignment
                }
                let worker = SearchWorker(index: index, model: model, start: start, settings: configuration.search,
                                          termination: configuration.termination, cancellation: cancellation, shared: shared,
                                          seed: configuration.seed)
                worker.run()
                shared.finishedWorkers.add(1, ordering: .relaxed)
            }
        }
        if workerCount == 1, let generation {
            DispatchQueue(label: "tandem.solver.columns", qos: .userInitiated).async(group: group) {
                _ = generateColumns(generation.value, configuration: configuration, shared: shared, searchers: 1,
                                    cancellation: cancellation)
            }
        }
        group.wait()
        let best = shared.snapshot()
        let timings = shared.timings
        return SolveOutcome(assignment: best.assignment, score: best.score, evaluations: shared.evaluations.load(ordering: .relaxed),
                            seconds: stopwatch.seconds, constructionSeconds: constructionSeconds,
                            firstFeasibleSeconds: timings.firstFeasible, bestFoundSeconds: timings.bestFound,
                            skipped: skipped + shared.notes)
    }

    /// Column generation over the constructed schedule, when the share, a time limit and the model allow it; why
    /// not goes into `skipped` (a time-free solve, such as one limited by evaluations, runs no timed phase).
    private static func columnGeneration(_ builder: ScoreDirector, configuration: SolverConfiguration, threads: Int,
                                         skipped: inout [SkippedPhase]) -> Handoff<ColumnGeneration>? {
        guard configuration.search.columnGenerationShare > 0, configuration.termination.seconds != nil else { return nil }
        guard configuration.termination.maxEvaluations == nil else {
            skipped.append(.columnGenerationLimitedByEvaluations)
            return nil
        }
        do {
            return Handoff(try ColumnGeneration(director: builder, threads: threads, seed: configuration.seed))
        } catch {
            skipped.append(.columnGeneration(error.words))
            return nil
        }
    }

    /// Runs column generation for its share of the time limit, or until the `searchers` working beside it have all
    /// finished, offering each better dive to the portfolio; returns the dive to search from when it finished or beats
    /// the constructed schedule.
    private static func generateColumns(_ generation: ColumnGeneration, configuration: SolverConfiguration, shared: SharedBest,
                                        searchers: Int, cancellation: SolveCancellation?) -> [Int32]? {
        guard let seconds = configuration.termination.seconds else { return nil }
        // On this machine's two hardware threads a search beside it slows the master and pricing alike, so the
        // searchers pause while generation runs, once they are feasible (`SearchWorker.waitOutExclusiveMember`).
        shared.exclusive.store(true, ordering: .releasing)
        defer { shared.exclusive.store(false, ordering: .releasing) }
        let director = generation.director
        let constructed = director.score
        let share = configuration.search.columnGenerationShare
        let outcome = generation.run(until: seconds * share, checkpoint: seconds * min(share, ColumnGeneration.checkpointShare),
                                     stopwatch: shared.stopwatch,
                                     stop: {
                                         cancellation?.isCancelled == true
                                             || shared.finishedWorkers.load(ordering: .relaxed) >= searchers
                                             || configuration.termination.targetScore.map { !($0 < shared.score) } == true
                                     },
                                     improved: { shared.offerStart(score: $1, assignment: $0) })
        if outcome.gaveBack {
            shared.note(.columnGenerationGaveBack)
            return nil
        }
        director.load(outcome.assignment)
        guard outcome.complete || director.score < constructed else { return nil }
        if !outcome.complete { shared.offerStart(score: director.score, assignment: outcome.assignment) }
        return outcome.assignment
    }

    /// The same solve without blocking the caller's thread: the work runs on a Dispatch queue.
    public static func solve(model: SolverModel, configuration: SolverConfiguration, start: [Int32]? = nil,
                             cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) async -> SolveOutcome {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "tandem.solver.portfolio").async {
                continuation.resume(returning: solve(model: model, configuration: configuration, start: start,
                                                     cancellation: cancellation, progress: progress))
            }
        }
    }
}

/// Hands a non-Sendable object to one Dispatch queue. Safe as used here: the portfolio makes the object, passes it to
/// exactly one queue and never touches it again; `group.wait()` orders that queue's last use before the return.
final class Handoff<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
