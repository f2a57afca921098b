@_exported import Scheduling
@_exported import struct Solver.Weighting
@_exported import struct Solver.SlotFacts
@_exported import struct Solver.WeightedPersonRule
@_exported import enum Solver.PersonRule
@_exported import protocol Solver.PersonConstraint
@_exported import protocol Solver.GroupConstraint
@_exported import struct Solver.GroupSpec
@_exported import struct Solver.SolverModelContext
@_exported import enum Solver.ConstraintID
@_exported import typealias Solver.Timeline

/// A field a plugin's task kind carries beyond the core task (a dietary note, a subject, a river section).
public struct TaskField: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case text, number, choice, flag }
    public var name: String
    public var kind: Kind
    public var label: Words
    public var choices: [String]
    public var required: Bool

    public init(name: String, kind: Kind, label: Words, choices: [String] = [], required: Bool = false) {
        self.name = name
        self.kind = kind
        self.label = label
        self.choices = choices
        self.required = required
    }
}

/// A kind of task a plugin adds, with its words and extra fields.
public struct TaskKind: Hashable, Codable, Sendable {
    public var id: String
    public var label: Words
    public var fields: [TaskField]

    public init(id: String, label: Words, fields: [TaskField] = []) {
        self.id = id
        self.label = label
        self.fields = fields
    }
}

/// A service domain added without touching the core: task kinds, credentials, constraints in the person and group
/// scopes with default weights (a coordinator overrides them through `rules.weights` by the constraint's name),
/// and words for explanations. A plugin imports PluginKit only.
public protocol DomainPlugin: Sendable {
    /// A stable id, e.g. `elderMeals`.
    var id: String { get }
    var name: Words { get }
    var taskKinds: [TaskKind] { get }
    /// Readable names for the credential and skill codes the plugin introduces.
    var vocabulary: [String: Words] { get }
    /// Checks a task of one of this plugin's kinds; each issue names the field and the reason.
    func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue]
    /// Person-scope constraints for one person (called once per person per solve).
    func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule]
    /// Group-scope constraints over the seats of this solve.
    func groups(context: SolverModelContext) -> [GroupSpec]
}

extension DomainPlugin {
    public var vocabulary: [String: Words] { [:] }
    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] { [] }
    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] { [] }
    public func groups(context: SolverModelContext) -> [GroupSpec] { [] }

    /// The weighting of one of this plugin's constraints after the coordinator's overrides in `rules`.
    public func weighting(_ name: String, level: ScoreLevel, weight: Int, rules: Rules) -> Weighting {
        Weighting(level: rules.levels[name] ?? level, weight: Int64(rules.weights[name] ?? weight))
    }
}
