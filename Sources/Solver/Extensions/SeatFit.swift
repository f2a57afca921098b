import Scheduling

/// The slot scope in one place: the core's eligibility and seat costs plus the extensions' slot rules. The build,
/// the score breakdown, explanations and recommendations all ask it, so they cannot disagree.
public struct SeatFit: Sendable {
    public let eligibility: Eligibility
    public let costs: SlotCosts
    public let slotRules: [any SlotRule]
    public let words: RuleWords
    private let vocabulary: Vocabulary

    public init(rules: Rules, slotRules: [any SlotRule] = [], words: RuleWords = RuleWords()) {
        eligibility = Eligibility(maxDistanceKm: rules.maxDistanceFromHomeKm)
        costs = SlotCosts(rules: rules)
        self.slotRules = slotRules
        self.words = words
        vocabulary = Vocabulary(extra: words.vocabulary)
    }

    public init(model: SolverModel) {
        self.init(rules: model.problem.rules, slotRules: model.slotRules, words: model.ruleWords)
    }

    /// Why `person` may not take the seat, as a stable code and words, or nil when they may.
    public func exclusion(_ person: Person, labour: LabourRules?, task: ServiceTask, seat: SeatRequirement) -> (code: String, words: Words)? {
        exclusionCode(person, labour: labour, task: task, seat: seat).map { ($0.code, $0.words()) }
    }

    /// The same with the words put off until asked for: an explanation counts the reasons over every person and
    /// needs each reason's words once.
    func exclusionCode(_ person: Person, labour: LabourRules?, task: ServiceTask, seat: SeatRequirement) -> (code: String, words: () -> Words)? {
        if let (reason, detail) = eligibility.explain(person, labour: labour, task: task, seat: seat) {
            let vocabulary = vocabulary
            return (detail.map { "\(reason.rawValue):\($0)" } ?? reason.rawValue, { ReasonWords.ineligible(reason, detail: detail, names: vocabulary) })
        }
        for rule in slotRules { if let why = rule.exclusion(of: person, task: task, seat: seat) { return (rule.name, { why }) } }
        return nil
    }

    /// Each seat-level cost of `person` in the seat with its weighting; zero magnitudes are left out.
    public func weightedCosts(person: Person, personIndex: Int32, task: ServiceTask, seat: SeatRequirement, currentPerson: Int32,
                              pastWorkers: Set<String>?) -> [(name: String, weighting: Weighting, magnitude: Int64)] {
        var out = costs.magnitudes(person: person, personIndex: personIndex, task: task, seat: seat, currentPerson: currentPerson,
                                   pastWorkers: pastWorkers).map { (name: $0.0.rawValue, weighting: costs.weighting(of: $0.0), magnitude: $0.1) }
        for rule in slotRules {
            let magnitude = rule.cost(of: person, task: task, seat: seat)
            if magnitude != 0 { out.append((rule.name, rule.weighting, magnitude)) }
        }
        return out
    }

    /// The seat-level costs of `person` in a seat, as constraint shares (what explanations and recommendations show).
    public func shares(person: Person, personIndex: Int32, task: ServiceTask, seat: SeatRequirement, currentPerson: Int32,
                       pastWorkers: Set<String>?) -> [ConstraintShare] {
        weightedCosts(person: person, personIndex: personIndex, task: task, seat: seat, currentPerson: currentPerson,
                      pastWorkers: pastWorkers).map {
            ConstraintShare(constraint: $0.name, level: $0.weighting.level, penalty: $0.magnitude * $0.weighting.weight, matches: 1)
        }
    }
}
