import ArgumentParser
import Foundation
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import NIOSSL
import Synchronization

/// The load side of scripts/bench-push: one process holding many wss connections to a running server, recording
/// how long each broadcast notice took to arrive (a notice's text is its send time, on this same machine's clock).
struct PushLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push-load", abstract: "Hold wss connections to a running server and time broadcast notices (for scripts/bench-push).")

    @Option(help: "Server port on 127.0.0.1.") var port: Int
    @Option(help: "Session token to say hello with.") var token: String
    @Option(help: "Connections to open.") var connections: Int
    @Option(help: "The server's certificate (PEM) to trust.") var cafile: String
    @Option(help: "Notices to wait for on each connection.") var broadcasts: Int
    @Option(help: "Write {opened, failed, latencies} JSON here.") var out: String
    @Option(help: "Give up after this many seconds.") var timeout: Double = 300
    @Flag(help: "Offer permessage-deflate.") var deflate = false

    func run() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(cafile))
        var quiet = Logger(label: "push-load")
        quiet.logLevel = .critical
        let logger = quiet
        let state = LoadState()
        let hello = "{\"type\":\"hello\",\"token\":\"\(token)\"}"
        let extensions: [WebSocketExtensionFactory] = deflate ? [.perMessageDeflate(maxWindow: 9, noContextTakeover: true)] : []
        let url = "wss://localhost:\(port)/ws", broadcasts = self.broadcasts, tlsConfiguration = tls
        let deadline = ContinuousClock.now + .seconds(timeout)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<connections {
                // At most 100 handshakes in flight: enough to keep the server busy, not enough to time out.
                while i - state.tally.withLock({ $0.opened + $0.failed }) >= 100 { try await Task.sleep(for: .milliseconds(5)) }
                group.addTask {
                    do {
                        try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 16, extensions: extensions),
                                                          tlsConfiguration: tlsConfiguration, logger: logger) { inbound, outbound, _ in
                            try await outbound.write(.text(hello))
                            var seen = 0, welcomed = false
                            for try await message in inbound.messages(maxSize: 1 << 16) {
                                guard case .text(let text) = message else { continue }
                                if !welcomed {
                                    welcomed = true
                                    state.tally.withLock { $0.opened += 1 }
                                    continue
                                }
                                guard text.contains("notice.posted"),
                                      let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                                      let data = json["data"] as? [String: Any], let sent = (data["text"] as? String).flatMap(Double.init)
                                else { continue }
                                let latency = Date().timeIntervalSince1970 - sent
                                state.tally.withLock { $0.latencies.append(latency) }
                                seen += 1
                                if seen >= broadcasts { break }
                            }
                            try? await outbound.close(.normalClosure, reason: nil)
                        }
                    } catch {
                        let first = state.tally.withLock { tally in
                            tally.failed += 1
                            return tally.failed == 1
                        }
                        if first { FileHandle.standardError.write(Data("push-load: connect failed: \(error)\n".utf8)) }
                    }
                }
            }
            while state.tally.withLock({ $0.opened + $0.failed }) < connections && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let (opened, failed) = state.tally.withLock { ($0.opened, $0.failed) }
            FileHandle.standardOutput.write(Data("ready \(opened) \(failed)\n".utf8))
            group.addTask {
                try await Task.sleep(until: deadline)
                throw CancellationError()
            }
            // Every connection ends after its last notice; the deadline ends the rest.
            while let _ = try? await group.next() {
                if state.tally.withLock({ $0.latencies.count }) >= opened * broadcasts { break }
            }
            group.cancelAll()
        }
        let (opened, failed, latencies) = state.tally.withLock { ($0.opened, $0.failed, $0.latencies) }
        let json = try JSONSerialization.data(withJSONObject: ["opened": opened, "failed": failed, "latencies": latencies])
        try json.write(to: URL(fileURLWithPath: out))
    }
}

/// What the connections of one load process have seen; shared by all of them.
final class LoadState: Sendable {
    let tally = Mutex((opened: 0, failed: 0, latencies: [Double]()))
}
