import Foundation
import Storage
import Testing
@testable import Server

/// The hot path's own framing and hashing against the general tools they stand in for.
@Suite struct PushMessageTests {
    @Test func anEventFrameIsTheJSONTheEncoderWouldWrite() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000.75)
        for type in ["notice.posted", "has \"quotes\" and \\ and \n", "名字"] {
            let event = StoredEvent(seq: 42, type: type, orgPath: "/d1/", person: nil, broadcast: true, payload: "{\"a\":1}", createdAt: at)
            let frame = try JSONSerialization.jsonObject(with: Data(PushMessage.eventText(event).utf8)) as? [String: Any]
            #expect(frame?["event"] as? String == type)
            #expect(frame?["seq"] as? Int == 42)
            #expect(frame?["at"] as? String == ISO8601DateFormatter().string(from: at))
            #expect((frame?["data"] as? [String: Any])?["a"] as? Int == 1)
        }
    }

    @Test func aSecretsHashIsItsSHA256InLowercaseHex() {
        // FIPS 180-2's examples.
        #expect(SecretHash.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SecretHash.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
