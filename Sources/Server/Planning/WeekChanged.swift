import Logging
import Storage

/// A publish or re-plan found its week other than it was planned from (an answer came in, or another instance
/// published or re-planned it): the transaction writes nothing, and the work starts again from the new state.
struct WeekChanged: Error, Sendable, CustomStringConvertible {
    var description: String { "the week changed while it was being planned: try again" }

    /// Runs `body` until it does not meet a changed week, at most `attempts` times.
    static func retrying<T: Sendable>(logger: Logger, _ what: String, attempts: Int = 5,
                                      _ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do { return try await body() } catch let changed as WeekChanged {
                guard attempt < attempts else { throw changed }
                logger.notice("\(what): the week changed meanwhile; again from the new state (attempt \(attempt + 1))")
                attempt += 1
            }
        }
    }

    /// Whether two readings of a week's live offers agree (each offer and its state).
    static func same(_ a: [Offer], _ b: [Offer]) -> Bool {
        Set(a.map { "\($0.id)|\($0.status.rawValue)" }) == Set(b.map { "\($0.id)|\($0.status.rawValue)" })
    }
}
