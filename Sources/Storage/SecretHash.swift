import Crypto
import Foundation

/// The stored form of a secret (session and calendar tokens, invitations): hex SHA-256 of its UTF-8 bytes.
public enum SecretHash {
    public static func sha256(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
