import Foundation
import Hummingbird
import Metrics
import Prometheus
import Storage
import Synchronization

/// Health, the OpenAPI document and Prometheus metrics.
struct SystemRoutes {
    let store: any TandemStore

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
        router.get("/metrics") { _, _ -> Response in
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
