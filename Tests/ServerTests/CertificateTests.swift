import Foundation
import Testing

@Suite(.serialized) struct CertificateTests {
    @Test func theDevelopmentCertificateIsMadeOnceAndServedOverVerifiedTLS() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-cert-\(UUID().uuidString)").path
        let first = try await LiveServer.with(dataDirectory: folder) { server in
            let (status, _) = try await server.request(.get, "/health")
            #expect(status == .ok)
            return server.ready
        }
        let second = try await LiveServer.with(dataDirectory: folder) { server in server.ready }
        #expect(first.certificateCreated)
        #expect(!second.certificateCreated)
        #expect(first.certificateFingerprint == second.certificateFingerprint)
        #expect(first.certificateFingerprint?.count == 95, "SHA-256 as 32 colon-separated hex pairs")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/tls-key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
