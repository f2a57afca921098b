import Foundation
import Testing
@testable import Scheduling

@Suite("Problem validation")
struct ValidationTests {
    let monday = LocalDate("2026-11-30")!

    func problem() -> Problem {
        let site = Site(lat: 30.65, lon: 104.08)
        return Problem(horizon: Horizon(start: monday, days: 7),
                       people: [Person(id: "a", name: "李华", role: .volunteer)],
                       tasks: [ServiceTask(id: "t", kind: "visit", site: site, start: LocalDateTime("2026-11-30T09:00")!,
                                           end: LocalDateTime("2026-11-30T10:00")!, seats: [SeatRequirement()])])
    }

    @Test func aGoodProblemHasNoErrors() {
        #expect(problem().validate().errors.isEmpty)
    }

    @Test func endBeforeStartNamesTheField() {
        var p = problem()
        p.tasks[0].end = LocalDateTime("2026-11-30T08:00")!
        #expect(p.validate().errors.map(\.field) == ["tasks[0].end"])
    }

    @Test func unknownPeopleAndTasksInPinsAreErrors() {
        var p = problem()
        p.pins = [Assignment(task: "t", seat: 0, person: "nobody"), Assignment(task: "missing", seat: 0, person: "a"),
                  Assignment(task: "t", seat: 3, person: "a")]
        let fields = p.validate().errors.map(\.field)
        #expect(fields == ["pins[0].person", "pins[1].task", "pins[2].seat"])
    }

    @Test func duplicatesOutsideTheHorizonAndBadNumbers() {
        var p = problem()
        p.people.append(Person(id: "a", name: "重复", role: .volunteer, maxMinutesPerDay: -5))
        p.tasks.append(ServiceTask(id: "t2", kind: "visit", site: Site(lat: 95, lon: 0), start: LocalDateTime("2026-12-09T09:00")!,
                                   end: LocalDateTime("2026-12-09T10:00")!, seats: [SeatRequirement(count: 0)]))
        let fields = Set(p.validate().errors.map(\.field))
        #expect(fields == ["people[1].id", "people[1].maxMinutesPerDay", "tasks[1].start", "tasks[1].site.lat", "tasks[1].seats[0].count"])
    }

    @Test func aCredentialNobodyHoldsIsAWarningNotAnError() {
        var p = problem()
        p.tasks[0].seats = [SeatRequirement(credentials: [CredentialRequirement(kind: "foodHygiene")])]
        let (errors, warnings) = p.validate()
        #expect(errors.isEmpty)
        #expect(warnings.map(\.field) == ["tasks[0].seats[0].credentials"])
    }

    @Test func referencesThatMatchNothingAreNamedAndTheRestAreNot() {
        var p = problem()
        p.people[0].preferences = Preferences(preferredKinds: ["visit", "knitting"], dislikedKinds: ["visit"],
                                              requests: [ShiftRequest(date: monday, kind: "visit", wanted: true, weight: 1),
                                                         ShiftRequest(date: monday.adding(days: 7), kind: "night", wanted: false, weight: 1)])
        p.people[0].labourGroup = "night"
        p.rules.labour["default"] = LabourRules(maxTasksOfKind: ["visit": 2, "late": 1],
                                                forbiddenSuccessions: [Succession(first: "visit", then: "late")])
        #expect(p.unmatchedReferences().map(\.field) == [
            "people[0].preferences.preferredKinds", "people[0].preferences.requests[1].date", "people[0].preferences.requests[1].kind",
            "people[0].labourGroup", "rules.labour.default.forbiddenSuccessions[0].then", "rules.labour.default.maxTasksOfKind",
        ])
        #expect(p.unmatchedReferences()[3].reason.contains("default group"))
        #expect(problem().unmatchedReferences().isEmpty)
    }

    @Test func decodingErrorsNameTheField() throws {
        let json = #"{"horizon":{"start":"2026-11-30","days":7},"people":[{"id":"a","name":"x","role":"wizard"}],"tasks":[]}"#
        do {
            _ = try JSONDecoder().decode(Problem.self, from: Data(json.utf8))
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            let issue = ValidationIssue(decodingError: error)
            #expect(issue.field == "people[0].role")
        }
        let badDate = #"{"horizon":{"start":"2026-02-30","days":7},"people":[],"tasks":[]}"#
        do {
            _ = try JSONDecoder().decode(Problem.self, from: Data(badDate.utf8))
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            let issue = ValidationIssue(decodingError: error)
            #expect(issue.field == "horizon.start")
            #expect(issue.reason.contains("YYYY-MM-DD"))
        }
    }

    @Test func priorityAcceptsColoursAndRejectsOthers() throws {
        let decode = { (s: String) in try JSONDecoder().decode([Priority].self, from: Data(s.utf8)) }
        #expect(try decode(#"["red","yellow","green",7]"#).map(\.value) == [10, 6, 3, 7])
        #expect(throws: DecodingError.self) { try decode(#"["purple"]"#) }
        #expect(throws: DecodingError.self) { try decode(#"[11]"#) }
    }
}
