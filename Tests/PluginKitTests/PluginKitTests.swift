import PluginKit
import Solver
import Testing

/// At most `limit` patrols per person over the horizon.
private struct PatrolLimit: PersonConstraint {
    static let id = ConstraintID.maxTasksOfKind
    var kind: Int32
    var limit: Int
    func magnitude(_ t: Timeline) -> Int64 { Int64(max(0, t.filter { $0.kind == kind }.count - limit)) }
}

/// A patrol needs two different people: penalise a task group with fewer than two filled seats.
private struct PairOnPatrol: GroupConstraint {
    func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 { people.filter { $0 >= 0 }.count == 1 ? 1 : 0 }
}

private struct RiverPatrolPlugin: DomainPlugin {
    let id = "riverPatrol"
    let name = Words(en: "River patrols", zh: "防溺水巡查")
    let taskKinds = [TaskKind(id: "patrol", label: Words(en: "Patrol", zh: "巡查"))]

    func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        task.seatCount < 2 ? [ValidationIssue(field: "\(path).seats", reason: "a patrol needs at least two seats")] : []
    }

    func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] {
        guard let kind = context.kindIndex["patrol"] else { return [] }
        return [WeightedPersonRule(.custom(PatrolLimit(kind: kind, limit: 1), name: "patrolLimit"),
                                   weighting("patrolLimit", level: .hard, weight: 1, rules: context.problem.rules))]
    }

    func groups(context: SolverModelContext) -> [GroupSpec] {
        let w = weighting("pairOnPatrol", level: .soft, weight: 500, rules: context.problem.rules)
        var byTask: [Int32: [Int32]] = [:]
        for (s, t) in context.slotTask.enumerated() where context.problem.tasks[Int(t)].kind == "patrol" { byTask[t, default: []].append(Int32(s)) }
        return byTask.keys.sorted().map { GroupSpec(name: "pairOnPatrol", key: context.problem.tasks[Int($0)].id, slots: byTask[$0]!,
                                                     constraint: PairOnPatrol(), weighting: w) }
    }
}

@Suite("PluginKit")
struct PluginKitTests {
    let monday = LocalDate(year: 2026, month: 11, day: 30)!

    func problem(seats: Int = 2) -> Problem {
        let site = Site(name: "河道一段", lat: 30.65, lon: 104.08)
        let tasks = (0..<2).map { d in
            ServiceTask(id: "patrol\(d)", kind: "patrol", site: site,
                        start: LocalDateTime(date: monday.adding(days: d), time: LocalTime("14:00")!),
                        end: LocalDateTime(date: monday.adding(days: d), time: LocalTime("17:00")!), seats: [SeatRequirement(count: seats)])
        }
        let people = (1...4).map { Person(id: "v\($0)", name: "志愿者\($0)", role: .volunteer) }
        return Problem(horizon: Horizon(start: monday, days: 7), people: people, tasks: tasks,
                       rules: Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0]))
    }

    @Test func enabledPluginConstraintsShapeTheSchedule() throws {
        let registry = PluginRegistry([RiverPatrolPlugin()])
        let model = try registry.model(for: problem(), enabled: ["riverPatrol"])
        let outcome = Portfolio.solve(model: model, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 20_000), workers: 1))
        #expect(outcome.score == .zero)
        var patrolsPerPerson: [Int32: Int] = [:]
        for p in outcome.assignment where p >= 0 { patrolsPerPerson[p, default: 0] += 1 }
        #expect(patrolsPerPerson.values.allSatisfy { $0 == 1 })  // the plugin's limit of one patrol each holds
        #expect(model.groups.map(\.name) == ["pairOnPatrol", "pairOnPatrol"])
    }

    @Test func disabledPluginAddsNothingAndOverridesApply() throws {
        let registry = PluginRegistry([RiverPatrolPlugin()])
        let off = try registry.model(for: problem(), enabled: [])
        #expect(off.groups.isEmpty)
        #expect(off.personRules[0].allSatisfy { $0.rule.name != "patrolLimit" })
        var tuned = problem()
        tuned.rules.weights["pairOnPatrol"] = 7
        let on = try registry.model(for: tuned, enabled: ["riverPatrol"])
        #expect(on.groups.first?.weighting == Weighting(level: .soft, weight: 7))
    }

    @Test func pluginValidationNamesTheField() {
        let registry = PluginRegistry([RiverPatrolPlugin()])
        #expect(throws: InvalidProblem(issues: [ValidationIssue(field: "tasks[0].seats", reason: "a patrol needs at least two seats"),
                                                ValidationIssue(field: "tasks[1].seats", reason: "a patrol needs at least two seats")])) {
            try registry.model(for: problem(seats: 1), enabled: ["riverPatrol"])
        }
    }
}
