import Foundation
import Testing

/// The OpenAPI document is what the fuzzer and API clients trust: it must list exactly the routes the router
/// answers, no more and no fewer.
@Suite struct OpenAPIRouteTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Server/Resources/openapi.json")

    static func documentedRoutes() throws -> Set<String> {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: document)) as? [String: Any]
        let paths = json?["paths"] as? [String: [String: Any]] ?? [:]
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        return Set(paths.flatMap { path, operations in operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    @Test func theDocumentListsExactlyTheRouterRoutes() async throws {
        let served = try await LiveServer.with { server in Set(server.ready.routes) }
        let documented = try Self.documentedRoutes()
        #expect(served.count > 30)
        #expect(served.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(served).sorted() == [], "documented routes the router does not answer")
    }
}
