import OutdoorStations
import PluginKit
import Testing

@Suite("OutdoorStations")
struct OutdoorStationsTests {
    typealias Kit = PluginTestKit
    let probe = PluginProbe([OutdoorStationsPlugin()])

    func shift(_ id: String, day: Int = 0, from: String, to: String, seats: Int = 1, fields: [String: String] = [:]) -> ServiceTask {
        Kit.task(id, kind: OutdoorStationsPlugin.shift, day: day, from: from, to: to, seats: seats,
                 fields: fields.merging(["station": "s1"]) { a, _ in a })
    }

    @Test func aFirstAiderOnEveryStaffedShift() throws {
        var lapsed = Kit.person("lapsed", credentials: ["firstAid"])
        lapsed.credentials[0].validTo = Kit.monday.adding(days: -1)
        let people = [Kit.person("medic", credentials: ["firstAid"]), Kit.person("helper"), lapsed]
        let problem = Kit.problem(people, [shift("s", from: "07:00", to: "11:00", seats: 2)])
        func seat(_ n: Int, _ who: String) -> Assignment { Assignment(task: "s", seat: n, person: who) }
        #expect(try probe.penalty(of: "firstAidOnShift", in: problem, assignments: [seat(0, "helper"), seat(1, "lapsed")]) == 1)
        #expect(try probe.penalty(of: "firstAidOnShift", in: problem, assignments: [seat(0, "helper"), seat(1, "medic")]) == 0)
        #expect(try probe.penalty(of: "firstAidOnShift", in: problem, assignments: []) == 0)
        let schedule = try probe.solve(problem)
        #expect(schedule.score.hard == 0 && schedule.assignments.contains { $0.person == "medic" })
    }

    @Test func everyOpeningHourIsStaffed() throws {
        let hours = ["opens": "07:00", "closes": "19:00"]
        let shifts = [shift("a", from: "07:00", to: "11:00", fields: hours), shift("b", from: "11:00", to: "15:00", fields: hours),
                      shift("c", from: "15:00", to: "19:00", fields: hours)]
        let people = ["x", "y", "z"].map { Kit.person($0, credentials: ["firstAid"]) }
        let problem = Kit.problem(people, shifts)
        let morning = [Assignment(task: "a", seat: 0, person: "x"), Assignment(task: "b", seat: 0, person: "y")]
        #expect(try probe.penalty(of: "stationCoverage", in: problem, assignments: morning) == 4 * 300)
        #expect(try probe.penalty(of: "stationCoverage", in: problem, assignments: morning + [Assignment(task: "c", seat: 0, person: "z")]) == 0)
        #expect(try probe.penalty(of: "stationCoverage", in: problem, assignments: []) == 12 * 300)
        // Opening hours the shifts do not reach are uncovered too.
        let longer = Kit.problem(people, shifts.map { var s = $0; s.fields["closes"] = "20:00"; return s })
        #expect(try probe.penalty(of: "stationCoverage", in: longer,
                                  assignments: morning + [Assignment(task: "c", seat: 0, person: "z")]) == 300)
    }

    @Test func aHeatAlertAddsAPersonAndAnHour() throws {
        let hot = shift("h", from: "11:00", to: "15:00", seats: 2, fields: ["alert": "heat", "opens": "07:00", "closes": "19:00"])
        let prepared = try probe.registry.prepare(Kit.problem([], [hot]), enabled: probe.enabled).tasks[0]
        #expect(prepared.seatCount == 3)
        #expect(prepared.end.minuteOfDay == 16 * 60)
        #expect(prepared.fields["closes"] == "20:00")
        let longer = try probe.registry.prepare(Kit.problem([], [hot], settings: ["alertExtraMinutes": 120]), enabled: probe.enabled)
        #expect(longer.tasks[0].end.minuteOfDay == 17 * 60)
        let calm = try probe.registry.prepare(Kit.problem([], [shift("c", from: "11:00", to: "15:00", seats: 2)]), enabled: probe.enabled)
        #expect(calm.tasks[0].seatCount == 2)
    }

    @Test func stationShiftsFollowRestAndDaysInARow() throws {
        let late = shift("late", from: "17:00", to: "21:00"), early = shift("early", day: 1, from: "07:00", to: "11:00")
        let problem = Kit.problem([Kit.person("v")], [late, early])
        let both = [Assignment(task: "late", seat: 0, person: "v"), Assignment(task: "early", seat: 0, person: "v")]
        #expect(try probe.penalty(of: "stationRest", in: problem, assignments: both) == 1)  // 10 h of rest, 1 h short of 11
        let relaxed = Kit.problem([Kit.person("v")], [late, early], settings: ["stationMinRestMinutes": 600])
        #expect(try probe.penalty(of: "stationRest", in: relaxed, assignments: both) == 0)
        let week = (0..<7).map { shift("d\($0)", day: $0, from: "09:00", to: "13:00") }
        let daily = Kit.problem([Kit.person("v")], week)
        let all = week.map { Assignment(task: $0.id, seat: 0, person: "v") }
        #expect(try probe.penalty(of: "stationRest", in: daily, assignments: all) == 2)  // days 6 and 7 in a row
        #expect(try probe.penalty(of: "stationRest", in: daily, assignments: Array(all.prefix(5))) == 0)
    }

    @Test func openingHoursAreChecked() {
        #expect(throws: InvalidProblem(issues: [ValidationIssue(field: "tasks[0].fields.closes", reason: "must be after opens (19:00)"),
                                                ValidationIssue(field: "tasks[1].fields.station", reason: "is required for a stationShift task")])) {
            var noStation = shift("n", from: "07:00", to: "11:00")
            noStation.fields["station"] = nil
            try probe.model(Kit.problem([], [shift("s", from: "07:00", to: "11:00", fields: ["opens": "19:00", "closes": "07:00"]), noStation]))
        }
    }

    @Test func demoWeekSolvesWithNoHardViolationAndExplainsItself() throws {
        let problem = Kit.demoProblem(for: OutdoorStationsPlugin())
        let schedule = try probe.solve(problem)
        #expect(schedule.score.hard == 0)
        #expect(schedule.unfilled.isEmpty)
        #expect(!schedule.constraints.contains { $0.constraint == "stationCoverage" })
        #expect(schedule.explainsEverySeatInBothLanguages)
    }
}
