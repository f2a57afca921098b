import Scheduling

/// One working solution and its score, kept up to date incrementally.
///
/// A move stages up to `maxStaged` seat changes, asks `evaluateStaged()` for the score delta, and either
/// `commitStaged()` or `discardStaged()`. The delta is computed from the persons and groups the staged
/// changes touch, never from the whole schedule. One director per worker: it is not shared between threads.
public final class ScoreDirector {
    public let model: SolverModel
    public let slotCount: Int
    public let personCount: Int
    /// Room for a relaxed row's repair, which may move a person's tasks over much of a year (two changes a day).
    public static let maxStaged = 384

    let facts: Buffer<SlotFacts>
    let candidateOffsets: Buffer<Int32>
    /// The model's own candidate table, read in place (never freed here).
    let candidatePersons: Buffer<Int32>
    let candidateCosts: CostView
    let emptyCost: Buffer<Score>
    let slotGroupOffsets: Buffer<Int32>
    let slotGroups: Buffer<Int32>
    let groupSlotOffsets: Buffer<Int32>
    let groupSlots: Buffer<Int32>
    /// Every person's rules in one run, person p's from `ruleOffsets[p]`: read in place through the pointer, since
    /// copying a rule out of a nested array retains whatever its payload holds.
    let personRules: Buffer<WeightedPersonRule>
    let groupConstraints: Buffer<any GroupConstraint>
    let groupWeightings: Buffer<Weighting>

    /// slot → person index, or -1 when empty.
    let assigned: Buffer<Int32>
    /// slot → position of its person in the candidate table, or -1 when empty (saves a search per lookup).
    let assignedPosition: Buffer<Int32>
    /// Each person's timeline: `timelineCount[p]` slots from `timelineOffsets[p]` in `timelineSlots`, with room for
    /// `timelineCapacity[p]`. Room starts small, not at the person's candidate count (on a city's week that was
    /// 27 million entries per worker), and a full timeline moves to the end of the pool with twice the room.
    let timelineOffsets: Buffer<Int32>
    var timelineSlots: Buffer<Int32>
    let timelineCount: Buffer<Int32>
    let timelineCapacity: Buffer<Int32>
    var timelinePoolUsed = 0
    let personScores: Buffer<Score>
    /// Each person's rules' scores, from `ruleOffsets[p]`: a rule scoped to some kinds (`ruleMasks` not 0, one bit
    /// per kind number mod 64) keeps its cached score while a move changes only seats of other kinds.
    let ruleOffsets: Buffer<Int32>
    let ruleMasks: Buffer<UInt64>
    let ruleScores: Buffer<Score>
    let hasScopedRules: Buffer<Bool>
    let maxRules: Int
    let touchedRuleScores: Buffer<Score>
    let groupScores: Buffer<Score>
    public internal(set) var score: Score = .zero

    let stagedSlot: Buffer<Int32>
    let stagedNew: Buffer<Int32>
    let stagedOld: Buffer<Int32>
    let stagedPosition: Buffer<Int32>
    public internal(set) var stagedCount = 0
    var stagedDelta: Score = .zero
    var stagedEvaluated = false
    let touchedPersons: Buffer<Int32>
    let touchedPersonScores: Buffer<Score>
    var touchedPersonCount = 0
    let touchedGroups: Buffer<Int32>
    let touchedGroupScores: Buffer<Score>
    var touchedGroupCount = 0
    let scratch: Buffer<SlotFacts>
    /// The old side of a windowed evaluation (`scratch` holds the new side).
    let windowScratch: Buffer<SlotFacts>
    let totals: PersonTotals
    /// Whether person p's timeline may be scored by the days a move reaches: no plugin rule (it may read anything)
    /// and no task over a day long.
    let windowable: Buffer<Bool>
    let windowedFrom: Int
    let additions: Buffer<Int32>
    let groupPeople: Buffer<Int32>

