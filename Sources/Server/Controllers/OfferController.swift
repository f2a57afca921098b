import Foundation
import Hummingbird
import Scheduling
import Storage

/// Offers and answers, attendance and the time bank.
struct OfferController {
    let store: any TandemStore
    let desk: OfferDesk

    func add(to router: Router<TandemContext>) {
        router.get("/api/orgs/:org/offers", use: orgOffers)
        router.get("/api/orgs/:org/held-seats", use: heldSeats)
        router.get("/api/me/offers", use: myOffers)
        router.post("/api/offers/:offer/accept") { try await respond($0, $1, accept: true) }
        router.post("/api/offers/:offer/decline") { try await respond($0, $1, accept: false) }
        router.post("/api/offers/:offer/checkin") { try await attend($0, $1, checkIn: true) }
        router.post("/api/offers/:offer/checkout") { try await attend($0, $1, checkIn: false) }
        router.get("/api/me/hours", use: myHours)
    }

    @Sendable func orgOffers(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireStaff(user, of: unit)
        let week = try Lookup.week(request.uri.queryParameters["week"].map(String.init))
        return try JSONBody.response(try await views(try await store.offers(orgUnit: unit.id, week: week)))
    }

    /// Seats of this unit's tasks that another unit's schedule staffs (a street schedule in a community): who is
    /// there and why, read-only here.
    @Sendable func heldSeats(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireStaff(user, of: unit)
        let week = try Lookup.week(request.uri.queryParameters["week"].map(String.init))
        let ours = Set(WeekTasks.occurrences(of: try await store.tasks(under: unit.path), week: week).map(\.id))
        let held = try await store.offers(week: week, statuses: OfferStatus.live).filter { $0.orgUnit != unit.id && ours.contains($0.task) }
        return try JSONBody.response(try await views(held))
    }

    @Sendable func myOffers(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        guard let person = user.person else { return try JSONBody.response([OfferView]()) }
        return try JSONBody.response(try await views(try await store.offers(person: person)))
    }

    func respond(_ request: Request, _ context: TandemContext, accept: Bool) async throws -> Response {
        let user = try context.requireUser()
        let offer = try await desk.respond(offerID: try context.parameters.require("offer"), accept: accept, by: user)
        return try JSONBody.response(OfferView(offer, task: try await desk.occurrence(offer.task)))
    }

    func attend(_ request: Request, _ context: TandemContext, checkIn: Bool) async throws -> Response {
        let user = try context.requireUser()
        let (offer, credit) = try await desk.attend(offerID: try context.parameters.require("offer"), checkIn: checkIn, by: user)
        struct Body: Encodable { let offer: OfferView; let credited: HoursEntry? }
        return try JSONBody.response(Body(offer: OfferView(offer, task: try await desk.occurrence(offer.task)), credited: credit))
    }

    @Sendable func myHours(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        var entries: [HoursEntry] = []
        if let person = user.person { entries = try await store.hours(person: person) }
        struct Body: Encodable { let totalMinutes: Int; let entries: [HoursEntry] }
        return try JSONBody.response(Body(totalMinutes: entries.reduce(0) { $0 + $1.minutes }, entries: entries))
    }

    /// Each offer with its task and why its person was picked (the reason its version gives for the seat).
    private func views(_ offers: [Offer]) async throws -> [OfferView] {
        var tasks: [String: ServiceTask?] = [:]
        var reasons: [Int: [SeatRef: SeatExplanation]] = [:]
        var out: [OfferView] = []
        for offer in offers {
            if tasks[offer.task] == nil { tasks[offer.task] = .some(try await desk.occurrence(offer.task)) }
            if reasons[offer.version] == nil {
                let explanations = try await store.version(id: offer.version)?.schedule.explanations ?? []
                reasons[offer.version] = Dictionary(explanations.map { (SeatRef(task: $0.task, seat: $0.seat), $0) },
                                                    uniquingKeysWith: { a, _ in a })
            }
            // A pin's version explained the seat for whoever had it before: no reason for the pinned person.
            let why = reasons[offer.version]?[offer.assignment.seatRef].flatMap { $0.person == offer.person ? $0.summary : nil }
            out.append(OfferView(offer, task: tasks[offer.task] ?? nil, why: why))
        }
        return out
    }
}
