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
}

/// Runs construction once, then local-search workers on their own Dispatch queues (never on Swift's shared
/// task pool, which CPU work would starve), sharing the best solution. One worker and a fixed seed with an
/// evaluation limit give the same answer every time.
public enum Portfolio {
    public static func solve(model: SolverModel, configuration: SolverConfiguration, start: [Int32]? = nil,
                             cancellation: SolveCancellation? = nil,
                             progress: (@Sendable (SolveProgress) -> Void)? = nil) -> SolveOutcome {
        let stopwatch = Stopwatch()
        let initial = start ?? model.currentPerson
        let builder = ScoreDirector(model: model, initial: initial)
        var rng = RandomSource(seed: configuration.seed)
        Construction.run(builder, rng: &rng)
        let constructed = builder.assignment
        let constructionSeconds = stopwatch.seconds
        let shared = SharedBest(score: builder.score, assignment: constructed, stopwatch: stopwatch, progress: progress)
        shared.evaluations.add(builder.evaluations, ordering: .relaxed)
        progress?(SolveProgress(seconds: constructionSeconds, score: builder.score, evaluations: builder.evaluations,
                                movesPerSecond: 0, worker: -1))

        let workerCount = max(1, configuration.workers)
        let start = generateColumns(builder, configuration: configuration, shared: shared, threads: workerCount,
                                    cancellation: cancellation) ?? constructed
        let group = DispatchGroup()
        for index in 0..<workerCount {
            let queue = DispatchQueue(label: "tandem.solver.worker\(index)", qos: .userInitiated)
            queue.async(group: group) {
                let worker = SearchWorker(index: index, model: model, start: start, settings: configuration.search,
                                          termination: configuration.termination, cancellation: cancellation, shared: shared,
                                          seed: configuration.seed)
                worker.run()
            }
        }
        group.wait()
        let best = shared.snapshot()
        let timings = shared.timings
        return SolveOutcome(assignment: best.assignment, score: best.score, evaluations: shared.evaluations.load(ordering: .relaxed),
                            seconds: stopwatch.seconds, constructionSeconds: constructionSeconds,
                            firstFeasibleSeconds: timings.firstFeasible, bestFoundSeconds: timings.bestFound)
    }

    /// Column generation (`ColumnGeneration`) for its share of the time limit when the model splits into rows and
    /// cover; its dive is the search's start when it finished or beats the constructed one.
    private static func generateColumns(_ builder: ScoreDirector, configuration: SolverConfiguration, shared: SharedBest,
                                        threads: Int, cancellation: SolveCancellation?) -> [Int32]? {
        let share = configuration.search.columnGenerationShare
        guard share > 0, let seconds = configuration.termination.seconds,
              let generation = ColumnGeneration(director: builder, threads: threads, seed: configuration.seed) else { return nil }
        let constructed = builder.score
        let outcome = generation.run(until: seconds * share, stopwatch: shared.stopwatch,
                                     stop: {
                                         cancellation?.isCancelled == true
                                             || configuration.termination.targetScore.map { !($0 < shared.score) } == true
                                     },
                                     improved: { shared.offer(score: $1, assignment: $0, worker: -1) })
        builder.load(outcome.assignment)
        guard outcome.complete || builder.score < constructed else { return nil }
        if !outcome.complete { shared.offer(score: builder.score, assignment: outcome.assignment, worker: -1) }
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
