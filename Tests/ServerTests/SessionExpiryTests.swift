import Foundation
import HummingbirdWSClient
import Server
import Synchronization
import Testing

/// A push socket lives no longer than its session: when the session expires the server closes it with 4001.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SessionExpiryTests {
    /// The real clock moved by an offset the test sets.
    final class ShiftedClock: TandemClock {
        let offset = Mutex<TimeInterval>(0)
        func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    }

    @Test func theSocketClosesWhenItsSessionExpires() async throws {
        let clock = ShiftedClock()
        try await LiveServer.with(clock: clock) { server in
            let loggedIn = Date()  // the session ends 12 hours after this, or a little later
            let token = try await server.login()
            let started = Mutex(Date())
            let close = try await WebSocketClient.connect(url: "wss://localhost:\(server.port)/ws", tlsConfiguration: server.tls,
                                                          logger: LiveServer.quietLogger) { inbound, outbound, _ in
                // Staff sessions last 12 hours: move to at least 3 s before this one ends, once connected (a
                // connection on a loaded machine can take longer than that), just before the hello.
                clock.offset.withLock { $0 = loggedIn.addingTimeInterval(12 * 3600 - 3).timeIntervalSinceNow }
                started.withLock { $0 = Date() }
                try await outbound.write(.text(#"{"type":"hello","token":"\#(token)"}"#))
                for try await _ in inbound.messages(maxSize: 1 << 20) {}
            }
            let elapsed = Date().timeIntervalSince(started.withLock { $0 })
            #expect(close?.closeCode == .unknown(4001))
            #expect(elapsed > 1.5 && elapsed < 15, "closed after \(elapsed) s")
        }
    }
}
