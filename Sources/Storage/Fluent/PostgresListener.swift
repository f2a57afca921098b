import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The instance's ear on the shared log: one dedicated connection LISTENs on `tandem_log` and turns each
/// notification ("the log reached N") into an announcement. A lost connection is opened again, and each (re)connect
/// announces "look" (0), so followers catch up on whatever committed while nobody was listening. The same
/// connection hears `tandem_live`, the messages that are never logged (a solve's progress), which a lost connection
/// simply misses.
final class PostgresListener: Sendable {
    static let channel = "tandem_log"
    static let liveChannel = "tandem_live"

    private let configuration: PostgresConnection.Configuration
    private let signal: CommitSignal
    private let live: Signal<String>
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// The open listen connection, for tests that cut it (and for a clean close).
    private let connection = Mutex<PostgresConnection?>(nil)
    private let connects = Atomic<Int>(0)

    init(configuration: PostgresConnection.Configuration, signal: CommitSignal, live: Signal<String>, logger: Logger) {
        self.configuration = configuration
        self.signal = signal
        self.live = live
        self.logger = logger
    }

    /// How many times the listen connection was opened (1 until it is lost).
    var connections: Int { connects.load(ordering: .relaxed) }

    func start() {
        let started = Task { [self] in await listen() }
        task.withLock { $0 = started }
    }

    func stop() async {
        let running = task.withLock { t in defer { t = nil }; return t }
        running?.cancel()
        if let open = connection.withLock({ $0 }) { try? await open.close() }
        await running?.value
    }

    private func listen() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let open = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                connection.withLock { $0 = open }
                if Task.isCancelled {
                    try? await open.close()
                    return
                }
                try await open.listen(on: Self.liveChannel) { liveNotifications in
                    try await open.listen(on: Self.channel) { notifications in
                        connects.add(1, ordering: .relaxed)
                        delay = .milliseconds(100)
                        signal.announce(0)  // whatever committed while this instance was not listening
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask { [live] in
                                for try await notification in liveNotifications { live.announce(notification.payload) }
                            }
                            for try await notification in notifications {
                                signal.announce(Int64(notification.payload) ?? 0)
                            }
                            group.cancelAll()
                        }
                    }
                }
                try? await open.close()
            } catch {
                if Task.isCancelled { return }
                logger.warning("the PostgreSQL listen connection failed (\(String(reflecting: error))); opening it again in \(delay)")
            }
            connection.withLock { $0 = nil }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
    }

    /// Closes the listen connection as a failure would (tests): the listener opens a new one and catches up.
    func dropConnection() async {
        if let open = connection.withLock({ $0 }) { try? await open.close() }
    }
}
