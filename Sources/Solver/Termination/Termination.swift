import Dispatch
import Scheduling
import Synchronization

/// When a solve stops: whichever limit is reached first.
public struct Termination: Sendable, Hashable {
    /// Wall-clock seconds for the whole solve.
    public var seconds: Double?
    /// Stop when the best score has not improved for this long.
    public var unimprovedSeconds: Double?
    /// Stop as soon as the best score is this good or better.
    public var targetScore: Score?
    /// Stop after this many move evaluations per worker: the deterministic limit tests use.
    public var maxEvaluations: Int64?

    public init(seconds: Double? = nil, unimprovedSeconds: Double? = nil, targetScore: Score? = nil, maxEvaluations: Int64? = nil) {
        self.seconds = seconds
        self.unimprovedSeconds = unimprovedSeconds
        self.targetScore = targetScore
        self.maxEvaluations = maxEvaluations
    }
}

/// Lets another thread stop a solve early; the solve then returns its best so far.
public final class SolveCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// A cancellation that fires by itself `seconds` from now (nil: never), as a user's Stop would: benchmarks of
    /// a solve stopped early use it.
    public static func after(_ seconds: Double?) -> SolveCancellation? {
        guard let seconds else { return nil }
        let cancellation = SolveCancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { cancellation.cancel() }
        return cancellation
    }
}

/// Measures elapsed time for a solve.
struct Stopwatch: Sendable {
    let start = ContinuousClock.now

    var seconds: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
