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
            let token = try await server.login()
            // Staff sessions last 12 hours: move to 1.5 s before this one ends.
            clock.offset.withLock { $0 = 12 * 3600 - 1.5 }
            let started = Date()
            let close = try await WebSocketClient.connect(url: "wss://localhost:\(server.port)/ws", tlsConfiguration: server.tls,
                                                          logger: LiveServer.quietLogger) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"hello","token":"\#(token)"}"#))
                for try await _ in inbound.messages(maxSize: 1 << 20) {}
            }
            let elapsed = Date().timeIntervalSince(started)
            #expect(close?.closeCode == .unknown(4001))
            #expect(elapsed > 1 && elapsed < 10, "closed after \(elapsed) s")
        }
    }
}
