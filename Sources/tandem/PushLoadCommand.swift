import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A load client of scripts/bench-push in Swift (`TANDEM_BENCH_CLIENT=swift`; the default is the leaner C one,
/// scripts/bench/push_load.c): one process holding many wss connections to a running server, recording how long
/// each broadcast notice took to be read (a notice's text is its send time, on this same machine's clock). One
/// event loop thread per process; the benchmark spreads the connections over several processes.
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

    /// Handshakes in flight at once: enough to keep the server busy, not enough to time out.
    static let handshakesInFlight = 100

    func run() async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(cafile))
        let ssl = try NIOSSLContext(configuration: tls)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let launcher = try await loop.submit {
            NIOLoopBound(Launcher(tally: try LoadTally(), target: connections, open: { launcher in
                let bound = NIOLoopBound(launcher, eventLoop: loop)  // one loop: the channel's is this one
                return ClientBootstrap(group: loop).channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let launcher = bound.value
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: ssl, serverHostname: "localhost"))
                        try channel.pipeline.syncOperations.addHandler(PushLoadConnection(
                            tally: launcher.tally, token: token, deflate: deflate, broadcasts: broadcasts, onSettled: launcher.launch))
                    }
                }.connect(host: "127.0.0.1", port: port)
            }), eventLoop: loop)
        }.get()
        try await loop.submit { launcher.value.launch() }.get()

        let deadline = ContinuousClock.now + .seconds(timeout)
        func poll<T: Sendable>(_ read: @escaping @Sendable (LoadTally) -> T) async throws -> T {
            try await loop.submit { read(launcher.value.tally) }.get()
        }
        while try await poll({ $0.settled }) < connections && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let (opened, failed, firstError) = try await poll { ($0.opened, $0.failed, $0.firstError) }
        if let firstError { FileHandle.standardError.write(Data("push-load: \(failed) failed, first: \(firstError)\n".utf8)) }
        FileHandle.standardOutput.write(Data("ready \(opened) \(failed)\n".utf8))
        // Every connection closes after its last notice; the deadline ends the rest.
        while try await poll({ $0.latencies.count }) < opened * broadcasts && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let latencies = try await poll { $0.latencies }
        try await group.shutdownGracefully()
        let json = try JSONSerialization.data(withJSONObject: ["opened": opened, "failed": failed, "latencies": latencies])
        try json.write(to: URL(fileURLWithPath: out))
    }
}

/// Opens the connections, keeping the handshakes in flight bounded: each one that settles (welcomed or failed)
/// makes room for the next. Confined to the load process's event loop.
final class Launcher {
    let tally: LoadTally
    private let target: Int
    private let open: (Launcher) -> EventLoopFuture<any Channel>
    private var launched = 0

    init(tally: LoadTally, target: Int, open: @escaping (Launcher) -> EventLoopFuture<any Channel>) {
        self.tally = tally
        self.target = target
        self.open = open
    }

    func launch() {
        while launched < target && launched - tally.settled < PushLoadCommand.handshakesInFlight {
            launched += 1
            open(self).assumeIsolated().whenFailure { [self] error in
                tally.fail("\(error)")
                launch()
            }
        }
    }
}
