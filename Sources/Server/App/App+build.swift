import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Storage

/// The composition root: everything `tandem serve` runs, built in one place; tests call the same function.
public enum TandemServer {
    /// What a started server reports: where it listens and what it made on first start.
    public struct Ready: Sendable {
        public let port: Int
        public let certificateFingerprint: String?
        public let certificateCreated: Bool
        public let adminPassword: String?
        /// The demo's sign-ins, when this start seeded the demo week.
        public let demo: DemoLogins?
        /// Every route the router answers, as `METHOD /path/{parameter}` (the OpenAPI document must list exactly these).
        public let routes: [String]
    }

    public static func buildApplication(_ configuration: ServerConfiguration, logger: Logger,
                                        onReady: @escaping @Sendable (Ready) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        MetricsBootstrap.once()
        let store = try await FluentStore.open(configuration.databaseLocation, logger: logger)
        let adminPassword = try await bootstrapAdmin(store: store)
        var demoLogins: DemoLogins?
        if let demo = configuration.demo {
            demoLogins = try await DemoSeed.seedIfEmpty(store: store, registry: configuration.plugins, week: demo.week,
                                                        hash: { await AuthController.hash($0) })
        }

        let tls: TLSConfiguration
        var fingerprint: String?, created = false
        if let certificatePath = configuration.certificatePath, let keyPath = configuration.keyPath {
            tls = try tlsConfiguration(certificate: certificatePath, key: keyPath)
        } else {
            let (development, made) = try DevelopmentCertificate.loadOrCreate(in: configuration.dataDirectory, now: Date())
            tls = try tlsConfiguration(certificate: development.certificatePath, key: development.keyPath)
            fingerprint = development.fingerprint
            created = made
        }

        // A broadcast is compressed once for every client, and no connection keeps zlib state (SharedDeflate).
        let deflate = try SharedDeflate(maxInflatedSize: PushConnection.maxMessageSize)
        let hub = PushHub(store: store, queueLimit: configuration.pushQueueLimit, deflate: deflate, logger: logger)
        let plugins = OrgPlugins(registry: configuration.plugins, store: store)
        let models = WeekModels(plugins: plugins)
        let desk = OfferDesk(store: store, hub: hub, models: models, plugins: plugins, configuration: configuration, logger: logger)
        let jobs = SolveJobs(store: store, hub: hub, plugins: plugins, configuration: configuration, logger: logger)
        try await jobs.begin()
        let follower = LogFollower(store: store, hub: hub, readers: [models, jobs], logger: logger)
        try await follower.begin()

        _ = await Offload.run { AuthController.dummyHash }  // made once, before the first login waits for it
        let router = Router(context: TandemContext.self)
        router.add(middleware: SecurityHeadersMiddleware(logger: logger))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        if let folder = configuration.publicDirectory {
            // The pages are static files: served before authentication, which guards only the API.
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true, logger: logger))
        }
        router.add(middleware: AuthMiddleware(store: store, clock: configuration.clock))
        SystemRoutes(store: store, metricsToken: configuration.metricsToken).add(to: router)
        AuthController(store: store, clock: configuration.clock, limiter: LoginLimiter(), limits: configuration).add(to: router)
        OrgController(store: store, clock: configuration.clock).add(to: router)
        NeedsController(store: store, plugins: plugins, limits: configuration).add(to: router)
        PluginController(store: store, plugins: plugins).add(to: router)
        RulesController(store: store, plugins: plugins).add(to: router)
        ScheduleController(store: store, jobs: jobs, desk: desk).add(to: router)
        OfferController(store: store, desk: desk).add(to: router)
        CalendarController(store: store, desk: desk, clock: LocalClock(timeZone: configuration.timeZone),
                           now: configuration.clock).add(to: router)
        NoticeController(store: store, clock: configuration.clock).add(to: router)
        RecommendController(store: store, models: models, desk: desk).add(to: router)

        let routes = router.routes.map { route in
            "\(route.method) " + route.path.description.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        }
        let sessions = PushSessions(store: store, hub: hub, desk: desk, clock: configuration.clock)
        let pingInterval = TimeAmount.milliseconds(Int64(configuration.pushPingSeconds * 1000))
        let limits = ConnectionLimits(perAddress: configuration.maxPendingPerAddress, total: configuration.maxPendingTotal,
                                      firstRequest: .nanoseconds(Int64(configuration.firstRequestSeconds * 1e9)))
        let idle = TimeAmount.nanoseconds(Int64(configuration.httpIdleSeconds * 1e9))
        let channel = HTTPServerBuilder { responder in
            PushChannel(responder: responder, hub: hub, sessions: sessions, pingInterval: pingInterval, limits: limits, idleTimeout: idle)
        }
        let server = try HTTPServerBuilder.tls(channel, tlsConfiguration: tls)
        let readyFingerprint = fingerprint, readyCreated = created, readyDemo = demoLogins
        var services: [any Service] = [StoreService(store: store), hub, follower, jobs, desk,
                                       OfferExpiryService(desk: desk, interval: configuration.expirySweepSeconds, logger: logger)]
        if let demo = configuration.demo, demo.publish {
            services.append(DemoPublisher(store: store, jobs: jobs, desk: desk, week: demo.week, seconds: demo.seconds, logger: logger,
                                          onPublished: demo.onPublished))
        }
        return Application(
            router: router, server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
            // Stopped in reverse order: solve jobs and the expiry sweep first, the hub, then the database last.
            services: services,
            onServerRunning: { channel in
                await onReady(Ready(port: channel.localAddress?.port ?? configuration.port, certificateFingerprint: readyFingerprint,
                                    certificateCreated: readyCreated, adminPassword: adminPassword, demo: readyDemo, routes: routes))
            },
            logger: logger)
    }

    public static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        // TLS 1.0 and 1.1 are broken and no current browser needs them.
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    /// The first start makes the system admin (scope: everything). The password comes from TANDEM_ADMIN_PASSWORD or
    /// is made up and returned once, to be printed.
    static func bootstrapAdmin(store: any TandemStore) async throws -> String? {
        guard try await store.userCount() == 0 else { return nil }
        let given = ProcessInfo.processInfo.environment["TANDEM_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let password = given ?? String(Secrets.token().prefix(20))
        let admin = UserAccount(id: Secrets.identifier(), username: "admin", displayName: "Administrator", role: .admin,
                                orgUnit: "", orgPath: "/", person: nil, passwordHash: await AuthController.hash(password),
                                calendarTokenHash: Secrets.hash(Secrets.token()))
        do {
            _ = try await store.write { w in try await w.insert(admin) }
        } catch let error as StorageError where error.isConflict {
            return nil  // another instance sharing the database made it first, and printed its password
        }
        return given == nil ? password : nil
    }
}

/// Closes the database after everything else has stopped.
struct StoreService: Service {
    let store: FluentStore

    func run() async throws {
        try? await gracefulShutdown()
        await store.close()
    }
}

/// Looks for offers past their deadline every `interval` seconds.
struct OfferExpiryService: Service {
    let desk: OfferDesk
    let interval: Double
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // A long sleep must not hold up shutdown.
            let interval = self.interval
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) } } catch { return }
            do { try await desk.expireOverdue() } catch { logger.error("offer expiry sweep failed: \(error)") }
        }
    }
}
