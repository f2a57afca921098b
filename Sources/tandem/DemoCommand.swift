import ArgumentParser
import Foundation
import Logging
import Scheduling
import Server
import Synchronization

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the server with a demo street (three communities, volunteers, social workers, a week of needs), solve and publish it.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8443
    @Option(help: "The demo's own data folder.") var data = "./tandem-demo"
    @Option(help: "The week to plan, a Monday (YYYY-MM-DD); default: this week.") var week: String?
    @Option(help: "Seconds the first solve may take.") var seconds: Double = 10
    @Option(help: "Folder of the browser pages (default: ./public when it exists).") var pages: String?
    @Flag(help: "Start from an empty data folder.") var fresh = false
    @Option(help: "Start the server's clock at this instant (ISO 8601, e.g. 2026-12-02T09:00:00+08:00); the default week is its week.")
    var now: String?
    @Option(help: "With --now: how many times faster than real time the clock runs (for tests).") var clockSpeed: Double = 1
    @Option(help: "Seconds between sweeps for offers past their deadline.") var expirySweep: Double = 60
    @Flag(inversion: .prefixedNo, help: "Solve and publish the week at start (--no-publish leaves it to the coordinator).")
    var publish = true

    func run() async throws {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let clock: any TandemClock = try now.map { try ClockOption.clock($0, speed: clockSpeed) } ?? SystemClock()
        guard expirySweep > 0 else { throw ValidationError("--expiry-sweep must be positive") }
        let monday = try week.map { text in
            guard let date = LocalDate(text), date.weekday == 1 else { throw ValidationError("--week must be a Monday like 2026-11-30") }
            return date
        } ?? Self.monday(of: clock.now(), in: zone)
        if fresh { try? FileManager.default.removeItem(atPath: data) }
        var logger = Logger(label: "tandem")
        logger.logLevel = .warning
        var configuration = ServerConfiguration(host: host, port: port, dataDirectory: data, timeZone: zone,
                                                offerWindow: 7 * 86400, expirySweepSeconds: expirySweep, clock: clock)
        configuration.publicDirectory = Pages.folder(pages)
        // The port the server really got (it differs from --port 0).
        let listening = Listening(port: port)
        let host = self.host
        configuration.demo = DemoOptions(week: monday, seconds: seconds, publish: publish) { version in
            Banner.print(["tandem demo: week \(version.week) solved and published (version \(version.id), score \(version.schedule.score), "
                + "\(version.schedule.assignments.count) seats filled, \(version.schedule.unfilled.count) unfilled)",
                "tandem demo: live at \(listening.base)/?week=\(version.week)"])
        }
        let configured = configuration
        let app = try await TandemServer.buildApplication(configured, logger: logger) { ready in
            listening.port.store(ready.port, ordering: .relaxed)
            let base = listening.base
            var lines = Banner.lines(ready, configuration: configured)
            if configured.publicDirectory == nil { lines.append("tandem demo: no ./public folder here: run it from the repository to get the pages") }
            if let demo = ready.demo {
                lines.append("tandem demo: seeded \(demo.people) people and \(demo.tasks) tasks in 玉林街道 (3 communities) for the week of \(demo.week)")
                lines.append("tandem demo: coordinator console  \(base)/   sign in as \(demo.coordinator) / \(demo.password)")
                lines.append("tandem demo: social worker         \(base)/   sign in as \(demo.socialWorker) / \(demo.password)")
                for v in demo.volunteers { lines.append("tandem demo: volunteer \(v.name)  \(base)/volunteer.html#invite=\(v.token)") }
            } else {
                lines.append("tandem demo: using the demo data already in \(configured.dataDirectory) (--fresh starts over); console \(base)/")
            }
            lines.append("tandem demo: the certificate is self-signed: accept it in the browser once (listening on \(host))")
            lines.append("tandem: ready")
            Banner.print(lines)
        }
        try await app.runService()
    }

    /// The Monday of the week of `date` in `zone`.
    static func monday(of date: Date, in zone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        return today.adding(days: 1 - today.weekday)
    }
}

/// The demo's address once the server listens.
final class Listening: Sendable {
    let port: Atomic<Int>

    init(port: Int) { self.port = Atomic(port) }

    var base: String { "https://localhost:\(port.load(ordering: .relaxed))" }
}
