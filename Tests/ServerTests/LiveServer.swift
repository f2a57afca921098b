import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOSSL
import Server
import ServiceLifecycle

/// A real `tandem serve` in this process: TLS with its generated certificate, a SQLite file in a temporary folder,
/// a free port. Clients trust exactly that certificate.
struct LiveServer: Sendable {
    let port: Int
    let dataDirectory: String
    let ready: TandemServer.Ready
    let tls: TLSConfiguration
    static let adminPassword = "test-admin-password"

    static var quietLogger: Logger {
        var logger = Logger(label: "tandem-test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` against a started server, then shuts it down gracefully.
    static func with<T: Sendable>(dataDirectory: String? = nil, clock: any TandemClock = SystemClock(),
                                  configure: (inout ServerConfiguration) -> Void = { _ in },
                                  _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        let folder = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("tandem-live-\(UUID().uuidString)").path
        setenv("TANDEM_ADMIN_PASSWORD", adminPassword, 1)
        var configuration = ServerConfiguration(port: 0, dataDirectory: folder, expirySweepSeconds: 3600, clock: clock)
        configure(&configuration)
        let (readyStream, readyContinuation) = AsyncStream<TandemServer.Ready>.makeStream()
        let app = try await TandemServer.buildApplication(configuration, logger: quietLogger) { ready in
            readyContinuation.yield(ready)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quietLogger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = readyStream.makeAsyncIterator()
            guard let ready = await iterator.next() else { throw CancellationError() }
            let pem = try String(contentsOfFile: folder + "/tls-cert.pem", encoding: .utf8)
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)])
            let server = LiveServer(port: ready.port, dataDirectory: folder, ready: ready, tls: tls)
            do {
                let result = try await body(server)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    func client() -> TestClient {
        let client = TestClient(host: "localhost", port: port, configuration: .init(tlsConfiguration: tls, serverName: "localhost"))
        client.connect()
        return client
    }

    /// One HTTPS request with a JSON body; returns the status and the decoded JSON.
    func request(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, token: String? = nil) async throws -> (HTTPResponse.Status, Any?) {
        let client = client()
        defer { Task { try? await client.shutdown() } }
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        let response = try await client.execute(.init(path, method: method, headers: headers, body: body))
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        return (response.status, data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }

    func login(_ username: String = "admin", _ password: String = LiveServer.adminPassword) async throws -> String {
        let (_, body) = try await request(.post, "/api/login", json: ["username": username, "password": password])
        guard let token = (body as? [String: Any])?["token"] as? String else { throw LiveServerError("login failed: \(String(describing: body))") }
        return token
    }
}

struct LiveServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
