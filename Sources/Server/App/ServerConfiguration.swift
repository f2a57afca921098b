import BundledPlugins
import Foundation
import Scheduling
import PluginKit
import Storage

/// Everything `tandem serve` can be told. Tests build one with a temporary data folder and a fixed clock.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Holds the SQLite file (unless `database` names another) and the generated development certificate.
    public var dataDirectory: String
    /// The database: a `postgres://` URL shared by several instances, or the path of an SQLite file; nil is
    /// `tandem.sqlite` in `dataDirectory`.
    public var database: String?
    public var certificatePath: String?
    public var keyPath: String?
    /// The time zone tasks' local times are in (for offer deadlines and calendar feeds).
    public var timeZone: TimeZone
    /// How long a volunteer has to answer an offer (capped at `replanMargin` before the task's start).
    public var offerWindow: TimeInterval
    /// A task starting sooner than this is no longer offered or re-planned: it is frozen as it stands.
    public var offerLeadTime: TimeInterval = 2 * 3600
    /// An offer's deadline is at least this long before its task starts, so a decline or silence leaves time to
    /// offer the seat to someone else.
    public var replanMargin: TimeInterval = 3600
    /// Seconds a re-plan may search after a decline or an expired offer (it starts from the schedule in force, so a
    /// few tens of milliseconds find the direct refill or a short chain; see `tandem bench replan`).
    public var replanSeconds: Double
    /// Largest request body accepted, in bytes (CSV uploads included).
    public var maxBodyBytes: Int
    /// Messages a push client may fall behind, once its socket is full, before it is cut off as too slow.
    public var pushQueueLimit: Int
    /// Seconds between pings on a push socket; one that sends nothing for a whole interval after a ping is closed.
    public var pushPingSeconds: Double = 30
    /// Connections not signed in (HTTP, or a push socket before its hello) one client address may hold open.
    public var maxPendingPerAddress = 128
    /// Connections not signed in, from all addresses together.
    public var maxPendingTotal = 8192
    /// Seconds from accepting a connection to the end of its first request's headers (TLS handshake included), and
    /// from a push socket's upgrade to its hello.
    public var firstRequestSeconds: Double = 10
    /// Seconds an HTTP connection may sit idle between requests.
    public var httpIdleSeconds: Double = 60
    /// The bearer token `/metrics` asks for; nil answers only callers on this machine (loopback).
    public var metricsToken: String?
    /// Solves this instance runs at once (each on two Dispatch workers); more queued wait for a free slot here or
    /// at another instance.
    public var solveSlots = 1
    /// Seconds a solve job's or a re-plan's lease holds without renewal (a solve renews it every third): how soon
    /// another instance takes over the work of one that died.
    public var leaseSeconds: Double = 30
    /// How often offers past their deadline are looked for.
    public var expirySweepSeconds: Double
    public var clock: any TandemClock
    /// The domain plugins compiled into this server; each org unit enables some of them.
    public var plugins: PluginRegistry = .bundled
    /// Where the browser pages are (served at /); nil serves none.
    public var publicDirectory: String?
    /// Seed an empty database with the demo week, then solve and publish it (`tandem demo`).
    public var demo: DemoOptions?

    public init(host: String = "127.0.0.1", port: Int = 8443, dataDirectory: String = "./tandem-data",
                certificatePath: String? = nil, keyPath: String? = nil,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt, offerWindow: TimeInterval = 24 * 3600,
                replanSeconds: Double = 0.03, maxBodyBytes: Int = 4 << 20, pushQueueLimit: Int = 1024,
                expirySweepSeconds: Double = 30, clock: any TandemClock = SystemClock()) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.timeZone = timeZone
        self.offerWindow = offerWindow
        self.replanSeconds = replanSeconds
        self.maxBodyBytes = maxBodyBytes
        self.pushQueueLimit = pushQueueLimit
        self.expirySweepSeconds = expirySweepSeconds
        self.clock = clock
    }

    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("tandem.sqlite") }
    /// What `FluentStore.open` opens.
    public var databaseLocation: String { database ?? databasePath }
}

/// Time as a dependency: logic never reads the system clock directly, so tests about deadlines are exact.
public protocol TandemClock: Sendable {
    func now() -> Date
}

public struct SystemClock: TandemClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The system clock moved to start at a chosen instant (`--now`): time runs on from there, so deadlines, expiry
/// and the frozen past behave as they would on that day. `speed` above 1 runs it faster (a test lives through
/// hours of expiries in a minute).
public struct ShiftedClock: TandemClock {
    let start: Date
    let origin = Date()
    let speed: Double

    public init(startingAt start: Date, speed: Double = 1) {
        self.start = start
        self.speed = speed
    }

    public func now() -> Date { start.addingTimeInterval(Date().timeIntervalSince(origin) * speed) }
}

/// What `tandem demo` asks of the server: the week to seed, how long to solve it, and whom to tell when it is live.
public struct DemoOptions: Sendable {
    public var week: LocalDate
    public var seconds: Double
    /// False leaves solving and publishing to the coordinator.
    public var publish: Bool
    public var onPublished: @Sendable (ScheduleVersion) async -> Void

    public init(week: LocalDate, seconds: Double, publish: Bool = true, onPublished: @escaping @Sendable (ScheduleVersion) async -> Void) {
        self.week = week
        self.seconds = seconds
        self.publish = publish
        self.onPublished = onPublished
    }
}
