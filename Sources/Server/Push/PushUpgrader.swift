import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The WebSocket handshake (RFC 6455 4.2) for `/ws`. Unlike NIO's stock upgrader it installs only the frame
/// decoder: `PushConnection` encodes what it writes itself, so a broadcast's frame is built once and written as the
/// same bytes to every client.
struct PushUpgrader: NIOTypedHTTPServerProtocolUpgrader {
    typealias UpgradeResult = PushChannel.UpgradeResult
    static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []
    /// Told of every upgrade request, accepted or not: a refused one is answered 400, never passed on as HTTP.
    let attempted: @Sendable () -> Void
    let makeConnection: @Sendable (_ compress: Bool) -> PushConnection

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        attempted()
        let keys = upgradeRequest.headers["Sec-WebSocket-Key"], versions = upgradeRequest.headers["Sec-WebSocket-Version"]
        guard upgradeRequest.uri.split(separator: "?", maxSplits: 1).first.map(String.init) == PushChannel.path,
              keys.count == 1, let key = keys.first, versions == ["13"] else {
            return channel.eventLoop.makeFailedFuture(NIOWebSocketUpgradeError.invalidUpgradeHeader)
        }
        var headers = initialResponseHeaders
        headers.replaceOrAdd(name: "Upgrade", value: "websocket")
        headers.replaceOrAdd(name: "Connection", value: "upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: Data(Insecure.SHA1.hash(data: Data((key + Self.acceptGUID).utf8))).base64EncodedString())
        if let deflate = SharedDeflate.negotiate(upgradeRequest.headers) { headers.add(name: "Sec-WebSocket-Extensions", value: deflate) }
        return channel.eventLoop.makeSucceededFuture(headers)
    }

    func upgrade(channel: any Channel, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<UpgradeResult> {
        channel.eventLoop.makeCompletedFuture {
            let connection = makeConnection(SharedDeflate.negotiate(upgradeRequest.headers) != nil)
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: PushConnection.maxMessageSize)))
            try channel.pipeline.syncOperations.addHandler(connection)
            return .webSocket
        }
    }
}
