import Scheduling
import Solver

/// The compiled-in plugins. An org enables some of them; a solve for that org sees only the enabled plugins'
/// task kinds and constraints.
public struct PluginRegistry: Sendable {
    public let plugins: [any DomainPlugin]

    public init(_ plugins: [any DomainPlugin]) {
        var owners: [String: String] = [:]
        for plugin in plugins {
            for kind in plugin.taskKinds {
                precondition(owners[kind.id] == nil, "task kind \(kind.id) is claimed by both \(owners[kind.id]!) and \(plugin.id)")
                owners[kind.id] = plugin.id
            }
        }
        self.plugins = plugins
    }

    public var ids: [String] { plugins.map(\.id) }

    public func enabled(_ ids: Set<String>) -> [any DomainPlugin] { plugins.filter { ids.contains($0.id) } }

    public func plugin(_ id: String) -> (any DomainPlugin)? { plugins.first { $0.id == id } }

    /// The plugin that owns a task kind, or nil for a core kind (home visits, group activities, free kinds).
    public func owner(ofKind kind: String) -> (any DomainPlugin)? { plugins.first { $0.owns(kind: kind) } }

    /// True when `kind` may be used where `enabled` plugins are on: a core kind, or an enabled plugin's.
    public func allows(kind: String, enabled ids: Set<String>) -> Bool { owner(ofKind: kind).map { ids.contains($0.id) } ?? true }

    /// The issues of one task under the enabled plugins: a disabled plugin's kind, bad fields, the plugin's own checks.
    public func validate(_ task: ServiceTask, at path: String, enabled ids: Set<String>) -> [ValidationIssue] {
        guard let plugin = owner(ofKind: task.kind) else { return [] }
        guard ids.contains(plugin.id) else {
            return [ValidationIssue(field: "\(path).kind", reason: "\(task.kind) belongs to the plugin \(plugin.id), which is not enabled here")]
        }
        let kind = plugin.taskKinds.first { $0.id == task.kind }!
        return kind.check(task, at: path) + plugin.validate(task, at: path)
    }

    /// The problem as the enabled plugins see it: tasks of a disabled plugin's kinds left out (with the pins and
    /// current assignments on them), the others validated and prepared by their plugin. Another unit's held tasks
    /// stay whatever their kind (their people are busy there all the same) and were validated where they belong.
    public func prepare(_ problem: Problem, enabled ids: Set<String>) throws -> Problem {
        var out = problem
        out.tasks = problem.tasks.filter { allows(kind: $0.kind, enabled: ids) || problem.heldTasks.contains($0.id) }
        if out.tasks.count != problem.tasks.count {
            let kept = Set(out.tasks.map(\.id))
            out.pins = problem.pins.filter { kept.contains($0.task) }
            out.currentSchedule = problem.currentSchedule.filter { kept.contains($0.task) }
        }
        var issues: [ValidationIssue] = []
        for (i, task) in problem.tasks.enumerated() where allows(kind: task.kind, enabled: ids) && !problem.heldTasks.contains(task.id) {
            issues += validate(task, at: "tasks[\(i)]", enabled: ids)
        }
        guard issues.isEmpty else { throw InvalidProblem(issues: issues) }
        for i in out.tasks.indices {
            if let plugin = owner(ofKind: out.tasks[i].kind) { out.tasks[i] = plugin.prepare(out.tasks[i], rules: problem.rules) }
        }
        return out
    }

    /// What the enabled plugins add to a model build.
    public func extensions(enabled ids: Set<String>, rules: Rules) -> ModelExtensions {
        let active = enabled(ids)
        var wouldBreak: [String: Words] = [:], vocabulary: [String: Words] = [:]
        for plugin in active {
            for c in plugin.constraints { wouldBreak[c.name] = c.wouldBreak }
            vocabulary.merge(plugin.vocabulary) { first, _ in first }
        }
        return ModelExtensions(slotRules: active.flatMap { $0.slotRules(rules: rules) },
                               personRules: { person, context in active.flatMap { $0.personRules(for: person, context: context) } },
                               groups: { context in active.flatMap { $0.groups(context: context) } },
                               words: RuleWords(wouldBreak: wouldBreak, vocabulary: vocabulary))
    }

    /// Prepares a problem and compiles it with the enabled plugins' constraints.
    public func model(for problem: Problem, enabled ids: Set<String>) throws -> SolverModel {
        let prepared = try prepare(problem, enabled: ids)
        return try SolverModel.build(prepared, extensions: extensions(enabled: ids, rules: prepared.rules))
    }
}
