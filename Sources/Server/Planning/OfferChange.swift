import Scheduling

/// What installing a schedule changed in a week's live offers, seat by seat: the figures of the console's diff
/// line and of the `schedule.published` / `schedule.replanned` events.
struct OfferChange: Sendable {
    /// Seats that had no live offer and now have one.
    var added = 0
    /// Seats whose live offer went and was not replaced.
    var removed = 0
    /// Seats whose live offer went to another person.
    var moved = 0
    /// People whose offers changed, apart from the people of the causes and anyone only taking a cause's seat.
    var peopleMoved: [String] = []
    /// Everyone who gained or lost an offer.
    var peopleAffected: [String] = []

    /// `before` and `after` map each seat to the person of its live offer.
    init(before: [SeatRef: String], after: [SeatRef: String], causes: [Assignment]) {
        let causeSeats = Set(causes.map(\.seatRef)), causePeople = Set(causes.map(\.person))
        var moved = Set<String>(), affected = Set<String>()
        for seat in Set(before.keys).union(after.keys) where before[seat] != after[seat] {
            switch (before[seat], after[seat]) {
            case (nil, _?): added += 1
            case (_?, nil): removed += 1
            default: self.moved += 1
            }
            let people = [before[seat], after[seat]].compactMap { $0 }
            affected.formUnion(people)
            if !causeSeats.contains(seat) { moved.formUnion(people) }
        }
        peopleMoved = moved.subtracting(causePeople).sorted()
        peopleAffected = affected.sorted()
    }
}
