import Testing
@testable import Scheduling

@Suite struct InputRulesTests {
    @Test(arguments: ["v1", "t12", "A.b-c_d:e", "0", String(repeating: "a", count: 64)])
    func identifiersThatFollowTheRule(_ id: String) {
        #expect(InputRules.identifierProblem(id) == nil)
    }

    @Test(arguments: ["", " ", "\u{0}", "../../etc/passwd", "a/b", "x@2027-01-04", "-x", ".x", "名字", "a b",
                      "x\"><img src=x>", String(repeating: "a", count: 65)])
    func identifiersThatBreakIt(_ id: String) {
        #expect(InputRules.identifierProblem(id) != nil)
    }

    @Test func textMustBeNonBlankShortAndFreeOfControlCharacters() {
        #expect(InputRules.textProblem("张伟", max: 100) == nil)
        #expect(InputRules.textProblem("👩‍👧 family", max: 100) == nil)  // the zero-width joiner inside emoji is fine
        #expect(InputRules.textProblem("  ", max: 100) != nil)
        #expect(InputRules.textProblem("a\u{0}b", max: 100) != nil)
        #expect(InputRules.textProblem("a\u{202E}b", max: 100) != nil)  // right-to-left override
        #expect(InputRules.textProblem("line\nbreak", max: 100) != nil)
        #expect(InputRules.textProblem("line\nbreak", max: 100, multiline: true) == nil)
        #expect(InputRules.textProblem(String(repeating: "x", count: 101), max: 100) != nil)
    }

    @Test func datesOutsideTheCenturiesAreRefused() {
        #expect(InputRules.dateProblem(LocalDate("2026-12-01")!) == nil)
        #expect(InputRules.dateProblem(LocalDate("0000-01-03")!) != nil)
        #expect(InputRules.dateProblem(LocalDate("2101-01-01")!) != nil)
    }

    @Test func aPersonsIssuesNameTheirFields() {
        var person = Person(id: "p 1", name: "", role: .volunteer)
        person.maxMinutesPerDay = 5000
        person.skills = [String(repeating: "s", count: 65)]
        let fields = Set(InputRules.issues(of: person, at: "[0]").map(\.field))
        #expect(fields == ["[0].id", "[0].name", "[0].maxMinutesPerDay", "[0].skills[0]"])
    }

    @Test func aTasksIssuesNameTheirFields() {
        let task = ServiceTask(id: "t1", kind: "homeVisit", title: String(repeating: "t", count: 201),
                               site: Site(id: "bad id", name: nil, lat: 30, lon: 104),
                               start: LocalDateTime("1999-12-31T09:00")!, end: LocalDateTime("1999-12-31T10:00")!,
                               seats: [SeatRequirement(role: .volunteer, count: 1)], notes: "ok\nfine")
        let fields = Set(InputRules.issues(of: task, at: "").map(\.field))
        #expect(fields == ["title", "site.id", "start", "end"])
    }

    @Test func aQuotedValueIsCutAndShowsControlCharacters() {
        #expect(InputRules.quoted("a\u{0}b") == "\"a\\u{0}b\"")
        #expect(InputRules.quoted(String(repeating: "x", count: 100)).count == 43)
    }
}
