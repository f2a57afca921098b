import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Server
import Synchronization

/// The push benchmark's floor (scripts/bench-push with TANDEM_BENCH_FLOOR=1): the chosen stack alone, SwiftNIO and
/// swift-nio-ssl on two event loops, writing one ready-made WebSocket frame to every TLS socket, with the same
/// certificate as `tandem serve` and the same one-job-per-loop fan-out, but no HTTP, no upgrade, no hello, no
/// database and no per-client checks. What a broadcast costs here, the server cannot go below on this machine.
struct PushFloorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push-floor", abstract: "Fan a frame out to TLS sockets with nothing but NIO and NIOSSL (for scripts/bench-push).")

    @Option(help: "Port on 127.0.0.1 (0: any free one; printed as `listening PORT`).") var port = 0
    @Option(help: "Folder of the development certificate (made when missing).") var data: String
    @Option(help: "TLS connections to wait for before broadcasting.") var connections: Int
    @Option(help: "Broadcasts to send.") var broadcasts: Int
    @Option(help: "Seconds between broadcasts.") var spacing: Double = 2

    func run() async throws {
        let certificate = try DevelopmentCertificate.loadOrCreate(in: data, now: Date()).0
        let tls = try NIOSSLContext(configuration: TandemServer.tlsConfiguration(
            certificate: certificate.certificatePath, key: certificate.keyPath))
        let registry = FloorRegistry()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    try channel.pipeline.syncOperations.addHandler(FloorHandshakeWatch(registry: registry))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        FileHandle.standardOutput.write(Data("listening \(listener.localAddress?.port ?? port)\n".utf8))
        while registry.count < connections { try await Task.sleep(for: .milliseconds(50)) }

        let loops = registry.byLoop()
        var cpu = 0.0
        for _ in 0..<broadcasts {
            try await Task.sleep(for: .seconds(spacing))
            let before = processCPUSeconds()
            // The text is the send time, as the real notices carry it, so the same load client times both; it stays
            // under 126 bytes, the most a one-byte frame length says.
            let text = "{\"type\":\"event\",\"seq\":1,\"event\":\"notice.posted\",\"data\":{\"text\":\"\(Date().timeIntervalSince1970)\"}}"
            let jobs = loops.map { loop, channels in
                var frame = ByteBuffer()
                frame.writeInteger(UInt8(0x81))
                frame.writeInteger(UInt8(text.utf8.count))
                frame.writeString(text)
                return loop.submit { [frame] in for channel in channels { channel.writeAndFlush(frame, promise: nil) } }
            }
            for job in jobs { try await job.get() }
            try await Task.sleep(for: .seconds(spacing / 2))  // the writes' completions and ACKs belong to it too
            cpu += processCPUSeconds() - before
        }
        FileHandle.standardOutput.write(Data("server_cpu_ms_per_broadcast \(Int(1000 * cpu / Double(max(1, broadcasts))))\n".utf8))
        try await listener.close()
        try await group.shutdownGracefully()
    }

    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// The sockets whose TLS handshake finished, for the floor's broadcasts.
final class FloorRegistry: Sendable {
    private let channels = Mutex<[any Channel]>([])

    var count: Int { channels.withLock { $0.count } }

    func add(_ channel: any Channel) { channels.withLock { $0.append(channel) } }

    func byLoop() -> [(any EventLoop, [any Channel])] {
        let all = channels.withLock { $0 }
        let grouped = Dictionary(grouping: all) { ObjectIdentifier($0.eventLoop) }
        return grouped.values.compactMap { list in list.first.map { ($0.eventLoop, list) } }
    }
}

final class FloorHandshakeWatch: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let registry: FloorRegistry

    init(registry: FloorRegistry) { self.registry = registry }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { registry.add(context.channel) }
        context.fireUserInboundEventTriggered(event)
    }
}
