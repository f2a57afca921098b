import Foundation
import Scheduling
import Testing
@testable import Server

/// What the clock freezes and when answers are due.
@Suite struct PlanningTimeTests {
    /// Wednesday 2026-12-02 09:30 in Shanghai.
    static let wednesday = Date(timeIntervalSince1970: 1_796_175_000)

    static func time() -> PlanningTime {
        var configuration = ServerConfiguration(clock: ShiftedClock(startingAt: wednesday))
        configuration.offerWindow = 24 * 3600
        return PlanningTime(configuration)
    }

    static func task(_ start: String) -> ServiceTask {
        ServiceTask(id: "t", kind: "homeVisit", site: Site(lat: 30.6, lon: 104.0), start: LocalDateTime(start)!,
                    end: LocalDateTime(minutes: LocalDateTime(start)!.minutes + 60), seats: [SeatRequirement(count: 1)])
    }

    @Test func whatStartsWithinTheLeadTimeIsFrozenAndWhatHasStartedHasStarted() {
        let time = Self.time()
        #expect(time.hasStarted(Self.task("2026-12-02T09:00")))
        #expect(!time.hasStarted(Self.task("2026-12-02T10:00")))
        #expect(time.isFrozen(Self.task("2026-12-02T11:00")))
        #expect(!time.isFrozen(Self.task("2026-12-02T11:45")))
        #expect(time.isFrozen(Self.task("2026-11-30T09:00")))
    }

    @Test func anAnswerIsDueWithinTheWindowAndAnHourBeforeTheStart() {
        let time = Self.time(), now = Self.wednesday
        #expect(time.deadline(for: Self.task("2026-12-02T14:00"), now: now) == now.addingTimeInterval(3.5 * 3600))
        #expect(time.deadline(for: Self.task("2026-12-05T14:00"), now: now) == now.addingTimeInterval(24 * 3600))
    }

    @Test func aUnitsOwnTimingReplacesTheDefaults() {
        let rules = Rules(settings: ["offerLeadMinutes": 30, "replanMarginMinutes": 180, "offerWindowMinutes": 120])
        let time = Self.time().adjusted(by: rules), now = Self.wednesday
        #expect(!time.isFrozen(Self.task("2026-12-02T10:30")))
        #expect(time.isFrozen(Self.task("2026-12-02T09:50")))
        #expect(time.deadline(for: Self.task("2026-12-02T14:00"), now: now) == now.addingTimeInterval(1.5 * 3600))
        #expect(time.deadline(for: Self.task("2026-12-05T14:00"), now: now) == now.addingTimeInterval(2 * 3600))
        #expect(Self.time().adjusted(by: nil).lead == Self.time().lead)
    }
}
