import Scheduling
import Synchronization

/// The best solution any worker has found, shared by the portfolio. Workers offer improvements and
/// adopt it when they stagnate.
final class SharedBest: Sendable {
    struct State {
        var score: Score
        var assignment: [Int32]
        var version: Int
        var firstFeasibleSeconds: Double?
        var bestFoundSeconds: Double
    }

    private let state: Mutex<State>
    let evaluations = Atomic<Int64>(0)
    /// How many starts another member (column generation) has offered: a worker takes up a new one that beats its
    /// own best at once, not only when it stagnates.
    let starts = Atomic<Int>(0)
    /// Search workers that have stopped: a member beside them stops too.
    let finishedWorkers = Atomic<Int>(0)
    /// True while a member needs every core (column generation): feasible searchers beside it wait.
    let exclusive = Atomic<Bool>(false)
    private let phaseNotes = Mutex<[SkippedPhase]>([])
    let stopwatch: Stopwatch
    let progress: (@Sendable (SolveProgress) -> Void)?

    init(score: Score, assignment: [Int32], stopwatch: Stopwatch, progress: (@Sendable (SolveProgress) -> Void)?) {
        self.stopwatch = stopwatch
        self.progress = progress
        let elapsed = stopwatch.seconds
        state = Mutex(State(score: score, assignment: assignment, version: 0,
                            firstFeasibleSeconds: score.isFeasible ? elapsed : nil, bestFoundSeconds: elapsed))
    }

    var score: Score { state.withLock { $0.score } }
    var version: Int { state.withLock { $0.version } }

    func snapshot() -> (score: Score, assignment: [Int32], version: Int) {
        state.withLock { ($0.score, $0.assignment, $0.version) }
    }

    var timings: (firstFeasible: Double?, bestFound: Double) { state.withLock { ($0.firstFeasibleSeconds, $0.bestFoundSeconds) } }

    /// Records `score` if it beats the shared best; reports progress when it does.
    @discardableResult
    func offer(score: Score, assignment: @autoclosure () -> [Int32], worker: Int) -> Bool {
        let elapsed = stopwatch.seconds
        let improved: Bool = state.withLock { s in
            guard score < s.score else { return false }
            s.score = score
            s.assignment = assignment()
            s.version += 1
            s.bestFoundSeconds = elapsed
            if score.isFeasible && s.firstFeasibleSeconds == nil { s.firstFeasibleSeconds = elapsed }
            return true
        }
        if improved, let progress {
            let evaluated = evaluations.load(ordering: .relaxed)
            progress(SolveProgress(seconds: elapsed, score: score, evaluations: evaluated,
                                   movesPerSecond: elapsed > 0 ? Int64(Double(evaluated) / elapsed) : 0, worker: worker))
        }
        return improved
    }
}

extension SharedBest {
    /// Records a phase that stopped short, for the solve's statistics.
    func note(_ phase: SkippedPhase) { phaseNotes.withLock { $0.append(phase) } }
    var notes: [SkippedPhase] { phaseNotes.withLock { $0 } }

    /// Offers a start made by a member that does not search (a column generation dive).
    func offerStart(score: Score, assignment: [Int32]) {
        if offer(score: score, assignment: assignment, worker: -1) { starts.add(1, ordering: .releasing) }
    }
}

/// One line of progress: a new best score.
public struct SolveProgress: Sendable, Hashable, Codable {
    public var seconds: Double
    public var score: Score
    public var evaluations: Int64
    public var movesPerSecond: Int64
    public var worker: Int
}
