import Foundation
import Logging
import PostgresNIO
import Storage
import Testing

/// The databases every store test runs on: SQLite always, PostgreSQL when `TANDEM_TEST_POSTGRES` names a server
/// (`scripts/test` starts one and sets it). Each test gets a database of its own: a new SQLite file, or a new
/// PostgreSQL database dropped afterwards.
enum TestDatabase: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The server's URL (any database on it: tests make their own).
    static let postgresURL = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    /// Set by `scripts/test`: PostgreSQL must be there, so a missing server fails instead of quietly halving the suite.
    static let postgresRequired = ProcessInfo.processInfo.environment["TANDEM_REQUIRE_POSTGRES"] == "1"

    static var all: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty database of this kind: where it is (a file path or a URL) and how to remove it.
    func make() async throws -> (location: String, remove: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-store-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return (folder + "/tandem.sqlite", { try? FileManager.default.removeItem(atPath: folder) })
        case .postgres:
            guard let server = Self.postgresURL else { throw TestDatabaseError.noServer }
            let name = "tandem_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.admin(server) { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: Self.quiet) }
            var parts = URLComponents(string: server)!
            parts.path = "/" + name
            return (parts.string!, {
                try? await Self.admin(server) { try await $0.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: Self.quiet) }
            })
        }
    }

    /// Runs `body` with a store on a new database of this kind, closed and removed afterwards. On PostgreSQL the
    /// store is listening before `body` runs: a commit made before that is announced only as the connection's
    /// "look" (0), which a test waiting for the commit's own number would miss.
    func withStore(_ body: (FluentStore) async throws -> Void) async throws {
        let (location, remove) = try await make()
        let store = try await FluentStore.open(location, logger: Self.quiet)
        do {
            if self == .postgres { try await Self.waitUntilListening(store) }
            try await body(store)
        } catch {
            await store.close()
            await remove()
            throw error
        }
        await store.close()
        await remove()
    }

    /// Waits (at most 10 s) until the store's listen connection is open.
    static func waitUntilListening(_ store: FluentStore) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while store.listenConnections == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try #require(store.listenConnections > 0)
    }

    private static func admin(_ server: String, _ body: (PostgresConnection) async throws -> PostgresRowSequence) async throws {
        var parts = URLComponents(string: server)!
        parts.path = "/postgres"
        let configuration = try SQLPostgresConfigurationShim.configuration(parts.string!)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 9, logger: quiet)
        do { _ = try await body(connection) } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}

enum TestDatabaseError: Error { case noServer }

/// A connection configuration from a postgres:// URL (host, port, user, password, database; TLS off on loopback).
enum SQLPostgresConfigurationShim {
    static func configuration(_ url: String) throws -> PostgresConnection.Configuration {
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else {
            throw TestDatabaseError.noServer
        }
        return PostgresConnection.Configuration(host: host, port: parts.port ?? 5432, username: user, password: parts.password,
                                                database: String(parts.path.dropFirst()), tls: .disable)
    }
}
