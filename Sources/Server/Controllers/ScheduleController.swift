import Foundation
import Hummingbird
import Scheduling
import Storage

/// Solve jobs, schedule versions, publishing and the CSV export.
struct ScheduleController {
    let store: any TandemStore
    let jobs: SolveJobs
    let desk: OfferDesk

    struct SolveRequest: Decodable { let week: String?; let seconds: Double?; let seed: UInt64? }

    func add(to router: Router<TandemContext>) {
        router.post("/api/orgs/:org/solves", use: startSolve)
        router.get("/api/solves/:job", use: getJob)
        router.post("/api/solves/:job/cancel", use: cancel)
        router.get("/api/orgs/:org/versions", use: listVersions)
        router.get("/api/versions/:version", use: getVersion)
        router.post("/api/versions/:version/publish", use: publish)
        router.get("/api/versions/:version/schedule.csv", use: exportCSV)
    }

    @Sendable func startSolve(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireManager(user, of: unit)
        let body = try await JSONBody.decode(SolveRequest.self, from: request, limit: 64 << 10)
        let week = try Lookup.week(body.week)
        let seconds = body.seconds ?? 10
        guard seconds > 0, seconds <= 600 else { throw APIError.badRequest(field: "seconds", "must be more than 0 and at most 600") }
        let job = try await jobs.submit(unit: unit, week: week, seconds: seconds, seed: body.seed ?? 1, by: user)
        return try JSONBody.response(job, status: .accepted)
    }

    @Sendable func getJob(_ request: Request, context: TandemContext) async throws -> Response {
        try JSONBody.response(try await job(context))
    }

    @Sendable func cancel(_ request: Request, context: TandemContext) async throws -> Response {
        let job = try await job(context, manage: true)
        guard !job.status.isFinished, try await jobs.cancel(jobID: job.id) else {
            throw APIError.conflict(field: "status", "this solve is \(job.status.rawValue) and cannot be cancelled")
        }
        return try JSONBody.response(job, status: .accepted)
    }

    @Sendable func listVersions(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireStaff(user, of: unit)
        let week = try request.uri.queryParameters["week"].map { try Lookup.week(String($0)) }
        struct Row: Encodable { let id: Int; let week: LocalDate; let status: VersionStatus; let origin: String; let score: Score; let createdAt: Date }
        return try JSONBody.response(try await store.versions(orgUnit: unit.id, week: week).map {
            Row(id: $0.id, week: $0.week, status: $0.status, origin: $0.origin, score: $0.schedule.score, createdAt: $0.createdAt)
        })
    }

    @Sendable func getVersion(_ request: Request, context: TandemContext) async throws -> Response {
        try JSONBody.response(try await version(context))
    }

    @Sendable func publish(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = Int(try context.parameters.require("version")) else { throw APIError.badRequest(field: "version", "must be a number") }
        let version = try await desk.publish(versionID: id, by: user)
        return try JSONBody.response(version)
    }

    /// One row per seat: date, times, task, seat, person (or empty), the reason in both languages.
    @Sendable func exportCSV(_ request: Request, context: TandemContext) async throws -> Response {
        let version = try await version(context)
        let records = Dictionary(try await store.tasks(under: version.orgPath).map { ($0.task.id, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(try await store.people(under: version.orgPath).map { ($0.person.id, $0.person.name) }, uniquingKeysWith: { a, _ in a })
        var lines = ["date,start,end,task,kind,title,seat,person_id,person_name,status,reason_en,reason_zh"]
        for explanation in version.schedule.explanations {
            let task = WeekTasks.occurrence(explanation.task, in: records)
            let person = explanation.person ?? ""
            let cells = [task.map { $0.start.date.description } ?? "", task.map { Self.time($0.start) } ?? "",
                         task.map { Self.time($0.end) } ?? "", explanation.task, task?.kind ?? "", task?.title ?? "",
                         String(explanation.seat), person, names[person] ?? "", person.isEmpty ? "unfilled" : "assigned",
                         explanation.summary.en, explanation.summary.zh]
            lines.append(cells.map(CSVTable.escape).joined(separator: ","))
        }
        let body = "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                .contentDisposition: "attachment; filename=\"schedule-\(version.week)-v\(version.id).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func time(_ t: LocalDateTime) -> String { String(t.description.suffix(5)) }

    private func job(_ context: TandemContext, manage: Bool = false) async throws -> SolveJob {
        let user = try context.requireUser()
        let id = try context.parameters.require("job")
        guard let job = try await store.solveJob(id: id) else { throw APIError.notFound("solve job \(id)") }
        let unit = try await Lookup.unit(job.orgUnit, store: store, field: "job")
        if manage { try Access.requireManager(user, of: unit) } else { try Access.requireStaff(user, of: unit) }
        return job
    }

    private func version(_ context: TandemContext) async throws -> ScheduleVersion {
        let user = try context.requireUser()
        guard let id = Int(try context.parameters.require("version")) else { throw APIError.badRequest(field: "version", "must be a number") }
        guard let version = try await store.version(id: id) else { throw APIError.notFound("version \(id)") }
        try Access.requireStaff(user, of: try await Lookup.unit(version.orgUnit, store: store, field: "version"))
        return version
    }
}
