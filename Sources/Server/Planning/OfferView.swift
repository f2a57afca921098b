import Foundation
import Scheduling
import Storage

/// An offer as people see it: the seat, the task it is for, and why this person was picked.
struct OfferView: Codable, Sendable {
    let id: String
    let orgUnit: String
    let week: LocalDate
    let task: String
    let seat: Int
    let person: String
    let status: OfferStatus
    let deadline: Date
    let version: Int
    let checkedInAt: Date?
    let checkedOutAt: Date?
    let details: ServiceTask?
    let why: Words?
    /// The person's name, where the reader may not know them (a street's volunteer in a community's list).
    var personName: String?

    init(_ offer: Offer, task: ServiceTask?, why: Words? = nil) {
        id = offer.id; orgUnit = offer.orgUnit; week = offer.week; self.task = offer.task; seat = offer.seat
        person = offer.person; status = offer.status; deadline = offer.deadline; version = offer.version
        checkedInAt = offer.checkedInAt; checkedOutAt = offer.checkedOutAt
        details = task
        self.why = why
    }
}

/// Local task times to instants, in the organisation's time zone.
struct LocalClock: Sendable {
    let timeZone: TimeZone

    func instant(_ time: LocalDateTime) -> Date {
        let naive = Date(timeIntervalSince1970: TimeInterval(time.minutes) * 60)
        return naive.addingTimeInterval(-TimeInterval(timeZone.secondsFromGMT(for: naive)))
    }

    /// The local time of an instant, to the minute (rounded up: a task starting this minute has started).
    func local(_ date: Date) -> LocalDateTime {
        let seconds = date.timeIntervalSince1970 + TimeInterval(timeZone.secondsFromGMT(for: date))
        return LocalDateTime(minutes: Int((seconds / 60).rounded(.up)))
    }
}
