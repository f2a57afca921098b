import Scheduling

/// A slot-scope rule added to a model (by a plugin): it may keep a person out of a seat, or price them there.
/// It looks at nothing but the person, the task and the seat, so its verdict is computed once per build and the
/// search never calls it.
public protocol SlotRule: Sendable {
    /// The rule's id in `rules.weights`, score shares and explanations.
    var name: String { get }
    /// How much one unit of `cost` weighs (after the coordinator's overrides).
    var weighting: Weighting { get }
    /// The reason `person` may not take a seat of `task` with requirement `seat`, in words, or nil when they may.
    /// Words read after a count: "3 lack a valid background check".
    func exclusion(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Words?
    /// The cost of `person` in the seat, before weighting; 0 for none.
    func cost(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Int64
    /// False when the rule neither excludes nor prices anyone in `task`'s seats (a rule about some kinds only). The
    /// build asks once per task and then skips the rule for every person: on a city's week that is millions of calls.
    func applies(to task: ServiceTask) -> Bool
}

extension SlotRule {
    public var weighting: Weighting { Weighting(level: .soft, weight: 0) }
    public func exclusion(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Words? { nil }
    public func cost(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Int64 { 0 }
    public func applies(to task: ServiceTask) -> Bool { true }
}

/// Constraints and words a model build takes on top of the core ones: what the enabled plugins contribute.
public struct ModelExtensions: Sendable {
    public var slotRules: [any SlotRule]
    public var personRules: @Sendable (Person, SolverModelContext) -> [WeightedPersonRule]
    public var groups: @Sendable (SolverModelContext) -> [GroupSpec]
    /// Words for constraint names ("would break …") and for credential, skill and language codes.
    public var words: RuleWords

    public init(slotRules: [any SlotRule] = [],
                personRules: @escaping @Sendable (Person, SolverModelContext) -> [WeightedPersonRule] = { _, _ in [] },
                groups: @escaping @Sendable (SolverModelContext) -> [GroupSpec] = { _ in [] },
                words: RuleWords = RuleWords()) {
        self.slotRules = slotRules
        self.personRules = personRules
        self.groups = groups
        self.words = words
    }
}

/// Words that explanations use for names the core does not know: a plugin constraint that would break
/// ("already deliver their most stops in this round") and the codes of credentials and skills it introduces.
public struct RuleWords: Sendable {
    public var wouldBreak: [String: Words]
    public var vocabulary: [String: Words]

    public init(wouldBreak: [String: Words] = [:], vocabulary: [String: Words] = [:]) {
        self.wouldBreak = wouldBreak
        self.vocabulary = vocabulary
    }
}
