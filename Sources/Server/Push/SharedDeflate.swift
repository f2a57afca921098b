import CompressNIO
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// permessage-deflate (RFC 7692) for the push socket, shaped for broadcasts: the server keeps no compression
/// context (`server_no_context_takeover`), so a message compresses to the same bytes for every client, and it is
/// compressed once and served from a small cache to all of them. A connection holds no zlib state between
/// messages; a compressed message from the client (`client_no_context_takeover` is asked for) gets a decompressor
/// only while it arrives. The stock extension keeps two zlib streams per connection and compresses every copy of a
/// broadcast again.
struct SharedDeflateBuilder: WebSocketExtensionBuilder {
    static let name = "permessage-deflate"
    let shared: SharedDeflate

    func clientRequestHeader() -> String { "" }

    func serverReponseHeader(to request: WebSocketExtensionHTTPParameters) -> String? {
        guard acceptable(request) else { return nil }
        var header = "permessage-deflate;server_no_context_takeover;client_no_context_takeover"
        // The server's window is 9 bits, the smallest zlib makes, so any limit the client names is met.
        if let bits = request.parameters["server_max_window_bits"]?.integer { header += ";server_max_window_bits=\(bits)" }
        return header
    }

    func serverExtension(from request: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
        acceptable(request) ? SharedDeflateExtension(shared: shared) : nil
    }

    /// This builder serves the server side only; clients use the stock extension.
    func clientExtension(from response: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? { nil }

    private func acceptable(_ request: WebSocketExtensionHTTPParameters) -> Bool {
        guard let limit = request.parameters["server_max_window_bits"] else { return true }
        guard let bits = limit.integer else { return false }
        return (SharedDeflate.windowBits...15).contains(bits)
    }
}

/// The compressor and the cache of recently compressed messages, shared by every connection.
final class SharedDeflate: Sendable {
    static let windowBits = 9
    /// Messages shorter than this are sent as they are: deflate would save a few bytes at best.
    static let minimumSize = 128
    /// Recent messages kept compressed: a broadcast is written to every client within moments.
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

    var factory: WebSocketExtensionFactory {
        WebSocketExtensionFactory { [self] in SharedDeflateBuilder(shared: self) }
    }

    /// The message compressed without context, the trailing 00 00 ff ff removed (RFC 7692 7.2.1).
    func compressed(_ plain: ByteBuffer) throws -> ByteBuffer {
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
}

/// One connection's side: whole text or binary messages above the minimum size go out compressed; a compressed
/// message coming in is inflated frame by frame with a decompressor that lives for that message only.
final class SharedDeflateExtension: WebSocketExtension {
    let name = "permessage-deflate"
    let shared: SharedDeflate
    private let inbound = Mutex<ZlibDecompressor?>(nil)

    init(shared: SharedDeflate) { self.shared = shared }

    var reservedBits: WebSocketFrame.ReservedBits { .rsv1 }

    func shutdown() async { inbound.withLock { $0 = nil } }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        // A message split over frames goes out uncompressed: compression is per message and optional.
        guard frame.fin, frame.opcode == .text || frame.opcode == .binary,
              frame.data.readableBytes >= SharedDeflate.minimumSize else { return frame }
        var out = frame
        out.data = try shared.compressed(frame.data)
        out.rsv1 = true
        return out
    }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        // Control frames (ping, pong, close) may arrive between the frames of a message and are never compressed.
        guard frame.opcode == .text || frame.opcode == .binary || frame.opcode == .continuation else { return frame }
        return try inbound.withLock { decompressor in
            if decompressor == nil {
                // Only the first frame of a message says whether it is compressed.
                guard frame.rsv1, frame.opcode == .text || frame.opcode == .binary else { return frame }
                decompressor = try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
            }
            guard let inflater = decompressor else { return frame }
            var data = frame.unmaskedData
            if frame.fin { data.writeBytes([0, 0, 255, 255]) }
            var out = frame
            out.data = try data.decompressStream(with: inflater, maxSize: shared.maxInflatedSize, allocator: ByteBufferAllocator())
            out.maskKey = nil
            out.rsv1 = false
            if frame.fin { decompressor = nil }
            return out
        }
    }
}
