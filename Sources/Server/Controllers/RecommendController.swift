import Foundation
import Hummingbird
import Scheduling
import Solver
import Storage

/// "Who else could take this seat?": the best candidates for one seat of a version, with what each would cost.
struct RecommendController {
    let store: any TandemStore
    let models: WeekModels
    let desk: OfferDesk

    func add(to router: Router<TandemContext>) {
        router.get("/api/versions/:version/seats/:task/:seat/candidates", use: candidates)
        router.get("/api/versions/:version/seats/:task/:seat/check", use: check)
        router.post("/api/versions/:version/seats/:task/:seat/pin", use: pin)
    }

    /// A seat of a version, with the week's model as that version stands (declines still rule people out).
    private struct Seat {
        let version: ScheduleVersion
        let unit: OrgUnit
        let model: SolverModel
        let slot: Int
        let ref: SeatRef
    }

    private func seat(_ context: TandemContext, manage: Bool) async throws -> Seat {
        let user = try context.requireUser()
        guard let id = Int(try context.parameters.require("version")) else { throw APIError.badRequest(field: "version", "must be a number") }
        guard let version = try await store.version(id: id) else { throw APIError.notFound("version \(id)") }
        let unit = try await Lookup.unit(version.orgUnit, store: store, field: "version")
        if manage { try Access.requireManager(user, of: unit) } else { try Access.requireStaff(user, of: unit) }
        guard let seat = Int(try context.parameters.require("seat")) else { throw APIError.badRequest(field: "seat", "must be a number") }
        let ref = SeatRef(task: try context.parameters.require("task"), seat: seat)
        let base = try await models.model(unit: unit, week: version.week, store: store)
        let standing = try await WeekProblem(store: store).standing(unit: unit, week: version.week, needs: base.problem)
        guard let model = base.replanning(currentSchedule: version.schedule.assignments, pins: [], refusals: standing.refusals) else {
            throw APIError(.conflict, "this version no longer fits the week's people and tasks: solve again")
        }
        guard let slot = model.slotRefs.firstIndex(of: ref) else {
            throw APIError(.notFound, field: "task", "no seat \(ref.seat) of task \(ref.task) in week \(version.week)")
        }
        return Seat(version: version, unit: unit, model: model, slot: slot, ref: ref)
    }

    @Sendable func candidates(_ request: Request, context: TandemContext) async throws -> Response {
        let count = Int(request.uri.queryParameters["count"].map(String.init) ?? "5") ?? -1
        guard (1...50).contains(count) else { throw APIError.badRequest(field: "count", "must be 1–50") }
        let seat = try await seat(context, manage: false)
        let model = seat.model, slot = seat.slot
        let list = await Offload.run { Recommender.recommend(model: model, assignment: model.currentPerson, slot: slot, count: count) }
        struct Body: Encodable { let task: String; let seat: Int; let current: String?; let candidates: [Recommendation] }
        let current = seat.version.schedule.assignments.first { $0.seatRef == seat.ref }?.person
        return try JSONBody.response(Body(task: seat.ref.task, seat: seat.ref.seat, current: current, candidates: list))
    }

    /// `GET …/check?person=ID`: what putting that person in the seat would do (the feedback while dragging them there).
    @Sendable func check(_ request: Request, context: TandemContext) async throws -> Response {
        guard let personID = request.uri.queryParameters["person"].map(String.init) else {
            throw APIError.badRequest(field: "person", "is required")
        }
        let seat = try await seat(context, manage: false)
        return try JSONBody.response(try await assess(seat, personID: personID))
    }

    /// `POST …/pin {"person": ID}`: the coordinator's choice for a published seat, kept through every re-plan.
    @Sendable func pin(_ request: Request, context: TandemContext) async throws -> Response {
        struct Body: Decodable { let person: String }
        let body = try await JSONBody.decode(Body.self, from: request, limit: 16 << 10)
        let seat = try await seat(context, manage: true)
        let verdict = try await assess(seat, personID: body.person)
        let offer = try await desk.pin(unit: seat.unit, week: seat.version.week, task: seat.ref.task, seat: seat.ref.seat,
                                       person: body.person, by: try context.requireUser())
        struct Pinned: Encodable { let offer: OfferView; let assessment: Recommendation }
        return try JSONBody.response(Pinned(offer: OfferView(offer, task: try await desk.occurrence(offer.task)), assessment: verdict),
                                     status: .created)
    }

    private func assess(_ seat: Seat, personID: String) async throws -> Recommendation {
        guard let person = seat.model.problem.people.firstIndex(where: { $0.id == personID }) else {
            throw APIError.badRequest(field: "person", "\(personID) is not one of this week's people")
        }
        let model = seat.model, slot = seat.slot
        return await Offload.run { Recommender.assess(model: model, assignment: model.currentPerson, slot: slot, person: Int32(person)) }
    }
}
