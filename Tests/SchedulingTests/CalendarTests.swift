import Testing
@testable import Scheduling

@Suite("Calendar values")
struct CalendarTests {
    @Test func datesRoundTripAndKnowTheirWeekday() {
        let d = LocalDate("2026-11-30")!
        #expect(d.description == "2026-11-30")
        #expect(d.weekday == 1)  // a Monday
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("26-11-30") == nil)
        #expect(LocalDate("1970-01-01")!.dayNumber == 0)
        #expect(LocalDate("1969-12-31")!.adding(days: 1) == LocalDate("1970-01-01"))
        #expect(LocalDate("2026-12-05")!.isWeekend)
    }

    @Test func timesAndDateTimes() {
        #expect(LocalTime("24:00")!.minuteOfDay == 1440)
        #expect(LocalTime("24:30") == nil)
        #expect(LocalTime("9:00") == nil)
        let t = LocalDateTime("2026-11-30T08:45")!
        #expect(t.description == "2026-11-30T08:45")
        #expect(t.date == LocalDate("2026-11-30"))
        #expect(t.minuteOfDay == 525)
        #expect(LocalDateTime("2026-11-30 08:45") == nil)
    }

    @Test func distancesInsideACity() {
        let a = GeoPoint(lat: 30.65, lon: 104.08), b = GeoPoint(lat: 30.66, lon: 104.08)
        #expect(abs(a.distance(to: b) - 1112) < 5)
        let xy = b.planarKm(from: a)
        #expect(abs(xy.y - 1.106) < 0.01 && abs(xy.x) < 1e-9)
    }
}
