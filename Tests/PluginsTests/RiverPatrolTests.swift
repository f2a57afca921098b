import PluginKit
import RiverPatrol
import Testing

/// The fourth plugin, written from docs/plugins.md alone.
@Suite("RiverPatrol")
struct RiverPatrolTests {
    typealias Kit = PluginTestKit
    let probe = PluginProbe([RiverPatrolPlugin()])

    func patrol(_ id: String, day: Int = 5, from: String = "14:00", to: String = "17:00", seats: Int = 2) -> ServiceTask {
        Kit.task(id, kind: RiverPatrolPlugin.kind, day: day, from: from, to: to, seats: seats, fields: ["section": "锦江-1"])
    }

    @Test func nobodyPatrolsAlone() throws {
        let problem = Kit.problem([Kit.person("a", skills: ["swimming"]), Kit.person("b")], [patrol("p")])
        #expect(try probe.penalty(of: "patrolPair", in: problem, assignments: [Assignment(task: "p", seat: 0, person: "a")]) == 1)
        #expect(try probe.penalty(of: "patrolPair", in: problem, assignments: [Assignment(task: "p", seat: 0, person: "a"),
                                                                           Assignment(task: "p", seat: 1, person: "b")]) == 0)
        #expect(throws: InvalidProblem(issues: [ValidationIssue(field: "tasks[0].seats",
                                                                reason: "a patrol needs at least two seats: nobody patrols alone")])) {
            try probe.model(Kit.problem([], [patrol("p", seats: 1)]))
        }
    }

    @Test func aSwimmerOrFirstAiderOnEveryPatrol() throws {
        let people = [Kit.person("swim", skills: ["swimming"]), Kit.person("medic", credentials: ["firstAid"]), Kit.person("x"), Kit.person("y")]
        let problem = Kit.problem(people, [patrol("p")])
        func pair(_ a: String, _ b: String) -> [Assignment] { [Assignment(task: "p", seat: 0, person: a), Assignment(task: "p", seat: 1, person: b)] }
        #expect(try probe.penalty(of: "waterSafety", in: problem, assignments: pair("x", "y")) == 1)
        #expect(try probe.penalty(of: "waterSafety", in: problem, assignments: pair("x", "swim")) == 0)
        #expect(try probe.penalty(of: "waterSafety", in: problem, assignments: pair("medic", "y")) == 0)
        #expect(try probe.penalty(of: "waterSafety", in: problem, assignments: []) == 0)
    }

    @Test func atMostTwoPatrolsAWeek() throws {
        let patrols = (0..<3).map { patrol("p\($0)", day: 4 + $0) }
        let people = [Kit.person("a", skills: ["swimming"]), Kit.person("b")]
        let problem = Kit.problem(people, patrols)
        let all = patrols.map { Assignment(task: $0.id, seat: 0, person: "a") }
        #expect(try probe.penalty(of: "patrolsPerWeek", in: problem, assignments: all) == 1)
        #expect(try probe.penalty(of: "patrolsPerWeek", in: problem, assignments: Array(all.prefix(2))) == 0)
        let three = Kit.problem(people, patrols, settings: ["maxPatrolsPerWeek": 3])
        #expect(try probe.penalty(of: "patrolsPerWeek", in: three, assignments: all) == 0)
    }

    @Test func theSectionKeepsItsPatrollers() throws {
        let prepared = try probe.registry.prepare(Kit.problem([], [patrol("p")]), enabled: probe.enabled)
        #expect(prepared.tasks[0].client == "section:锦江-1")
    }

    @Test func demoWeekSolvesWithNoHardViolationAndExplainsItself() throws {
        let schedule = try probe.solve(Kit.demoProblem(for: RiverPatrolPlugin()))
        #expect(schedule.score.hard == 0)
        #expect(schedule.unfilled.isEmpty)
        #expect(schedule.explainsEverySeatInBothLanguages)
    }
}
