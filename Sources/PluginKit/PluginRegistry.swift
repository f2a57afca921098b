import Solver

/// The compiled-in plugins and which are enabled; builds solver models with the enabled plugins' constraints.
public struct PluginRegistry: Sendable {
    public let plugins: [any DomainPlugin]

    public init(_ plugins: [any DomainPlugin]) { self.plugins = plugins }

    public func enabled(_ ids: Set<String>) -> [any DomainPlugin] { plugins.filter { ids.contains($0.id) } }

    /// Validates a problem's plugin task kinds and compiles it with the enabled plugins' constraints.
    public func model(for problem: Problem, enabled ids: Set<String>) throws -> SolverModel {
        let active = enabled(ids)
        var issues: [ValidationIssue] = []
        for (i, task) in problem.tasks.enumerated() {
            for plugin in active where plugin.taskKinds.contains(where: { $0.id == task.kind }) {
                issues += plugin.validate(task, at: "tasks[\(i)]")
            }
        }
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        return try SolverModel.build(problem,
                                     extraPersonRules: { person, context in active.flatMap { $0.personRules(for: person, context: context) } },
                                     extraGroups: { context in active.flatMap { $0.groups(context: context) } })
    }
}
