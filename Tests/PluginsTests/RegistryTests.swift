import BundledPlugins
import ElderMeals
import PluginKit
import RiverPatrol
import Solver
import Testing

@Suite("Plugin registry")
struct RegistryTests {
    typealias Kit = PluginTestKit
    let registry = PluginRegistry.bundled

    /// A week with every bundled plugin's demo, plus a core home visit.
    func mixedWeek() -> Problem {
        var problem = Kit.problem([], [])
        for plugin in registry.plugins {
            let demo = Kit.demoProblem(for: plugin)
            problem.people += demo.people
            problem.tasks += demo.tasks
        }
        problem.people.append(Kit.person("sw", role: .socialWorker))
        problem.tasks.append(Kit.task("visit", kind: "homeVisit", from: "10:00", to: "11:00", client: "household-1"))
        return problem
    }

    @Test func disablingAPluginRemovesItsKindsAndConstraintsAndEnablingRestoresThem() throws {
        let all = Set(registry.ids)
        let withAll = try registry.model(for: mixedWeek(), enabled: all)
        let withoutMeals = try registry.model(for: mixedWeek(), enabled: all.subtracting(["elderMeals"]))
        #expect(withAll.kinds.contains(ElderMealsPlugin.delivery))
        #expect(!withoutMeals.kinds.contains(ElderMealsPlugin.delivery) && !withoutMeals.kinds.contains(ElderMealsPlugin.cooking))
        #expect(withoutMeals.kinds.contains("homeVisit") && withoutMeals.kinds.contains(RiverPatrolPlugin.kind))
        #expect(withAll.personRules[0].contains { $0.rule.name == "deliveryRound" })
        #expect(!withoutMeals.personRules[0].contains { $0.rule.name == "deliveryRound" })
        #expect(withoutMeals.groups.contains { $0.name == "patrolPair" })
        #expect(withAll.slotRules.contains { $0.name == "canteenHygiene" } && !withoutMeals.slotRules.contains { $0.name == "canteenHygiene" })
        let back = try registry.model(for: mixedWeek(), enabled: all)
        #expect(back.kinds == withAll.kinds && back.slotCount == withAll.slotCount && back.groups.count == withAll.groups.count)
        let none = try registry.model(for: mixedWeek(), enabled: [])
        #expect(none.kinds == ["homeVisit"] && none.groups.isEmpty)
    }

    @Test func anotherUnitsHeldTaskStaysWhateverItsKindAndKeepsItsPersonBusy() throws {
        // The street's patrol holds p1 from 14:00; this unit has no patrols, but p1 is busy there all the same.
        let patrol = Kit.task("street-patrol", kind: RiverPatrolPlugin.kind, from: "14:00", to: "17:00", seats: 2, fields: ["section": "1"])
        var problem = Kit.problem([Kit.person("p1"), Kit.person("p2")], [patrol, Kit.task("visit", kind: "homeVisit", from: "15:00", to: "16:00")])
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: "street-patrol", seat: 0), person: "p1", unit: "street")]
        problem.heldTasks = ["street-patrol"]
        let model = try registry.model(for: problem, enabled: [])
        #expect(model.kinds.contains(RiverPatrolPlugin.kind))
        let schedule = TandemSolver.solve(model: model, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5_000),
                                                                                            workers: 1, seed: 1))
        #expect(schedule.assignments == [Assignment(task: "visit", seat: 0, person: "p2")])
    }

    @Test func aDisabledKindIsRefusedNamingTheKind() {
        let task = Kit.task("p", kind: RiverPatrolPlugin.kind, from: "14:00", to: "17:00", seats: 2, fields: ["section": "1"])
        #expect(registry.validate(task, at: "task", enabled: ["elderMeals"])
                == [ValidationIssue(field: "task.kind", reason: "patrol belongs to the plugin riverPatrol, which is not enabled here")])
        #expect(registry.validate(task, at: "task", enabled: ["riverPatrol"]).isEmpty)
        #expect(registry.allows(kind: "homeVisit", enabled: []))
    }

    @Test func coordinatorsOverrideAPluginsWeights() throws {
        var problem = Kit.problem([Kit.person("a")], [Kit.task("p", kind: RiverPatrolPlugin.kind, day: 5, from: "14:00", to: "17:00", seats: 2,
                                                               fields: ["section": "1"])])
        problem.rules.levels["patrolPair"] = .soft
        problem.rules.weights["patrolPair"] = 40
        let model = try registry.model(for: problem, enabled: ["riverPatrol"])
        #expect(model.groups.first { $0.name == "patrolPair" }?.weighting == Weighting(level: .soft, weight: 40))
    }

    @Test func everyPluginDescribesItselfInBothLanguages() {
        for plugin in registry.plugins {
            #expect(!plugin.constraints.isEmpty)
            for c in plugin.constraints {
                #expect(!c.description.zh.isEmpty && !c.wouldBreak.en.isEmpty && c.description.en != c.description.zh)
            }
            for kind in plugin.taskKinds { #expect(!kind.label.zh.isEmpty && kind.fields.allSatisfy { !$0.label.zh.isEmpty }) }
        }
    }

    @Test func allPluginsTogetherSolveTheirDemoWithNoHardViolation() throws {
        let model = try registry.model(for: mixedWeek(), enabled: Set(registry.ids))
        let schedule = TandemSolver.solve(model: model, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 400_000), workers: 1))
        #expect(schedule.score.hard == 0)
    }
}

/// Plugin rules are scoped to their kinds, and the search skips them for moves on other kinds: the incremental
/// score must still equal a full recompute after every move.
@Suite("Plugin rules in incremental scoring")
struct PluginIncrementalScoreTests {
    @Test(arguments: [UInt64(5), 9])
    func incrementalScoreMatchesFullRecomputeWithEveryPlugin(seed: UInt64) throws {
        let week = RegistryTests().mixedWeek()
        var problem = week
        problem.rules.settings = ["maxStopsPerRound": 2, "maxPatrolsPerWeek": 1, "stationMinRestMinutes": 900, "stationMaxDaysInRow": 2]
        let model = try PluginRegistry.bundled.model(for: problem, enabled: Set(PluginRegistry.bundled.ids))
        #expect(model.personRules.contains { $0.contains { $0.rule.kindMask != 0 } })
        let check = IncrementalCheck.run(model: model, seed: seed, steps: 4000, discardEvery: 4)
        #expect(check.firstMismatch == nil)
        #expect(check.committed > 1000)
    }
}
