import Metrics
import NIOCore
import Synchronization

/// How many connections that have not signed in may be open, per client address and in all. Every open socket is
/// a file, and a process has 20,000: without a cap, one client holding idle sockets stops the server answering
/// anyone. Signed-in push sockets do not count.
final class ConnectionLimits: Sendable {
    let perAddress: Int
    let total: Int
    /// Time from accepting a socket to the end of its first request's headers (the TLS handshake included).
    let firstRequest: TimeAmount
    private let open = Mutex<(byAddress: [String: Int], total: Int)>(([:], 0))
    private let refused = Counter(label: "tandem_connections_refused_total")

    init(perAddress: Int, total: Int, firstRequest: TimeAmount) {
        self.perAddress = perAddress
        self.total = total
        self.firstRequest = firstRequest
    }

    /// Counts a new socket in, or says no when its address or the server is at its cap.
    func admit(_ address: String) -> Bool {
        let admitted = open.withLock { open in
            guard open.total < total, open.byAddress[address, default: 0] < perAddress else { return false }
            open.byAddress[address, default: 0] += 1
            open.total += 1
            return true
        }
        if !admitted { refused.increment() }
        return admitted
    }

    func release(_ address: String) {
        open.withLock { open in
            guard let count = open.byAddress[address] else { return }
            open.byAddress[address] = count > 1 ? count - 1 : nil
            open.total -= 1
        }
    }
}

/// The first handler after TLS on every connection: counts it against `ConnectionLimits`, closes it when its first
/// request's headers have not arrived in time (a TLS or HTTP handshake that never finishes), and steps aside once
/// a push socket signs in (`Authenticated`). HTTP connections that have spoken are then closed by their idle
/// timeout, push sockets without a hello by `PushConnection.helloTimeout`.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent down the pipeline by a push socket whose hello was accepted.
    struct Authenticated: Sendable {}

    private let limits: ConnectionLimits
    private var address: String?
    private var deadline: Scheduled<Void>?
    /// How much of `\r\n\r\n` the bytes read so far end with.
    private var matched = 0
    private var headersSeen = false

    init(limits: ConnectionLimits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    private func admit(context: ChannelHandlerContext) {
        guard address == nil, deadline == nil else { return }
        let key = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard limits.admit(key) else {
            context.close(promise: nil)
            return
        }
        address = key
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: limits.firstRequest) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !headersSeen {
            let bytes = unwrapInboundIn(data)
            let end: [UInt8] = [13, 10, 13, 10]
            for byte in bytes.readableBytesView {
                matched = byte == end[matched] ? matched + 1 : (byte == 13 ? 1 : 0)
                if matched == 4 {
                    headersSeen = true
                    deadline?.cancel()
                    deadline = nil
                    break
                }
            }
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Authenticated else { return context.triggerUserOutboundEvent(event, promise: promise) }
        release()
        promise?.succeed()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func release() {
        deadline?.cancel()
        deadline = nil
        if let address { limits.release(address) }
        address = nil
    }
}
