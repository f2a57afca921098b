import CompressNIO
import Foundation
import NIOCore
import NIOWebSocket
import Storage

/// One push socket, on its event loop: WebSocket messages (fragments, permessage-deflate, ping and pong, close),
/// the hello, flow control and delivery. Nothing here suspends: the hub's broadcasts are written straight from the
/// event loop, and a waiting connection costs no task. The steps that need the database (authentication, replay,
/// answering offers) run in `PushSessions` and come back here through a `Link`.
final class PushConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    /// Whole frames, encoded here: a broadcast's frame is built once and written as it is to every client.
    typealias OutboundOut = ByteBuffer

    /// The connection as other threads may hold it: every call hops to its event loop.
    struct Link: Sendable {
        let id: Int
        let eventLoop: any EventLoop
        let handler: NIOLoopBound<PushConnection>

        func run(_ body: @escaping @Sendable (PushConnection) -> Void) {
            eventLoop.execute { body(handler.value) }
        }

        /// Writes the frames now, whatever the phase, and returns once they are handed to the socket: the replay's
        /// back-pressure.
        func write(_ frames: [PushFrame]) async throws {
            try await eventLoop.flatSubmit { handler.value.write(frames, on: eventLoop) }.get()
        }

        func close(code: WebSocketErrorCode, reason: String) { run { $0.close(code: code, reason: reason) } }

        /// Closes the connection and completes once the socket is closed (what was queued for it written first).
        func closed(code: WebSocketErrorCode, reason: String) -> EventLoopFuture<Void> {
            eventLoop.flatSubmit {
                let connection = handler.value
                let socket = connection.context?.channel.closeFuture ?? eventLoop.makeSucceededVoidFuture()
                connection.close(code: code, reason: reason)
                return socket
            }
        }
    }

    private enum Phase { case awaitingHello, starting, live, closed }

    /// A message arriving in frames.
    private struct Incoming {
        let opcode: WebSocketOpcode
        var data: ByteBuffer
        let inflater: ZlibDecompressor?
    }

    static let maxMessageSize = 64 << 10
    static let closeTimeout = TimeAmount.seconds(5)
    /// Messages a client may send while its hello is being answered; they are handled once it is live.
    static let maxEarlyMessages = 64

    private let hub: PushHub
    private let sessions: PushSessions
    private let compress: Bool
    private let pingInterval: TimeAmount
    private var context: ChannelHandlerContext?
    private var link: Link?
    private var phase = Phase.awaitingHello
    private var user: UserAccount?
    private var incoming: Incoming?
    /// Live frames that arrive while the replay is still being written; they follow it.
    private var held: [PushFrame] = []
    private var early: [String] = []
    /// Frames written while the socket could take no more: past the queue limit the client is cut off.
    private var backlog = 0
    /// The channel's writability as last announced: kept here because asking the channel on every delivery of a
    /// broadcast costs more than the rest of this handler's part.
    private var writable = true
    private var heardSincePing = true
    private var pinger: RepeatedTask?
    private var helloDeadline: Scheduled<Void>?
    private var expiry: Scheduled<Void>?
    /// A socket must send its hello this soon after the upgrade, or it is closed: idle unauthenticated sockets
    /// cost a file each.
    private let helloTimeout: TimeAmount

    init(hub: PushHub, sessions: PushSessions, compress: Bool, pingInterval: TimeAmount, helloTimeout: TimeAmount) {
        self.helloTimeout = helloTimeout
        self.hub = hub
        self.sessions = sessions
        self.compress = compress
        self.pingInterval = pingInterval
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        link = hub.register { Link(id: $0, eventLoop: context.eventLoop, handler: bound) }
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { _ in
            bound.value.heartbeat()
        }
        helloDeadline = context.eventLoop.scheduleTask(in: helloTimeout) {
            bound.value.close(code: .policyViolation, reason: "no hello in time", drop: true)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed()
        self.context = nil  // the context holds this handler: keeping it would keep the whole channel alive
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed()
        context.fireChannelInactive()
    }

    /// The client closed its side. Hummingbird allows half-closed connections for HTTP, so the socket stays open
    /// until it is closed here; a push socket has nothing left to say to a client that stopped listening.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return context.fireUserInboundEventTriggered(event) }
        closed()
        context.close(promise: nil)
    }

    private func closed() {
        phase = .closed
        pinger?.cancel()
        pinger = nil
        helloDeadline?.cancel()
        helloDeadline = nil
        expiry?.cancel()
        expiry = nil
        if let link { hub.unregister(link.id) }
        link = nil
        held = []
        early = []
        incoming = nil
    }

    /// The frame decoder's errors (a frame over the size limit, a malformed control frame) end the connection with
    /// the matching close code.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error as? NIOWebSocketError {
        case .invalidFrameLength: close(code: .messageTooLarge, reason: "frames are limited to \(Self.maxMessageSize) bytes")
        case .fragmentedControlFrame, .multiByteControlFrameLength: close(code: .protocolError, reason: "malformed control frame")
        case nil: context.close(promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if writable { backlog = 0 }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        heardSincePing = true
        guard phase != .closed else { return }
        // RFC 6455 5.1: a client masks every frame.
        guard frame.maskKey != nil else { return close(code: .protocolError, reason: "client frames must be masked") }
        switch frame.opcode {
        case .connectionClose:
            let code = frame.unmaskedData.peekWebSocketErrorCode() ?? .normalClosure
            close(code: code, reason: "")
        case .ping:
            send(PushFrame.wire(opcode: .pong, payload: frame.unmaskedData), flush: true)
        case .pong:
            break
        case .text, .binary:
            guard incoming == nil else { return close(code: .protocolError, reason: "a new message began inside another") }
            if frame.rsv1 && !compress { return close(code: .protocolError, reason: "compressed frame without permessage-deflate") }
            do {
                incoming = Incoming(opcode: frame.opcode, data: context.channel.allocator.buffer(capacity: 0),
                                    inflater: frame.rsv1 ? try hub.deflate.inflater() : nil)
            } catch {
                return close(code: .unexpectedServerError, reason: "could not start a decompressor")
            }
            append(frame)
        case .continuation:
            guard incoming != nil else { return close(code: .protocolError, reason: "continuation without a message") }
            append(frame)
        default:
            close(code: .protocolError, reason: "unknown opcode")
        }
    }

    private func append(_ frame: WebSocketFrame) {
        guard var message = incoming else { return }
        incoming = nil  // one reference while it grows, so the buffer is not copied
        do {
            var data = frame.unmaskedData
            if let inflater = message.inflater { data = try hub.deflate.inflate(data, last: frame.fin, with: inflater) }
            message.data.writeBuffer(&data)
        } catch {
            return close(code: .messageTooLarge, reason: "the message does not inflate within \(Self.maxMessageSize) bytes")
        }
        guard message.data.readableBytes <= Self.maxMessageSize else {
            return close(code: .messageTooLarge, reason: "messages are limited to \(Self.maxMessageSize) bytes")
        }
        guard frame.fin else { incoming = message; return }
        guard message.opcode == .text else { return }  // binary messages mean nothing here
        guard let text = String(validating: message.data.readableBytesView, as: UTF8.self) else {
            return close(code: .dataInconsistentWithMessage, reason: "text is not UTF-8")
        }
        received(text)
    }

    private func received(_ text: String) {
        switch phase {
        case .awaitingHello:
            guard let link, let hello = try? JSONDecoder().decode(PushMessage.Inbound.self, from: Data(text.utf8)),
                  hello.type == "hello", let token = hello.token else {
                problem(field: "type", reason: "the first message must be {\"type\":\"hello\",\"token\":…}")
                return close(code: .policyViolation, reason: "hello expected")
            }
            phase = .starting
            helloDeadline?.cancel()  // the answer is the database's: a slow one is not the client's fault
            let sessions = sessions
            Task { await sessions.start(hello, token: token, link: link) }
        case .starting:
            guard early.count < Self.maxEarlyMessages else { return close(code: .policyViolation, reason: "too many messages before welcome") }
            early.append(text)
        case .live:
            if let user, let link { sessions.handle(text, user: user, link: link) }
        case .closed:
            break
        }
    }

    // MARK: Writing

    /// A frame from the hub: held while the replay runs, written when live.
    func deliver(_ frame: PushFrame, flush: Bool) {
        switch phase {
        case .starting:
            held.append(frame)
            if held.count > hub.queueLimit { cutOff() }
        case .live:
            send(frame, flush: flush)
        case .awaitingHello, .closed:
            break
        }
    }

    func write(_ frames: [PushFrame], on loop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, phase != .closed, let last = frames.indices.last else { return loop.makeSucceededVoidFuture() }
        for frame in frames.dropLast() { send(frame, flush: false) }
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(bytes(frames[last])), promise: promise)
        return promise.futureResult
    }

    /// The hello is answered and the replay written: the held frames follow, then the early messages are handled.
    /// The socket closes when its session expires (a logout closes it through the hub).
    func goLive(_ user: UserAccount, sessionEndsIn remaining: TimeInterval) {
        guard phase == .starting else { return }
        phase = .live
        self.user = user
        context?.triggerUserOutboundEvent(ConnectionGuard.Authenticated(), promise: nil)
        if let context {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let nanoseconds = Int64(max(0, min(remaining, 400 * 86400)) * 1e9)
            expiry = context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                bound.value.close(code: SessionEvents.closeCode, reason: "session expired: sign in again")
            }
        }
        let frames = held, messages = early
        held = []
        early = []
        for frame in frames { send(frame, flush: false) }
        context?.flush()
        for text in messages { received(text) }
    }

    func send(text: String) { send(hub.deflate.frame(text), flush: true) }

    func problem(field: String?, reason: String) {
        send(text: PushMessage.json(PushMessage.Problem(field: field, reason: reason)))
    }

    private func send(_ frame: PushFrame, flush: Bool) { send(bytes(frame), flush: flush) }

    private func send(_ frame: ByteBuffer, flush: Bool) {
        guard let context, phase != .closed else { return }
        if !writable {
            backlog += 1
            if backlog > hub.queueLimit { return cutOff() }
        }
        if flush {
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        } else {
            context.write(wrapOutboundOut(frame), promise: nil)
        }
    }

    private func bytes(_ frame: PushFrame) -> ByteBuffer {
        compress ? frame.deflated ?? frame.plain : frame.plain
    }

    /// A client that cannot keep up is cut off, never waited for; it resumes from the log when it returns.
    private func cutOff() {
        hub.countCutOff()
        close(code: .init(codeNumber: 4008), reason: "too slow: reconnect and resume", drop: true)
    }

    /// Sends a close frame and closes the socket once it is written (RFC 6455 lets the server close first), or after
    /// `closeTimeout` if it cannot be. With `drop`, the socket closes at once and what the client has not read is
    /// dropped: a socket that does not drain would otherwise hold its backlog forever.
    func close(code: WebSocketErrorCode, reason: String, drop: Bool = false) {
        guard let context, phase != .closed else { return }
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        closed()
        let frame = wrapOutboundOut(PushFrame.wire(opcode: .connectionClose, payload: data))
        if drop {
            context.writeAndFlush(frame, promise: nil)
            context.close(promise: nil)
        } else {
            let loopContext = context.loopBound
            context.writeAndFlush(frame).whenComplete { _ in loopContext.value.close(promise: nil) }
            // Closing twice is harmless; a close frame stuck behind a full socket must not keep it open.
            let channel = context.channel
            context.eventLoop.scheduleTask(in: Self.closeTimeout) { channel.close(promise: nil) }
        }
    }

    /// Every ping interval (30 s by default): a connection that sent nothing since the last ping is gone; otherwise it
    /// is pinged again.
    private func heartbeat() {
        guard heardSincePing else { return close(code: .goingAway, reason: "no answer to ping", drop: true) }
        heardSincePing = false
        send(PushFrame.wire(opcode: .ping, payload: ByteBuffer()), flush: true)
    }
}
