import Synchronization

/// "The log reached N": what a store announces after each commit that wrote events, its own and (with PostgreSQL)
/// every other instance's. An announcement carries no events: a follower reads the rows it lacks, in order, so a
/// lost or merged announcement costs nothing but a later read.
public typealias CommitSignal = Signal<Int64>

/// Values handed to every follower, each through a stream of its own.
public final class Signal<Value: Sendable>: Sendable {
    private struct State {
        var followers: [Int: AsyncStream<Value>.Continuation] = [:]
        var next = 0
        var finished = false
    }
    private let state = Mutex(State())

    private let buffer: Int

    /// `buffer`: how many values a slow follower keeps, the newest (one, for announcements that are cumulative).
    public init(buffer: Int = 1) { self.buffer = buffer }

    /// Values from now on.
    public func follow() -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
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

    /// For commits: the log holds events up to this number (0 when the sender does not know: "look").
    public func announce(_ value: Value) {
        let followers = state.withLock { Array($0.followers.values) }
        for follower in followers { follower.yield(value) }
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
