import CompressNIO
import Foundation
import NIOCore
import NIOHTTP1
import NIOWebSocket
import Synchronization

/// A push message ready to go out, as whole WebSocket frames: its text, and the same compressed when it is long
/// enough to be worth it. Server frames are not masked, so a broadcast builds these bytes once and every
/// connection writes the same buffers.
struct PushFrame: Sendable {
    let plain: ByteBuffer
    let deflated: ByteBuffer?

    /// The same bytes in storage of their own.
    func copied() -> PushFrame {
        func copy(_ buffer: ByteBuffer) -> ByteBuffer {
            var fresh = ByteBuffer()
            fresh.writeImmutableBuffer(buffer)
            return fresh
        }
        return PushFrame(plain: copy(plain), deflated: deflated.map(copy))
    }

    /// A final, unmasked frame (RFC 6455 5.2); `compressed` sets RSV1 (RFC 7692 6).
    static func wire(opcode: WebSocketOpcode, compressed: Bool = false, payload: ByteBuffer) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.reserveCapacity(payload.readableBytes + 10)
        frame.writeInteger(UInt8(0x80 | (compressed ? 0x40 : 0)) | UInt8(webSocketOpcode: opcode))
        switch payload.readableBytes {
        case ..<126: frame.writeInteger(UInt8(payload.readableBytes))
        case ...0xFFFF: frame.writeInteger(UInt8(126)); frame.writeInteger(UInt16(payload.readableBytes))
        default: frame.writeInteger(UInt8(127)); frame.writeInteger(UInt64(payload.readableBytes))
        }
        var payload = payload
        frame.writeBuffer(&payload)
        return frame
    }
}

/// permessage-deflate (RFC 7692) for the push socket, shaped for broadcasts: the server keeps no compression
/// context (`server_no_context_takeover`), so a message compresses to the same bytes for every client and is
/// compressed once for all of them. A connection holds no zlib state between messages; a compressed message from
/// the client (`client_no_context_takeover` is asked for) gets a decompressor only while it arrives.
final class SharedDeflate: Sendable {
    static let windowBits = 9
    /// Messages shorter than this are sent as they are: deflate would save a few bytes at best.
    static let minimumSize = 128
    /// Recent messages kept compressed: replays after a restart send the same events to many clients.
    static let cacheSize = 16
    let maxInflatedSize: Int

    private struct State {
        var compressor: ZlibCompressor
        var recent: [(plain: ByteBuffer, compressed: ByteBuffer)] = []
        var next = 0
    }
    private let state: Mutex<State>

    init(maxInflatedSize: Int) throws {
        self.maxInflatedSize = maxInflatedSize
        // Push messages are small JSON objects: a 512-byte window loses almost nothing against 32 KB on them.
        let compressor = try ZlibCompressor(algorithm: .deflate, configuration: .init(
            windowSize: Int32(Self.windowBits), compressionLevel: 6, memoryLevel: 8))
        state = Mutex(State(compressor: compressor))
    }

    /// The `Sec-WebSocket-Extensions` answer to the client's offers, or nil when it offered no acceptable
    /// permessage-deflate (RFC 7692 5: an offer with a parameter we do not know is declined, the next one tried).
    static func negotiate(_ request: HTTPHeaders) -> String? {
        for offer in request[canonicalForm: "sec-websocket-extensions"] {
            let parts = offer.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first == "permessage-deflate" else { continue }
            var acceptable = true
            var serverBits: Int?
            for parameter in parts.dropFirst() where !parameter.isEmpty {
                let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                let value = pair.count == 2 ? pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : nil
                switch pair[0] {
                case "server_no_context_takeover", "client_no_context_takeover", "client_max_window_bits": break
                case "server_max_window_bits":
                    // Our window is 9 bits, the smallest zlib makes, so any limit the client names is met.
                    guard let bits = value.flatMap(Int.init), (windowBits...15).contains(bits) else { acceptable = false; break }
                    serverBits = bits
                default: acceptable = false
                }
            }
            guard acceptable else { continue }
            return "permessage-deflate;server_no_context_takeover;client_no_context_takeover"
                + (serverBits.map { ";server_max_window_bits=\($0)" } ?? "")
        }
        return nil
    }

    func frame(_ text: String) -> PushFrame {
        let plain = ByteBuffer(string: text)
        let wire = PushFrame.wire(opcode: .text, payload: plain)
        // A message that cannot be compressed still goes out, plain.
        guard plain.readableBytes >= Self.minimumSize, let deflated = try? compressed(plain) else { return PushFrame(plain: wire, deflated: nil) }
        return PushFrame(plain: wire, deflated: PushFrame.wire(opcode: .text, compressed: true, payload: deflated))
    }

    /// The message compressed without context, the trailing 00 00 ff ff removed (RFC 7692 7.2.1).
    private func compressed(_ plain: ByteBuffer) throws -> ByteBuffer {
        try state.withLock { state in
            if let hit = state.recent.first(where: { $0.plain == plain }) { return hit.compressed }
            var input = plain
            var output = try input.compressStream(with: state.compressor, flush: .sync, allocator: ByteBufferAllocator())
            try state.compressor.reset()
            output = output.getSlice(at: output.readerIndex, length: output.readableBytes - 4) ?? output
            if state.recent.count < Self.cacheSize {
                state.recent.append((plain, output))
            } else {
                state.recent[state.next] = (plain, output)
                state.next = (state.next + 1) % Self.cacheSize
            }
            return output
        }
    }

    /// A decompressor for one incoming message (the client keeps no context between messages either).
    func inflater() throws -> ZlibDecompressor {
        try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
    }

    /// Inflates one frame of a compressed message; the last frame gets the tail RFC 7692 has the sender drop.
    func inflate(_ data: ByteBuffer, last: Bool, with inflater: ZlibDecompressor) throws -> ByteBuffer {
        var data = data
        if last { data.writeBytes([0, 0, 255, 255]) }
        return try data.decompressStream(with: inflater, maxSize: maxInflatedSize, allocator: ByteBufferAllocator())
    }
}
