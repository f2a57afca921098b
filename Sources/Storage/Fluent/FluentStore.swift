import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The store over FluentKit. One set of models and migrations serves SQLite (the embedded default) and PostgreSQL.
public final class FluentStore: TandemStore {
    let databases: Databases
    let database: any Database
    private let threadPool: NIOThreadPool
    let logger: Logger

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
        let store = FluentStore(databases: databases, database: database, threadPool: threadPool, logger: logger)
        if let sql = database as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
        }
        try await store.migrate(on: loop)
        return store
    }

    init(databases: Databases, database: any Database, threadPool: NIOThreadPool, logger: Logger) {
        self.databases = databases
        self.database = database
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
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: loop)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Closes the connections; call once, at shutdown.
    public func close() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) async throws -> T) async throws -> (T, [StoredEvent]) {
        try await database.transaction { tx in
            let writer = FluentWriter(db: tx)
            let result = try await body(writer)
            return (result, await writer.written)
        }
    }
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
