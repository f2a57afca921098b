import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The server's connections: HTTP/1.1 for the API, upgraded to a WebSocket on `/ws`. An upgraded connection gets
/// a `PushConnection` handler in its pipeline and leaves Hummingbird's task at once: thousands of idle push
/// sockets then hold no task, no async stack and no per-message hop (the stock WebSocket channel keeps one task per
/// connection with its reader and writer).
struct PushChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case webSocket
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case failedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    static let path = "/ws"
    let responder: HTTPChannelHandler.Responder
    let hub: PushHub
    let sessions: PushSessions
    let pingInterval: TimeAmount
    let limits: ConnectionLimits
    let http1: HTTP1Channel.Configuration

    init(responder: @escaping HTTPChannelHandler.Responder, hub: PushHub, sessions: PushSessions, pingInterval: TimeAmount,
         limits: ConnectionLimits, idleTimeout: TimeAmount) {
        self.hub = hub
        self.sessions = sessions
        self.pingInterval = pingInterval
        self.limits = limits
        self.http1 = HTTP1Channel.Configuration(idleTimeout: idleTimeout)
        // A WebSocket upgrade after a plain request on the same connection is answered with a redirect to a new
        // connection, where the upgrade runs first (NIO upgrades only a connection's first request).
        self.responder = { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else { return try await responder(request, writer, channel) }
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect,
                                                        headerFields: [.connection: "close", .location: request.uri.path]))
            throw PushUpgradeError.upgradeAfterRequest
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits))
            let hub = hub, sessions = sessions, http1 = http1, pingInterval = pingInterval, helloTimeout = limits.firstRequest
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let upgrader = PushUpgrader(attempted: { upgradeAttempted.value = true }) { compress in
                PushConnection(hub: hub, sessions: sessions, compress: compress, pingInterval: pingInterval, helloTimeout: helloTimeout)
            }
            let serverUpgrade = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(http1.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger))
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        return upgradeAttempted.value ? .failedUpgrade(asyncChannel) : .notUpgraded(asyncChannel)
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: serverUpgrade)
            configuration.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
            configuration.enableErrorHandling = false  // Hummingbird answers errors
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validates already
            configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .webSocket:
                return  // the PushConnection handler owns the socket from here
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .failedUpgrade(let http):
                try await http.executeThenClose { _, outbound in
                    try await outbound.write(contentsOf: [
                        .head(HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])), .end(nil)])
                }
            }
        } catch {
            logger.debug("connection ended during upgrade: \(error)")
        }
    }
}

/// Ends a connection right after the redirect above; the client only sees the redirect.
enum PushUpgradeError: Error, CustomStringConvertible {
    case upgradeAfterRequest

    var description: String { "a WebSocket upgrade must be a connection's first request: open a new connection" }
}
