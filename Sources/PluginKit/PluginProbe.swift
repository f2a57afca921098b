import Scheduling
import Solver

/// What a plugin's tests ask of it, on tiny problems: who may take a seat, what one constraint costs for a given
/// set of assignments, and a full solve with explanations. It goes through the same registry and model build as a
/// server solve, so a test of the probe is a test of the real thing.
public struct PluginProbe: Sendable {
    public let registry: PluginRegistry
    public let enabled: Set<String>

    public init(_ plugins: [any DomainPlugin]) {
        registry = PluginRegistry(plugins)
        enabled = Set(plugins.map(\.id))
    }

    @discardableResult
    public func model(_ problem: Problem) throws -> SolverModel { try registry.model(for: problem, enabled: enabled) }

    /// The ids of the people who may take seat `seat` of task `task`.
    public func candidates(_ problem: Problem, task: String, seat: Int = 0) throws -> [String] {
        let model = try model(problem)
        guard let s = model.slotRefs.firstIndex(of: SeatRef(task: task, seat: seat)) else { return [] }
        return model.candidates(of: s).map { model.problem.people[Int(model.candidatePersons[$0])].id }
    }

    /// The penalty of constraint `name` (at its level) with exactly these assignments; 0 when it does not fire.
    public func penalty(of name: String, in problem: Problem, assignments: [Assignment]) throws -> Int64 {
        let model = try model(problem)
        var assignment = [Int32](repeating: -1, count: model.slotCount)
        let people = Dictionary(uniqueKeysWithValues: model.problem.people.enumerated().map { ($1.id, Int32($0)) })
        for a in assignments {
            guard let s = model.slotRefs.firstIndex(of: a.seatRef), let p = people[a.person] else {
                throw InvalidProblem(issues: [ValidationIssue(field: "assignments", reason: "no seat \(a.seatRef) or person \(a.person)")])
            }
            assignment[s] = p
        }
        return ScoreBreakdown.shares(model: model, assignment: assignment).first { $0.constraint == name }?.penalty ?? 0
    }

    /// Solves the problem with the plugins enabled (one worker, a fixed seed) and explains every seat.
    public func solve(_ problem: Problem, evaluations: Int64 = 300_000, seed: UInt64 = 1) throws -> Schedule {
        TandemSolver.solve(model: try model(problem),
                           configuration: SolverConfiguration(termination: Termination(maxEvaluations: evaluations), workers: 1, seed: seed))
    }
}
