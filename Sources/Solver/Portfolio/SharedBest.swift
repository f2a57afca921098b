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

/// One line of progress: a new best score.
public struct SolveProgress: Sendable, Hashable, Codable {
    public var seconds: Double
    public var score: Score
    public var evaluations: Int64
    public var movesPerSecond: Int64
    public var worker: Int
}