    /// How many deltas were computed: the move-evaluation count.
    public var evaluations: Int64 = 0
    /// How many person scores came from a window of days (`windowedPersonScore`).
    public internal(set) var windowedEvaluations: Int64 = 0

    /// Starts from `initial` (slot → person or -1); pinned slots are forced to their pin. A timeline of at least
    /// `windowedFrom` tasks is scored by the days a move reaches; 0 scores every timeline whole.
    public init(model: SolverModel, initial: [Int32]? = nil, windowedFrom: Int = ScoreDirector.windowedTimelineLength) {
        self.model = model
        slotCount = model.slotCount
        personCount = model.personCount
        facts = Buffer(model.facts)
        candidateOffsets = Buffer(model.candidateOffsets)
        candidatePersons = model.candidatePersons.view
        candidateCosts = model.candidateCosts.view
        emptyCost = Buffer(model.emptyCost)
        slotGroupOffsets = Buffer(model.slotGroupOffsets)
        slotGroups = Buffer(model.slotGroups)
        var gOffsets: [Int32] = [0], gSlots: [Int32] = []
        for g in model.groups {
            gSlots += g.slots
            gOffsets.append(Int32(gSlots.count))
        }
        groupSlotOffsets = Buffer(gOffsets)
        groupSlots = Buffer(gSlots)
        personRules = Buffer(model.personRules.flatMap { $0 })
        groupConstraints = Buffer(model.groups.map(\.constraint))
        groupWeightings = Buffer(model.groups.map(\.weighting))

        assigned = Buffer(repeating: -1, count: slotCount)
        assignedPosition = Buffer(repeating: -1, count: slotCount)
        let room = (0..<personCount).map { p in
            min(model.personSlotOffsets[p + 1] - model.personSlotOffsets[p], Int32(ScoreDirector.initialTimelineRoom(days: model.horizonDays)))
        }
        var start: [Int32] = [0]
        for r in room { start.append(start.last! + r) }
        timelineOffsets = Buffer(start)
        timelineCapacity = Buffer(room)
        timelinePoolUsed = Int(start.last!)
        timelineSlots = Buffer(repeating: -1, count: max(1, timelinePoolUsed))
        timelineCount = Buffer(repeating: 0, count: personCount)
        personScores = Buffer(repeating: .zero, count: personCount)
        groupScores = Buffer(repeating: .zero, count: model.groups.count)
        var ruleOffsets: [Int32] = [0], masks: [UInt64] = []
        for rules in model.personRules {
            masks += rules.map(\.rule.kindMask)
            ruleOffsets.append(Int32(masks.count))
        }
        self.ruleOffsets = Buffer(ruleOffsets)
        ruleMasks = Buffer(masks)
        ruleScores = Buffer(repeating: .zero, count: masks.count)
        hasScopedRules = Buffer(model.personRules.map { $0.contains { $0.rule.kindMask != 0 } })
        maxRules = max(1, model.personRules.map(\.count).max() ?? 0)
        touchedRuleScores = Buffer(repeating: .zero, count: 2 * ScoreDirector.maxStaged * maxRules)

        let maxStaged = ScoreDirector.maxStaged
        stagedSlot = Buffer(repeating: -1, count: maxStaged)
        stagedNew = Buffer(repeating: -1, count: maxStaged)
        stagedOld = Buffer(repeating: -1, count: maxStaged)
        stagedPosition = Buffer(repeating: -1, count: maxStaged)
        touchedPersons = Buffer(repeating: -1, count: 2 * maxStaged)
        touchedPersonScores = Buffer(repeating: .zero, count: 2 * maxStaged)
        let maxGroupsPerSlot = (0..<slotCount).map { Int(model.slotGroupOffsets[$0 + 1] - model.slotGroupOffsets[$0]) }.max() ?? 0
        touchedGroups = Buffer(repeating: -1, count: maxStaged * max(1, maxGroupsPerSlot))
        touchedGroupScores = Buffer(repeating: .zero, count: maxStaged * max(1, maxGroupsPerSlot))
        var maxTimeline: Int32 = 0
        for p in 0..<personCount { maxTimeline = max(maxTimeline, model.personSlotOffsets[p + 1] - model.personSlotOffsets[p]) }
        scratch = Buffer(repeating: SlotFacts(start: 0, end: 0, day: 0, week: 0, weekend: -1, kind: 0), count: Int(maxTimeline) + maxStaged)
        windowScratch = Buffer(repeating: SlotFacts(start: 0, end: 0, day: 0, week: 0, weekend: -1, kind: 0), count: Int(maxTimeline) + 1)
        self.windowedFrom = windowedFrom > 0 ? windowedFrom : .max
        totals = PersonTotals(personCount: personCount, facts: model.facts)
        let shortTasks = model.facts.allSatisfy { $0.minutes <= 1440 }
        windowable = Buffer(model.personRules.map { rules in
            shortTasks && !rules.contains { if case .plugin = $0.rule { true } else { false } }
        })
        additions = Buffer(repeating: -1, count: maxStaged)
        groupPeople = Buffer(repeating: -1, count: max(1, model.groups.map(\.slots.count).max() ?? 0))

        load(initial ?? [Int32](repeating: -1, count: slotCount))
    }

