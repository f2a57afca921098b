import Scheduling
import Storage

/// Publishing would leave a seat with two live offers, or a person with two at once: another unit's schedule (or
/// this one's own) got there first. The transaction that found it writes nothing.
struct TimelineConflict: Error, Sendable, CustomStringConvertible {
    let person: String
    let task: String
    /// The live offer in the way, and the unit whose it is.
    let other: Offer
    let sameSeat: Bool

    var field: String { sameSeat ? "seat" : "person" }
    var description: String {
        sameSeat
            ? "seat \(other.seat) of \(task) already has a live offer from \(other.orgUnit)'s schedule (to \(other.person)): solve the week again"
            : "\(person) already has \(other.task) at that time from \(other.orgUnit)'s schedule: solve the week again"
    }
}

/// One timeline per person, checked where it cannot race: inside the transaction that writes the offers.
enum TimelineCheck {
    typealias Span = (start: LocalDateTime, end: LocalDateTime)

    /// Throws the first conflict of `fresh` with the live offers of its people and seats, as the transaction `w`
    /// sees them. `legacy` holds the times of offers made before offers kept their own (`legacySpans`); offers of
    /// `ignoringUnit` are left out (a pin's clashes at its own unit move in the re-plan that follows).
    static func verify(_ fresh: [Offer], week: LocalDate, in w: any StoreWriter, legacy: [String: Span],
                       ignoringUnit: String? = nil) async throws {
        let existing = try await w.liveOffers(week: week, people: Array(Set(fresh.map(\.person))))
            + w.liveOffers(week: week, tasks: Array(Set(fresh.map(\.task))))
        let relevant = ignoringUnit.map { unit in existing.filter { $0.orgUnit != unit } } ?? existing
        let span = { (offer: Offer) -> Span? in offer.start.flatMap { s in offer.end.map { (s, $0) } } ?? legacy[offer.id] }
        if let conflict = conflict(fresh: fresh, existing: relevant, span: span) { throw conflict }
    }

    /// The first conflict of `fresh` with `existing` live offers (and with each other), or nil; `span` gives an
    /// offer's time.
    static func conflict(fresh: [Offer], existing: [Offer], span: (Offer) -> Span?) -> TimelineConflict? {
        var bySeat: [SeatRef: Offer] = [:], byPerson: [String: [(Offer, Span)]] = [:]
        let freshIDs = Set(fresh.map(\.id))
        for offer in existing where !freshIDs.contains(offer.id) && offer.status.isLive {
            bySeat[offer.assignment.seatRef] = offer
            if let s = span(offer) { byPerson[offer.person, default: []].append((offer, s)) }
        }
        for offer in fresh {
            if let other = bySeat[offer.assignment.seatRef] {
                return TimelineConflict(person: offer.person, task: offer.task, other: other, sameSeat: true)
            }
            bySeat[offer.assignment.seatRef] = offer
            guard let s = span(offer) else { continue }
            if let (other, _) = byPerson[offer.person]?.first(where: { $0.1.start < s.end && s.start < $0.1.end }) {
                return TimelineConflict(person: offer.person, task: offer.task, other: other, sameSeat: false)
            }
            byPerson[offer.person, default: []].append((offer, s))
        }
        return nil
    }
}
