import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed certificate for localhost, made in-process on first start when no certificate is configured.
public struct DevelopmentCertificate {
    public let certificatePath: String
    public let keyPath: String
    /// SHA-256 of the certificate's DER bytes, as colon-separated hex (what browsers show).
    public let fingerprint: String

    /// Loads the pair from `directory`, creating it there when missing.
    public static func loadOrCreate(in directory: String, now: Date) throws -> (DevelopmentCertificate, created: Bool) {
        let certificatePath = (directory as NSString).appendingPathComponent("tls-cert.pem")
        let keyPath = (directory as NSString).appendingPathComponent("tls-key.pem")
        let files = FileManager.default
        var created = false
        if !files.fileExists(atPath: certificatePath) || !files.fileExists(atPath: keyPath) {
            try create(certificatePath: certificatePath, keyPath: keyPath, now: now)
            created = true
        }
        let pem = try String(contentsOfFile: certificatePath, encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)
        return (DevelopmentCertificate(certificatePath: certificatePath, keyPath: keyPath,
                                       fingerprint: try fingerprint(of: certificate)), created)
    }

    static func fingerprint(of certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return SHA256.hash(data: serializer.serializedBytes).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    private static func create(certificatePath: String, keyPath: String, now: Date) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Tandem")
            CommonName("localhost")
        }
        let extensions = try Certificate.Extensions {
            // Marked as its own authority (as `openssl req -x509` does), so clients can trust this one file as a
            // root: BoringSSL refuses a self-signed trust anchor that may not sign certificates.
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                                     .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1])))])
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(825 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(key))
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)
        // The key is a secret: owner-only.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
    }
}
