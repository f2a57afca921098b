import ChildTutoring
import PluginKit
import Testing

@Suite("ChildTutoring")
struct ChildTutoringTests {
    typealias Kit = PluginTestKit
    let probe = PluginProbe([ChildTutoringPlugin()])

    func session(_ id: String, seats: Int = 2, children: Int = 8, fields: [String: String] = [:], client: String = "class-1") -> ServiceTask {
        Kit.task(id, kind: ChildTutoringPlugin.tutoring, from: "16:30", to: "18:30", seats: seats, client: client,
                 fields: fields.merging(["children": "\(children)"]) { a, _ in a })
    }

    @Test func everyAdultWithChildrenHasAValidBackgroundCheck() throws {
        let people = [Kit.person("checked", credentials: ["backgroundCheck"]), Kit.person("unchecked"),
                      Kit.person("sw", role: .socialWorker, credentials: ["backgroundCheck"])]
        let visit = Kit.task("v", kind: ChildTutoringPlugin.visit, from: "10:00", to: "11:00", fields: ["triage": "red"])
        let problem = Kit.problem(people, [session("s"), visit])
        #expect(try probe.candidates(problem, task: "s") == ["checked", "sw"])
        #expect(try probe.candidates(problem, task: "v") == ["checked", "sw"])
        #expect(try probe.penalty(of: "eligibility", in: problem, assignments: [Assignment(task: "s", seat: 0, person: "unchecked")]) == 1)
        #expect(try probe.penalty(of: "eligibility", in: problem, assignments: [Assignment(task: "s", seat: 0, person: "checked")]) == 0)
    }

    @Test func subjectAndLanguageMatchTheClass() throws {
        let people = [Kit.person("maths", credentials: ["backgroundCheck"], skills: ["math"]),
                      Kit.person("writer", credentials: ["backgroundCheck"], skills: ["calligraphy"]),
                      Kit.person("tibetan", credentials: ["backgroundCheck"], skills: ["calligraphy"], languages: ["zh", "bo"])]
        let problem = Kit.problem(people, [session("m", fields: ["subject": "math"]),
                                           session("t", fields: ["subject": "calligraphy", "language": "bo"], client: "class-2")])
        #expect(try probe.candidates(problem, task: "m") == ["maths"])
        #expect(try probe.candidates(problem, task: "t") == ["tibetan"])
        let why = try probe.solve(problem).explanations.first { $0.task == "t" }!
        #expect(why.reasons.contains { $0.reason == "skill:calligraphy" && $0.count == 1 })
        #expect(why.reasons.contains { $0.reason == "language:bo" && $0.words.zh == "不会藏语" })
    }

    @Test func enoughAdultsForTheChildren() throws {
        let people = (1...3).map { Kit.person("a\($0)", credentials: ["backgroundCheck"]) }
        let problem = Kit.problem(people, [session("s", seats: 3, children: 13)])  // 13 children at 1:6 need 3 adults
        let two = [Assignment(task: "s", seat: 0, person: "a1"), Assignment(task: "s", seat: 1, person: "a2")]
        #expect(try probe.penalty(of: "tutorRatio", in: problem, assignments: two) == 800)
        #expect(try probe.penalty(of: "tutorRatio", in: problem, assignments: two + [Assignment(task: "s", seat: 2, person: "a3")]) == 0)
        #expect(try probe.penalty(of: "tutorRatio", in: problem, assignments: []) == 3 * 800)
        // A session with fewer seats than its children need is refused, naming the seats.
        #expect(throws: InvalidProblem(issues: [ValidationIssue(field: "tasks[0].seats",
                                                                reason: "13 children need 3 adults at this ratio; the task has 2 seats")])) {
            try probe.model(Kit.problem(people, [session("s", seats: 2, children: 13)]))
        }
        // A wider ratio needs fewer adults.
        let wide = Kit.problem(people, [session("s", seats: 3, children: 13, fields: ["ratio": "10"])])
        #expect(try probe.penalty(of: "tutorRatio", in: wide, assignments: two) == 0)
    }

    @Test func noAdultAloneWithChildrenUnlessASocialWorker() throws {
        let people = [Kit.person("v1", credentials: ["backgroundCheck"]), Kit.person("v2", credentials: ["backgroundCheck"]),
                      Kit.person("sw", role: .socialWorker, credentials: ["backgroundCheck"])]
        let problem = Kit.problem(people, [session("s", children: 4)])
        #expect(try probe.penalty(of: "noAdultAlone", in: problem, assignments: [Assignment(task: "s", seat: 0, person: "v1")]) == 1)
        #expect(try probe.penalty(of: "noAdultAlone", in: problem, assignments: [Assignment(task: "s", seat: 1, person: "sw")]) == 0)
        #expect(try probe.penalty(of: "noAdultAlone", in: problem, assignments: [Assignment(task: "s", seat: 0, person: "v1"),
                                                                             Assignment(task: "s", seat: 1, person: "v2")]) == 0)
        #expect(try probe.penalty(of: "noAdultAlone", in: problem, assignments: []) == 0)
        // With one volunteer free, the solver leaves the session empty rather than alone.
        let short = Kit.problem([people[0]], [session("s", children: 4)])
        let schedule = try probe.solve(short)
        #expect(schedule.score.hard == 0 && schedule.assignments.isEmpty)
    }

    @Test func triageColourSetsHowOftenAChildIsVisited() throws {
        let tenDaysAgo = "\(Kit.monday.adding(days: -10))"
        let visits = ["red", "yellow", "green"].map { colour in
            Kit.task(colour, kind: ChildTutoringPlugin.visit, day: 1, from: "10:00", to: "11:00", client: "child-\(colour)",
                     fields: ["triage": colour, "lastVisit": tenDaysAgo])
        }
        let prepared = try probe.registry.prepare(Kit.problem([], visits), enabled: probe.enabled)
        #expect(prepared.tasks.map(\.priority) == [.red, .yellow, .green])
        // Red (weekly) and yellow (two-weekly) are due this week after ten days; green (four-weekly) is not.
        #expect(prepared.tasks.map { $0.seats[0].optional } == [false, false, true])
        var never = visits[2]
        never.fields["lastVisit"] = nil
        #expect(try probe.registry.prepare(Kit.problem([], [never]), enabled: probe.enabled).tasks[0].seats[0].optional == false)
        #expect(throws: InvalidProblem.self) {
            var bad = visits[0]
            bad.fields["triage"] = "purple"
            try probe.model(Kit.problem([], [bad]))
        }
    }

    @Test func theClassKeepsItsTutorsAcrossTheTerm() throws {
        let people = ["a", "b", "c", "d"].map { Kit.person($0, credentials: ["backgroundCheck"]) }
        var problem = Kit.problem(people, [session("s", children: 5)])
        problem.history = ["b", "d"].map { PastAssignment(person: $0, kind: ChildTutoringPlugin.tutoring, client: "class-1") }
        let schedule = try probe.solve(problem)
        #expect(Set([schedule.assigned("s", seat: 0), schedule.assigned("s", seat: 1)]) == ["b", "d"])
    }

    @Test func demoWeekSolvesWithNoHardViolationAndExplainsItself() throws {
        let problem = Kit.demoProblem(for: ChildTutoringPlugin())
        let schedule = try probe.solve(problem)
        #expect(schedule.score.hard == 0)
        #expect(schedule.unfilled.isEmpty)
        #expect(schedule.explainsEverySeatInBothLanguages)
    }
}
