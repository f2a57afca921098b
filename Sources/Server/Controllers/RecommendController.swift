import Foundation
import Hummingbird
import Scheduling
import Solver
import Storage

/// "Who else could take this seat?": the best candidates for one seat of a version, with what each would cost.
struct RecommendController {
    let store: any TandemStore
    let models: WeekModels

    func add(to router: Router<TandemContext>) {
        router.get("/api/versions/:version/seats/:task/:seat/candidates", use: candidates)
    }

    @Sendable func candidates(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = Int(try context.parameters.require("version")) else { throw APIError.badRequest(field: "version", "must be a number") }
        guard let version = try await store.version(id: id) else { throw APIError.notFound("version \(id)") }
        let unit = try await Lookup.unit(version.orgUnit, store: store, field: "version")
        try Access.requireStaff(user, of: unit)
        guard let seat = Int(try context.parameters.require("seat")) else { throw APIError.badRequest(field: "seat", "must be a number") }
        let count = Int(request.uri.queryParameters["count"].map(String.init) ?? "5") ?? -1
        guard (1...50).contains(count) else { throw APIError.badRequest(field: "count", "must be 1–50") }
        let ref = SeatRef(task: try context.parameters.require("task"), seat: seat)

        let base = try await models.model(unit: unit, week: version.week, store: store)
        let standing = try await WeekProblem(store: store).standing(unit: unit, week: version.week, needs: base.problem)
        // The version's assignments are the schedule to compare against; declines still rule people out.
        guard let model = base.replanning(currentSchedule: version.schedule.assignments, pins: [], refusals: standing.refusals) else {
            throw APIError(.conflict, "this version no longer fits the week's people and tasks: solve again")
        }
        guard let slot = model.slotRefs.firstIndex(of: ref) else {
            throw APIError(.notFound, field: "task", "no seat \(ref.seat) of task \(ref.task) in week \(version.week)")
        }
        let list = await Offload.run { Recommender.recommend(model: model, assignment: model.currentPerson, slot: slot, count: count) }
        struct Body: Encodable { let task: String; let seat: Int; let current: String?; let candidates: [Recommendation] }
        let current = version.schedule.assignments.first { $0.seatRef == ref }?.person
        return try JSONBody.response(Body(task: ref.task, seat: ref.seat, current: current, candidates: list))
    }
}