    deinit {
        for b in [facts.free, candidateOffsets.free, emptyCost.free,
                  slotGroupOffsets.free, slotGroups.free, groupSlotOffsets.free, groupSlots.free, assigned.free,
                  timelineOffsets.free, timelineSlots.free, timelineCount.free, timelineCapacity.free, personScores.free, groupScores.free,
                  ruleOffsets.free, ruleMasks.free, ruleScores.free, hasScopedRules.free, personRules.free, groupConstraints.free, groupWeightings.free, touchedRuleScores.free,
                  stagedSlot.free, stagedNew.free, stagedOld.free, stagedPosition.free, assignedPosition.free, touchedPersons.free, touchedPersonScores.free,
                  touchedGroups.free, touchedGroupScores.free, scratch.free, windowScratch.free, additions.free, groupPeople.free,
                  windowable.free, totals.free] { b() }
    }

    // MARK: Reading the solution

    @inline(__always) public func person(in slot: Int) -> Int32 { assigned[slot] }

    public var assignment: [Int32] { (0..<slotCount).map { assigned[$0] } }

    @inline(__always) public func timelineLength(of person: Int32) -> Int { Int(timelineCount[person]) }

    @inline(__always) public func timelineSlot(of person: Int32, at i: Int) -> Int32 {
        timelineSlots[Int(timelineOffsets[person]) + i]
    }

    @inline(__always) public func isCandidate(_ person: Int32, for slot: Int) -> Bool {
        person < 0 || candidatePosition(slot: slot, person: person) >= 0
    }

    @inline(__always) func candidatePosition(slot: Int, person: Int32) -> Int {
        position(of: person, in: candidatePersons.base, from: Int(candidateOffsets[slot]), to: Int(candidateOffsets[slot + 1]))
    }

    /// The slot-scope score of the slot's current person.
    @inline(__always) func currentSlotScore(_ slot: Int) -> Score {
        let position = assignedPosition[slot]
        return position < 0 ? emptyCost[slot] : candidateCosts[Int(position)]
    }

    /// The slot-scope score of `person` (or nobody, -1) in `slot`.
    @inline(__always) public func slotScore(_ slot: Int, _ person: Int32) -> Score {
        if person < 0 { return emptyCost[slot] }
        let position = candidatePosition(slot: slot, person: person)
        assert(position >= 0, "person \(person) is not a candidate of slot \(slot)")
        return candidateCosts[position]
    }

    @inline(__always) func startsBefore(_ a: Int32, _ b: Int32) -> Bool {
        let fa = facts[a].start, fb = facts[b].start
        return fa < fb || (fa == fb && a < b)
    }
}
