import FluentKit
import FluentPostgresDriver
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The store over FluentKit. One set of models and migrations serves SQLite (the embedded default, one instance)
/// and PostgreSQL (shared by several instances, each told of the others' commits by LISTEN/NOTIFY).
public final class FluentStore: TandemStore {
    public enum Backend: String, Sendable { case sqlite, postgres }

    let databases: Databases
    let database: any Database
    public let backend: Backend
    private let threadPool: NIOThreadPool
    let logger: Logger
    public let commits = CommitSignal()
    /// Other instances' live messages (PostgreSQL), each prefixed by its sender's `origin` so none comes back.
    private let live = Signal<String>(buffer: 256)
    private let origin = UUID().uuidString.lowercased()
    private let listener = Mutex<PostgresListener?>(nil)
    private let observers = Mutex<[@Sendable (Int64) async -> Void]>([])

    /// Opens the database a `--database` value names: a `postgres://` (or `postgresql://`) URL, or else the path of
    /// an SQLite file.
    public static func open(_ location: String, logger: Logger) async throws -> FluentStore {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await postgres(url: location, logger: logger)
        }
        return try await sqlite(path: location, logger: logger)
    }

    /// Opens (creating when missing) the SQLite file at `path` in WAL mode and runs the migrations.
    public static func sqlite(path: String, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                              logger: Logger) async throws -> FluentStore {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: eventLoopGroup)
        databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        // One event loop, so one connection: SQLite has one writer at a time, and a single connection turns write
        // contention into a queue instead of SQLITE_BUSY errors.
        let loop = eventLoopGroup.next()
        guard let database = databases.database(.sqlite, logger: logger, on: loop) else {
            throw StorageError.unavailable("could not open SQLite at \(path)")
        }
        let store = FluentStore(databases: databases, database: database, backend: .sqlite, threadPool: threadPool, logger: logger)
        if let sql = database as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
        }
        try await store.migrate(on: loop)
        return store
    }

    /// Connects to the PostgreSQL database at `url`, runs the migrations (one instance at a time) and starts
    /// listening for every instance's commits.
    public static func postgres(url: String, connections: Int = 8, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                                logger: Logger) async throws -> FluentStore {
        let configuration: SQLPostgresConfiguration
        do { configuration = try SQLPostgresConfiguration(url: url) } catch {
            throw StorageError.invalid("\(url) is not a PostgreSQL URL (postgres://user:password@host:port/database): \(error)",
                                       field: "database")
        }
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let databases = Databases(threadPool: threadPool, on: eventLoopGroup)
        databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: connections,
                                connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace), as: .psql)
        // One pool on one event loop: its connections are the instance's share of the database's.
        let loop = eventLoopGroup.next()
        guard let database = databases.database(.psql, logger: logger, on: loop) else {
            throw StorageError.unavailable("could not open PostgreSQL at \(url)")
        }
        let store = FluentStore(databases: databases, database: database, backend: .postgres, threadPool: threadPool, logger: logger)
        do {
            try await store.migrateAlone(configuration.coreConfiguration, on: loop)
        } catch {
            await store.close()
            throw StorageError.unavailable("PostgreSQL at \(Self.redacted(url)): \(String(reflecting: error))")
        }
        let listener = PostgresListener(configuration: configuration.coreConfiguration, signal: store.commits, live: store.live,
                                        logger: logger)
        store.listener.withLock { $0 = listener }
        listener.start()
        return store
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "…"
        return parts.string ?? url
    }

    /// Instances starting together would run the same migrations at once: a session lock on a connection of its
    /// own lets one migrate while the others wait, then find nothing left to do.
    private func migrateAlone(_ configuration: PostgresConnection.Configuration, on loop: any EventLoop) async throws {
        let guardian = try await PostgresConnection.connect(on: loop, configuration: configuration, id: 1, logger: logger)
        do {
            _ = try await guardian.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
            try await migrate(on: loop)
            _ = try await guardian.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
        } catch {
            try? await guardian.close()
            throw error
        }
        try? await guardian.close()
    }

    /// Advisory lock keys (PostgreSQL): one for migrating, one that orders the appends to the event log.
    static let migrationLock: Int64 = 0x7461_6E64_656D_01
    static let logLock: Int64 = 0x7461_6E64_656D_02

    init(databases: Databases, database: any Database, backend: Backend, threadPool: NIOThreadPool, logger: Logger) {
        self.databases = databases
        self.database = database
        self.backend = backend
        self.threadPool = threadPool
        self.logger = logger
    }

    func migrate(on loop: any EventLoop) async throws {
        let migrations = Migrations()
        migrations.add(CreateSchemaV1())
        migrations.add(CreateIndexesV1())
        migrations.add(AddOrgPluginsV2())
        migrations.add(HashCalendarTokensV3())
        migrations.add(AddOfferTimesV4())
        migrations.add(AddRulesV5())
        migrations.add(AddSolveLeasesV6())
        migrations.add(AddReplanRequestsV7())
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: loop)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Closes the connections; call once, at shutdown.
    public func close() async {
        let listening = listener.withLock { l in defer { l = nil }; return l }
        await listening?.stop()
        commits.finish()
        live.finish()
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) async throws -> T) async throws -> (T, [StoredEvent]) {
        let backend = backend
        let (result, events) = try await database.transaction { tx in
            let writer = FluentWriter(db: tx, backend: backend)
            let result = try await body(writer)
            return (result, try await writer.appendEvents())
        }
        if let last = events.last?.seq {
            commits.announce(last)
            for observer in observers.withLock({ $0 }) { await observer(last) }
        }
        return (result, events)
    }

    public func followCommits() -> AsyncStream<Int64> { commits.follow() }

    public var isShared: Bool { backend == .postgres }

    public func relayLive(_ message: String) async {
        guard backend == .postgres, let sql = database as? any SQLDatabase else { return }
        do { try await sql.raw("SELECT pg_notify(\(bind: PostgresListener.liveChannel), \(bind: origin + "\n" + message))").run() } catch {
            logger.warning("could not relay a live message to the other instances: \(error)")
        }
    }

    public func followLive() -> AsyncStream<String> {
        let prefix = origin + "\n"
        let (mine, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let source = live.follow()
        let relay = Task {
            for await message in source where !message.hasPrefix(prefix) {
                guard let cut = message.firstIndex(of: "\n") else { continue }
                continuation.yield(String(message[message.index(after: cut)...]))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in relay.cancel() }
        return mine
    }

    public func afterEachCommit(_ observer: @escaping @Sendable (Int64) async -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Closes the listen connection as a failure would (tests): it reopens and catches up.
    public func dropListenConnection() async {
        await listener.withLock({ $0 })?.dropConnection()
    }

    /// How many times the listen connection was opened (PostgreSQL; 0 on SQLite).
    public var listenConnections: Int { listener.withLock { $0 }?.connections ?? 0 }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
