import Synchronization

/// "The log reached N": what a store announces after each commit that wrote events, its own and (with PostgreSQL)
/// every other instance's. An announcement carries no events: a follower reads the rows it lacks, in order, so a
/// lost or merged announcement costs nothing but a later read.
public final class CommitSignal: Sendable {
    private struct State {
        var followers: [Int: AsyncStream<Int64>.Continuation] = [:]
        var next = 0
        var finished = false
    }
    private let state = Mutex(State())

    public init() {}

    /// Announcements from now on. A slow follower sees only the newest (they are cumulative).
    public func follow() -> AsyncStream<Int64> {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { s in
            guard !s.finished else { return nil }
            defer { s.next += 1 }
            s.followers[s.next] = continuation
            return s.next
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.followers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The log holds events up to `seq` (0 when the sender does not know: "look").
    public func announce(_ seq: Int64) {
        let followers = state.withLock { Array($0.followers.values) }
        for follower in followers { follower.yield(seq) }
    }

    /// Ends every follower's stream (the store is closing).
    public func finish() {
        let followers = state.withLock { s in
            s.finished = true
            defer { s.followers.removeAll() }
            return Array(s.followers.values)
        }
        for follower in followers { follower.finish() }
    }
}
