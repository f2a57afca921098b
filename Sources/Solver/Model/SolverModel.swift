import Scheduling

/// A problem compiled for search: seats flattened into slots, each slot's candidates with their slot-scope
/// cost, each person's rules, the groups. Immutable and shared by every worker.
public struct SolverModel: Sendable {
    public let problem: Problem
    public let kinds: [String]
    public let horizonDays: Int
    public let minutesPerKm: Float

    // Per slot.
    public let slotRefs: [SeatRef]
    public let slotTask: [Int32]
    public let facts: [SlotFacts]
    /// The score of leaving the slot empty (unfilled seat, plus disruption when it had someone).
    public let emptyCost: [Score]
    public let pinnedPerson: [Int32]
    public let currentPerson: [Int32]
    /// Seats another unit's schedule staffs (`Problem.heldSeats`): fixed, and no part of this problem's answer.
    public let isHeld: [Bool]
    public let priority: [Int32]

    // Candidates per slot (CSR, person indices sorted ascending) and the slot-scope cost of each.
    public let candidateOffsets: [Int32]
    public let candidatePersons: FrozenColumn<Int32>
    public let candidateCosts: CostColumn

    // Candidate slots per person (CSR, sorted by start then slot).
    public let personSlotOffsets: [Int32]
    public let personSlots: [Int32]

    public let personRules: [[WeightedPersonRule]]

    public let groups: [GroupSpec]
    public let slotGroupOffsets: [Int32]
    public let slotGroups: [Int32]

    /// Input warnings worth reporting with the answer.
    public let warnings: [ValidationIssue]

    /// The extensions' slot rules and words (explanations and score shares re-read them).
    public let slotRules: [any SlotRule]
    public let ruleWords: RuleWords

    public var slotCount: Int { slotRefs.count }
    public var personCount: Int { problem.people.count }

    @inlinable public func candidates(of slot: Int) -> Range<Int> {
        Int(candidateOffsets[slot])..<Int(candidateOffsets[slot + 1])
    }

    /// The position of `person` in `slot`'s candidate list, or -1.
    public func candidatePosition(slot: Int, person: Int32) -> Int {
        position(of: person, in: candidatePersons.base, from: Int(candidateOffsets[slot]), to: Int(candidateOffsets[slot + 1]))
    }

    init(problem: Problem, kinds: [String], minutesPerKm: Float, slotRefs: [SeatRef], slotTask: [Int32], facts: [SlotFacts],
         emptyCost: [Score], pinnedPerson: [Int32], currentPerson: [Int32], priority: [Int32], candidateOffsets: [Int32],
         candidatePersons: FrozenColumn<Int32>, candidateCosts: CostColumn, personSlotOffsets: [Int32], personSlots: [Int32],
         personRules: [[WeightedPersonRule]], groups: [GroupSpec], slotGroupOffsets: [Int32], slotGroups: [Int32],
         warnings: [ValidationIssue], slotRules: [any SlotRule], ruleWords: RuleWords) {
        self.problem = problem
        self.kinds = kinds
        self.horizonDays = problem.horizon.days
        self.minutesPerKm = minutesPerKm
        self.slotRefs = slotRefs
        self.slotTask = slotTask
        self.facts = facts
        self.emptyCost = emptyCost
        self.pinnedPerson = pinnedPerson
        self.currentPerson = currentPerson
        let held = Set(problem.heldSeats.map(\.seat)), tasks = problem.heldTasks
        self.isHeld = held.isEmpty && tasks.isEmpty ? [Bool](repeating: false, count: slotRefs.count)
            : slotRefs.map { held.contains($0) || tasks.contains($0.task) }
        self.priority = priority
        self.candidateOffsets = candidateOffsets
        self.candidatePersons = candidatePersons
        self.candidateCosts = candidateCosts
        self.personSlotOffsets = personSlotOffsets
        self.personSlots = personSlots
        self.personRules = personRules
        self.groups = groups
        self.slotGroupOffsets = slotGroupOffsets
        self.slotGroups = slotGroups
        self.warnings = warnings
        self.slotRules = slotRules
        self.ruleWords = ruleWords
    }
}

/// Where `value` sits in the ascending run sorted[from..<to], or -1: the candidate lookup of the model and of
/// the score director's hot path.
@inline(__always) func position(of value: Int32, in sorted: UnsafePointer<Int32>, from: Int, to: Int) -> Int {
    var lo = from, hi = to
    while lo < hi {
        let mid = (lo + hi) >> 1
        let v = sorted[mid]
        if v == value { return mid }
        if v < value { lo = mid + 1 } else { hi = mid }
    }
    return -1
}
