import NIOCore
import NIOHTTP1
import Testing
@testable import Server

/// permessage-deflate negotiation (RFC 7692 5) and the frames a broadcast is built into.
@Suite struct SharedDeflateTests {
    private func answer(_ offers: String...) -> String? {
        SharedDeflate.negotiate(HTTPHeaders(offers.map { ("Sec-WebSocket-Extensions", $0) }))
    }

    @Test func anOfferIsAnsweredWithoutContextOnEitherSide() {
        #expect(answer("permessage-deflate; client_max_window_bits")
            == "permessage-deflate;server_no_context_takeover;client_no_context_takeover")
        #expect(answer("permessage-deflate; server_max_window_bits=10")?.hasSuffix(";server_max_window_bits=10") == true)
        #expect(answer("x-webkit-deflate-frame") == nil)
        #expect(answer() == nil)
    }

    @Test func anOfferWeCannotMeetIsDeclinedAndTheNextOneTaken() {
        // Below our 9-bit window, not a number, an unknown parameter, an empty or nameless parameter.
        #expect(answer("permessage-deflate; server_max_window_bits=8") == nil)
        #expect(answer("permessage-deflate; server_max_window_bits=abc") == nil)
        #expect(answer("permessage-deflate; x=1") == nil)
        #expect(answer("permessage-deflate; ; =") == nil)
        #expect(answer("permessage-deflate; x=1, permessage-deflate; server_max_window_bits=12")?
            .hasSuffix(";server_max_window_bits=12") == true)
        #expect(answer("permessage-deflate; x=1", "permessage-deflate") != nil)
    }

    @Test func aShortMessageGoesOutPlain() throws {
        let frame = try SharedDeflate(maxInflatedSize: 1 << 16).frame("{\"type\":\"pong\"}")
        #expect(frame.deflated == nil)
        #expect(Array(frame.plain.readableBytesView.prefix(2)) == [0x81, 15])  // FIN + text, 15 bytes, unmasked
    }

    @Test func aLongMessageIsCompressedOnceAndInflatesBack() throws {
        let deflate = try SharedDeflate(maxInflatedSize: 1 << 16)
        let text = "{\"type\":\"event\",\"data\":\"" + String(repeating: "志愿者送餐 ", count: 40) + "\"}"
        let first = deflate.frame(text), second = deflate.frame(text)
        let wire = try #require(first.deflated)
        #expect(wire.getInteger(at: 0, as: UInt8.self) == 0xC1)  // FIN + RSV1 + text
        #expect(wire == second.deflated, "no context is kept: the same message compresses to the same bytes")
        var payload = wire
        let length = Int(payload.getInteger(at: 1, as: UInt8.self)! & 0x7F)
        payload.moveReaderIndex(forwardBy: length == 126 ? 4 : 2)
        #expect(length < 126 || Int(wire.getInteger(at: 2, as: UInt16.self)!) == payload.readableBytes)
        let inflated = try deflate.inflate(payload, last: true, with: deflate.inflater())
        #expect(String(buffer: inflated) == text)
        #expect(payload.readableBytes < text.utf8.count / 4)
    }

    @Test func frameLengthsUseTheThreeEncodings() {
        let sizes = [(125, 2), (126, 4), (65_535, 4), (65_536, 10)]
        for (size, header) in sizes {
            let wire = PushFrame.wire(opcode: .binary, payload: ByteBuffer(repeating: 7, count: size))
            #expect(wire.readableBytes == size + header, "payload of \(size) bytes")
        }
        let long = PushFrame.wire(opcode: .text, payload: ByteBuffer(repeating: 0, count: 65_536))
        #expect(long.getInteger(at: 1, as: UInt8.self) == 127)
        #expect(long.getInteger(at: 2, as: UInt64.self) == 65_536)
    }
}
