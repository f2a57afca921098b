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
        var names: [String: String] = [:]
        for person in Set(held.map(\.person)) { names[person] = try await store.person(id: person)?.person.name }
        return try JSONBody.response(try await views(held).map { view in
            var named = view
            named.personName = names[view.person]
            return named
        })
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

    /// Each offer with its task and why its person was picked: the reason the week's published version gives for
    /// the seat (a re-plan after a pin explains the pinned person), else the one of the version that made the offer.
    private func views(_ offers: [Offer]) async throws -> [OfferView] {
        var tasks: [String: ServiceTask?] = [:]
        var reasons: [Int: [SeatRef: SeatExplanation]] = [:]
        var published: [String: Int?] = [:]
        func explanations(_ id: Int) async throws -> [SeatRef: SeatExplanation] {
            if let known = reasons[id] { return known }
            let list = try await store.version(id: id)?.schedule.explanations ?? []
            let bySeat = Dictionary(list.map { (SeatRef(task: $0.task, seat: $0.seat), $0) }, uniquingKeysWith: { a, _ in a })
            reasons[id] = bySeat
            return bySeat
        }
        var out: [OfferView] = []
        for offer in offers {
            if tasks[offer.task] == nil { tasks[offer.task] = .some(try await desk.occurrence(offer.task)) }
            let key = "\(offer.orgUnit) \(offer.week)"
            if published[key] == nil { published[key] = .some(try await store.publishedVersion(orgUnit: offer.orgUnit, week: offer.week)?.id) }
            var why: Words?
            for id in [published[key] ?? nil, offer.version].compactMap({ $0 }) where why == nil {
                why = try await explanations(id)[offer.assignment.seatRef].flatMap { $0.person == offer.person ? $0.summary : nil }
            }
            out.append(OfferView(offer, task: tasks[offer.task] ?? nil, why: why))
        }
        return out
    }
}
