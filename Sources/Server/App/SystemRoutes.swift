import Foundation
import Hummingbird
import NIOCore
import Metrics
import Prometheus
import Storage
import Synchronization

/// Health, the OpenAPI document and Prometheus metrics.
struct SystemRoutes {
    let store: any TandemStore
    /// nil: `/metrics` answers loopback callers only.
    let metricsToken: String?
    static let metricsPath = "/metrics"

    func add(to router: Router<TandemContext>) {
        router.get("/health") { _, _ -> Response in
            _ = try await store.epoch()
            return try JSONBody.response(["status": "ok"])
        }
        router.get("/openapi.json") { _, _ -> Response in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
                throw APIError(.internalServerError, "the OpenAPI document is missing from this build")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get(RouterPath(Self.metricsPath)) { request, context -> Response in
            try MetricsAccess.check(request, remote: context.remoteAddress, token: metricsToken)
            var buffer: [UInt8] = []
            MetricsBootstrap.registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}

/// The metrics system can be bootstrapped once per process; tests start several servers in one.
enum MetricsBootstrap {
    static let registry = PrometheusCollectorRegistry()
    private static let done = Mutex(false)

    static func once() {
        done.withLock { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }
}

/// Who may read `/metrics`: with a token configured, whoever sends it as a bearer token; without one, callers on
/// this machine only (a scraper beside the server, or behind the same reverse proxy).
enum MetricsAccess {
    static func check(_ request: Request, remote: SocketAddress?, token: String?) throws {
        if let token {
            let sent = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) } ?? ""
            // Compared as hashes, so the time taken says nothing of how much of the token matched.
            guard Secrets.hash(sent) == Secrets.hash(token) else {
                throw APIError(.unauthorized, field: "Authorization", "metrics need `Authorization: Bearer` with the metrics token")
            }
        } else {
            guard let remote, isLoopback(remote) else {
                throw APIError(.forbidden, field: "path", "metrics are served to this machine only: set a metrics token to scrape from elsewhere")
            }
        }
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
