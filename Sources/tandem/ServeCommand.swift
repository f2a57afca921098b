import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTPS/WSS server (API, push, solve jobs) on an embedded SQLite database.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8443
    @Option(help: "Folder for the database and the generated development certificate.") var data = "./tandem-data"
    @Option(help: ArgumentHelp("The database: postgres://user:password@host:port/name, shared by several instances, or an SQLite file (default: tandem.sqlite in --data; environment: TANDEM_DATABASE).",
                               valueName: "url-or-path"))
    var database: String?
    @Option(help: "TLS certificate chain (PEM). Without --cert/--key a self-signed one is made under --data.") var cert: String?
    @Option(help: "TLS private key (PEM).") var key: String?
    @Option(help: "Time zone of the tasks' local times.") var timeZone = "Asia/Shanghai"
    @Option(help: "Hours a volunteer has to answer an offer.") var offerHours: Double = 24
    @Option(help: "Seconds between sweeps for offers past their deadline.") var expirySweep: Double = 30
    @Option(help: "Messages a push client may fall behind once its socket is full, before it is cut off.") var pushQueue = 1024
    @Option(help: "Seconds between pings on push sockets; one silent for a whole interval after a ping is closed.") var pushPing: Double = 30
    @Option(help: "Solves this instance runs at once (each on two workers).") var solveSlots = 1
    @Option(help: "Seconds a solve job's or re-plan's lease holds: how soon another instance takes over the work of one that died.")
    var lease: Double = 30
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: "Folder of the browser pages (default: ./public when it exists).") var pages: String?
    @Option(help: "Connections not yet signed in that one client address may hold open.") var maxPendingPerAddress = 128
    @Option(help: "Connections not yet signed in, from all addresses together.") var maxPendingTotal = 8192
    @Option(help: "Seconds an HTTP connection may sit idle between requests.") var httpIdle: Double = 60
    @Option(help: "Start the server's clock at this instant (ISO 8601, e.g. 2026-11-30T07:00:00+08:00); time runs on from there.")
    var now: String?
    @Option(help: "Seconds a new connection has to finish its TLS handshake and first request's headers, and a push socket its hello.")
    var firstRequestTimeout: Double = 10

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard (cert == nil) == (key == nil) else { throw ValidationError("give --cert and --key together") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("--time-zone \(timeZone) is not a known time zone") }
        guard offerHours > 0, expirySweep > 0 else { throw ValidationError("--offer-hours and --expiry-sweep must be positive") }
        guard pushQueue > 0, pushPing > 0 else { throw ValidationError("--push-queue and --push-ping must be positive") }
        guard solveSlots > 0, lease >= 1 else { throw ValidationError("--solve-slots must be positive and --lease at least 1 second") }
        if let now { _ = try ClockOption.clock(now) }
        guard maxPendingPerAddress > 0, maxPendingTotal > 0, httpIdle > 0, firstRequestTimeout > 0 else {
            throw ValidationError("--max-pending-per-address, --max-pending-total, --http-idle and --first-request-timeout must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "tandem")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: data, certificatePath: cert, keyPath: key,
            timeZone: TimeZone(identifier: timeZone) ?? .gmt, offerWindow: offerHours * 3600, pushQueueLimit: pushQueue,
            expirySweepSeconds: expirySweep)
        configuration.publicDirectory = Pages.folder(pages)
        // The environment keeps a password out of process listings.
        configuration.database = database ?? ProcessInfo.processInfo.environment["TANDEM_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.pushPingSeconds = pushPing
        configuration.solveSlots = solveSlots
        configuration.leaseSeconds = lease
        configuration.maxPendingPerAddress = maxPendingPerAddress
        configuration.maxPendingTotal = maxPendingTotal
        configuration.httpIdleSeconds = httpIdle
        configuration.firstRequestSeconds = firstRequestTimeout
        if let now { configuration.clock = try ClockOption.clock(now) }
        // From the environment, never a flag: a flag shows in every process listing.
        configuration.metricsToken = ProcessInfo.processInfo.environment["TANDEM_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let configured = configuration
        let app = try await TandemServer.buildApplication(configured, logger: logger) { ready in
            Banner.print(Banner.lines(ready, configuration: configured) + ["tandem: ready"])
        }
        try await app.runService()
    }
}

/// What a started server prints; `tandem serve` and `tandem demo` share it.
enum Banner {
    static func lines(_ ready: TandemServer.Ready, configuration: ServerConfiguration) -> [String] {
        var lines = ["tandem: listening on https://\(configuration.host):\(ready.port) (wss://\(configuration.host):\(ready.port)/ws)"]
        if let fingerprint = ready.certificateFingerprint {
            lines.append("tandem: \(ready.certificateCreated ? "made a" : "using the") self-signed certificate in \(configuration.dataDirectory), SHA-256 \(fingerprint)")
        }
        if let password = ready.adminPassword {
            lines.append("tandem: first start: log in as admin with password \(password) (shown once; set TANDEM_ADMIN_PASSWORD to choose it)")
        }
        return lines
    }

    /// Unbuffered: scripts wait for the lines.
    static func print(_ lines: [String]) {
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// Where the browser pages are: the folder given, or ./public when it exists.
enum Pages {
    static func folder(_ given: String?) -> String? {
        if let given { return given }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: "public/index.html", isDirectory: &isFolder) ? "public" : nil
    }
}

/// `--now`: the clock of a server that should live on another day (tests, demos of a given moment).
enum ClockOption {
    static func clock(_ text: String, speed: Double = 1) throws -> any TandemClock {
        let parser = ISO8601DateFormatter()
        guard let start = parser.date(from: text) else {
            throw ValidationError("--now \(text) is not an ISO 8601 instant like 2026-11-30T07:00:00+08:00")
        }
        guard speed >= 1, speed <= 10_000 else { throw ValidationError("--clock-speed must be 1–10000") }
        return ShiftedClock(startingAt: start, speed: speed)
    }
}
