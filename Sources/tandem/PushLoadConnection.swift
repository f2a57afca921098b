import CompressNIO
import Foundation
import NIOCore

/// What one load process has seen; confined to its single event loop, so it needs no lock.
final class LoadTally {
    var opened = 0
    var failed = 0
    var latencies: [Double] = []
    var firstError: String?
    /// One decompressor for every connection: the server keeps no context between messages, so it is reset per
    /// message instead of kept per connection.
    let inflater: ZlibDecompressor

    init() throws {
        inflater = try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
    }

    var settled: Int { opened + failed }

    /// A connection that never got its welcome; the first reason is kept for the report.
    func fail(_ reason: String) {
        failed += 1
        if firstError == nil { firstError = reason }
    }
}

/// One wss client of the push benchmark, written against the protocol directly (RFC 6455 and 7692) so that the
/// load side costs little next to the server it measures: the upgrade request, the hello, then every frame read
/// in place; a notice's latency is its arrival time minus the send time it carries as its text.
final class PushLoadConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase { case upgrading, awaitingWelcome, live, done }

    private let tally: LoadTally
    private let token: String
    private let deflate: Bool
    private let broadcasts: Int
    private let onSettled: () -> Void
    private var phase = Phase.upgrading
    private var buffer = ByteBuffer()
    private var seen = 0
    private static let textKey = Array("\"text\":\"".utf8)
    private static let headEnd = Array("\r\n\r\n".utf8)

    /// Where `needle` starts within the readable bytes: memchr for its first byte, memcmp for the rest (the generic
    /// collection search costs more than all the rest of a message's handling).
    static func find(_ needle: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { haystack in
            needle.withUnsafeBytes { needle in
                guard let base = haystack.baseAddress, let pattern = needle.baseAddress, let first = needle.first else { return nil }
                var offset = 0
                while offset + needle.count <= haystack.count,
                      let hit = memchr(base + offset, Int32(first), haystack.count - offset - needle.count + 1) {
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pattern, needle.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    init(tally: LoadTally, token: String, deflate: Bool, broadcasts: Int, onSettled: @escaping () -> Void) {
        self.tally = tally
        self.token = token
        self.deflate = deflate
        self.broadcasts = broadcasts
        self.onSettled = onSettled
    }

    func channelActive(context: ChannelHandlerContext) {
        let offer = deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : ""
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request = "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\(offer)\r\n"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail("closed by the server")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("\(error)")
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer.writeBuffer(&bytes)
        if phase == .upgrading {
            guard let end = Self.find(Self.headEnd, in: buffer) else { return }
            let head = buffer.readString(length: end + Self.headEnd.count) ?? ""
            guard head.hasPrefix("HTTP/1.1 101") else {
                fail("upgrade refused: \(head.prefix(40))")
                return context.close(promise: nil)
            }
            phase = .awaitingWelcome
            sendFrame(context: context, opcode: 0x1, payload: ByteBuffer(string: "{\"type\":\"hello\",\"token\":\"\(token)\"}"))
        }
        while let (opcode, compressed, payload) = nextFrame() {
            handle(context: context, opcode: opcode, compressed: compressed, payload: payload)
        }
        buffer.discardReadBytes()
    }

    /// The next whole frame from the server (unmasked, RFC 6455 5.2), or nil until it has arrived.
    private func nextFrame() -> (opcode: UInt8, compressed: Bool, payload: ByteBuffer)? {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
        var headerSize = 2, length = Int(second & 0x7F)
        if length == 126 {
            guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self) else { return nil }
            headerSize = 4; length = Int(extended)
        } else if length == 127 {
            guard let extended = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt64.self) else { return nil }
            headerSize = 10; length = Int(extended)
        }
        guard buffer.readableBytes >= headerSize + length else { return nil }
        buffer.moveReaderIndex(forwardBy: headerSize)
        guard let payload = buffer.readSlice(length: length) else { return nil }
        return (first & 0x0F, first & 0x40 != 0, payload)
    }

    private func handle(context: ChannelHandlerContext, opcode: UInt8, compressed: Bool, payload: ByteBuffer) {
        switch opcode {
        case 0x1:
            var text = payload
            if compressed {
                do {
                    try tally.inflater.reset()
                    text.writeBytes([0, 0, 255, 255])
                    text = try text.decompressStream(with: tally.inflater, maxSize: 1 << 16)
                } catch {
                    fail("inflate: \(error)")
                    return context.close(promise: nil)
                }
            }
            received(context: context, text)
        case 0x8:
            fail("closed by the server")
            context.close(promise: nil)
        case 0x9:
            sendFrame(context: context, opcode: 0xA, payload: payload)
        default:
            break
        }
    }

    private func received(context: ChannelHandlerContext, _ text: ByteBuffer) {
        if phase == .awaitingWelcome {
            phase = .live
            tally.opened += 1
            return onSettled()
        }
        // A notice's text is the time it was posted (seconds since 1970 on this machine's clock).
        guard phase == .live, let key = Self.find(Self.textKey, in: text) else { return }
        var value = text
        value.moveReaderIndex(forwardBy: key + Self.textKey.count)
        guard let length = Self.find([UInt8(ascii: "\"")], in: value),
              let sent = value.readString(length: length).flatMap(Double.init) else { return }
        tally.latencies.append(Date().timeIntervalSince1970 - sent)
        seen += 1
        if seen >= broadcasts {
            phase = .done
            context.close(promise: nil)
        }
    }

    /// A client frame: final, masked (RFC 6455 5.3).
    private func sendFrame(context: ChannelHandlerContext, opcode: UInt8, payload: ByteBuffer) {
        var frame = context.channel.allocator.buffer(capacity: payload.readableBytes + 14)
        frame.writeInteger(0x80 | opcode)
        if payload.readableBytes < 126 {
            frame.writeInteger(0x80 | UInt8(payload.readableBytes))
        } else {
            frame.writeInteger(UInt8(0x80 | 126))
            frame.writeInteger(UInt16(payload.readableBytes))
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame.writeBytes(mask)
        for (i, byte) in payload.readableBytesView.enumerated() { frame.writeInteger(byte ^ mask[i % 4]) }
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// A connection that ends before its welcome counts as failed; after it, ending changes nothing.
    private func fail(_ reason: String) {
        guard phase == .upgrading || phase == .awaitingWelcome else { return }
        phase = .done
        tally.fail(reason)
        onSettled()
    }
}
