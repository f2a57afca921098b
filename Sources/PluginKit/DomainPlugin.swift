@_exported import Scheduling
@_exported import struct Solver.Weighting
@_exported import struct Solver.SlotFacts
@_exported import struct Solver.WeightedPersonRule
@_exported import enum Solver.PersonRule
@_exported import protocol Solver.PersonConstraint
@_exported import protocol Solver.GroupConstraint
@_exported import protocol Solver.SlotRule
@_exported import struct Solver.GroupSpec
@_exported import struct Solver.SolverModelContext
@_exported import enum Solver.ConstraintID
@_exported import enum Solver.ConstraintScope
@_exported import typealias Solver.Timeline

/// A service domain added without touching the core: task kinds with their fields and validation, credential and
/// skill names, constraints in the slot, person and group scopes with default weights (a coordinator overrides them
/// per org through `rules.weights` and `rules.levels`, by the constraint's name), demo data, and explanation words in
/// Chinese and English. A plugin imports PluginKit only. See docs/plugins.md.
public protocol DomainPlugin: Sendable {
    /// A stable id, e.g. `elderMeals`: what an org's configuration enables.
    var id: String { get }
    var name: Words { get }
    var taskKinds: [TaskKind] { get }
    /// Readable names for the credential and skill codes the plugin introduces.
    var vocabulary: [String: Words] { get }
    /// Every constraint the plugin adds, with its default level and weight and its words.
    var constraints: [PluginConstraint] { get }

    /// Checks a task of one of this plugin's kinds; each issue names the field and the reason.
    func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue]
    /// A valid task of one of this plugin's kinds as the solver should see it: seat requirements its kind implies
    /// (a background check for every adult with children), headcount raised by an alert. Called after `validate`.
    func prepare(_ task: ServiceTask, rules: Rules) -> ServiceTask
    /// Slot-scope rules: who may take a seat at all, and what a person costs there.
    func slotRules(rules: Rules) -> [any SlotRule]
    /// Person-scope constraints for one person (called once per person per solve).
    func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule]
    /// Group-scope constraints over the seats of this solve.
    func groups(context: SolverModelContext) -> [GroupSpec]
    /// A believable week of this domain for the demo and the end-to-end tests.
    func demo(_ setting: DemoSetting) -> DemoWeek
}

extension DomainPlugin {
    public var vocabulary: [String: Words] { [:] }
    public var constraints: [PluginConstraint] { [] }
    public func validate(_ task: ServiceTask, at path: String) -> [ValidationIssue] { [] }
    public func prepare(_ task: ServiceTask, rules: Rules) -> ServiceTask { task }
    public func slotRules(rules: Rules) -> [any SlotRule] { [] }
    public func personRules(for person: Person, context: SolverModelContext) -> [WeightedPersonRule] { [] }
    public func groups(context: SolverModelContext) -> [GroupSpec] { [] }
    public func demo(_ setting: DemoSetting) -> DemoWeek { DemoWeek() }

    /// True when `kind` is one of this plugin's task kinds.
    public func owns(kind: String) -> Bool { taskKinds.contains { $0.id == kind } }

    /// The weighting of one of this plugin's constraints: its declared default after the coordinator's overrides.
    public func weighting(_ name: String, rules: Rules) -> Weighting {
        let declared = constraints.first { $0.name == name }
        precondition(declared != nil, "\(id) uses the constraint \(name) without declaring it in `constraints`")
        return Weighting(level: rules.levels[name] ?? declared!.level, weight: Int64(rules.weights[name] ?? declared!.weight))
    }
}

/// A constraint a plugin adds: its name (the key in `rules.weights`), scope, default level and weight, and the
/// words an explanation uses when a person would break it ("already deliver their most stops this round").
public struct PluginConstraint: Hashable, Codable, Sendable {
    public var name: String
    public var scope: ConstraintScope
    public var level: ScoreLevel
    public var weight: Int
    public var description: Words
    public var wouldBreak: Words

    public init(name: String, scope: ConstraintScope, level: ScoreLevel, weight: Int, description: Words, wouldBreak: Words) {
        self.name = name
        self.scope = scope
        self.level = level
        self.weight = weight
        self.description = description
        self.wouldBreak = wouldBreak
    }
}

/// Where a plugin's demo week happens: the week, the communities (id, name, centre) and a seed.
public struct DemoSetting: Sendable {
    public var week: LocalDate
    public var communities: [(id: String, name: String, centre: GeoPoint)]
    public var seed: UInt64

    public init(week: LocalDate, communities: [(id: String, name: String, centre: GeoPoint)], seed: UInt64 = 1) {
        self.week = week
        self.communities = communities
        self.seed = seed
    }
}

/// A plugin's demo data: the people its tasks need and the tasks.
public struct DemoWeek: Sendable {
    public var people: [Person]
    public var tasks: [ServiceTask]

    public init(people: [Person] = [], tasks: [ServiceTask] = []) {
        self.people = people
        self.tasks = tasks
    }
}
