import Crypto
import Foundation
import Storage

/// Random tokens and their stored form. Tokens are shown once and kept only as SHA-256 hashes, so a copy of the
/// database lets nobody log in.
enum Secrets {
    /// 32 random bytes, base64url without padding.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String { SecretHash.sha256(token) }

    static func identifier() -> String { UUID().uuidString.lowercased() }
}
