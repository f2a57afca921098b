import PluginKit
import Testing
import TemplatePlugin

/// The template is where new plugins start: it must keep compiling, solving and explaining.
@Suite("Template")
struct TemplateTests {
    typealias Kit = PluginTestKit
    let probe = PluginProbe([TemplatePlugin()])

    @Test func everyPartWorks() throws {
        let people = [Kit.person("barber", skills: ["haircut"]), Kit.person("b2", skills: ["haircut"]), Kit.person("other")]
        let visits = (0..<2).map { Kit.task("h\($0)", kind: TemplatePlugin.kind, from: "09:00", to: "10:00", seats: 2, fields: ["clients": "2"]) }
        var problem = Kit.problem(people, visits)
        problem.tasks[1].start = LocalDateTime(date: Kit.monday, time: LocalTime("14:00")!)
        problem.tasks[1].end = LocalDateTime(date: Kit.monday, time: LocalTime("15:00")!)
        #expect(try probe.candidates(problem, task: "h0") == ["barber", "b2"])
        let alone = [Assignment(task: "h0", seat: 0, person: "barber")]
        #expect(try probe.penalty(of: "barberPair", in: problem, assignments: alone) == 1)
        let twice = [Assignment(task: "h0", seat: 0, person: "barber"), Assignment(task: "h1", seat: 0, person: "barber")]
        #expect(try probe.penalty(of: "haircutsPerDay", in: problem, assignments: twice) == 50)
        #expect(throws: InvalidProblem.self) {
            var bad = problem
            bad.tasks[0].fields["clients"] = "0"
            try probe.model(bad)
        }
        let schedule = try probe.solve(Kit.demoProblem(for: TemplatePlugin()))
        #expect(schedule.score.hard == 0 && schedule.unfilled.isEmpty && schedule.explainsEverySeatInBothLanguages)
    }
}
