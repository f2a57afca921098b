import Crypto
import Foundation

/// The stored form of a secret (session and calendar tokens, invitations): hex SHA-256 of its UTF-8 bytes.
public enum SecretHash {
    public static func sha256(_ secret: String) -> String {
        // Every authenticated request hashes its token: hex by table, not by a format string per byte.
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
