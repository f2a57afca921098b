import Scheduling

extension SolverModel {
    /// Compiles a problem. Throws `InvalidProblem` naming every bad field.
    ///
    /// `extensions` adds constraints in the three scopes (the enabled plugins') and their words.
    public static func build(_ problem: Problem, extensions: ModelExtensions = ModelExtensions()) throws -> SolverModel {
        let (errors, warnings) = problem.validate()
        guard errors.isEmpty else { throw InvalidProblem(issues: errors) }
        let rules = problem.rules
        let people = problem.people
        var personIndex: [String: Int32] = [:]
        for (i, p) in people.enumerated() { personIndex[p.id] = Int32(i) }

        var kinds: [String] = []
        var kindIndex: [String: Int32] = [:]
        func kind(_ name: String) -> Int32 {
            if let k = kindIndex[name] { return k }
            kindIndex[name] = Int32(kinds.count)
            kinds.append(name)
            return Int32(kinds.count - 1)
        }
        for t in problem.tasks { _ = kind(t.kind) }

        let fit = SeatFit(rules: rules, slotRules: extensions.slotRules, words: extensions.words)
        // The requirements' lists are dropped once the seats have theirs.
        let slots = SlotAssembly(problem: problem, candidates: RequirementCandidates(problem: problem, fit: fit, slotRules: extensions.slotRules),
                                 fit: fit, kindIndex: kindIndex, personIndex: personIndex)
        let facts = slots.facts, slotRefs = slots.slotRefs, slotTask = slots.slotTask
        let perPerson = PersonSlots(slots: slots, personCount: people.count)
        let minutesPerKm = 60 / rules.travelSpeedKmh

        let context = SolverModelContext(problem: problem, kinds: kinds, kindIndex: kindIndex, slotRefs: slotRefs, slotTask: slotTask,
                                         facts: facts, personIndex: personIndex, candidateSlots: perPerson,
                                         minutesPerKm: Float(minutesPerKm), pastWeeklyMinutes: problem.pastWeeklyMinutes)
        let personRules = people.enumerated().map { pi, person in
            PersonRuleCompiler.rules(for: person, labour: rules.labourRules(forGroup: person.labourGroup), context: context,
                                     reachable: { kind in perPerson[pi].count { facts[Int($0)].kind == kind } })
                + extensions.personRules(person, context)
        }

        var groups: [GroupSpec] = []
        let continuity = Weighting(.continuity, rules: rules)
        if continuity.weight > 0 {
            for (client, slots) in context.slotsByKey(\.client) where slots.count > 1 {
                groups.append(GroupSpec(name: ConstraintID.continuity.rawValue, key: client, slots: slots,
                                        constraint: ClientContinuity(allowance: Set(slots.map { slotTask[Int($0)] })
                                            .map { problem.tasks[Int($0)].seatCount }.max() ?? 1),
                                        weighting: continuity))
            }
        }
        groups += SocialWorkerDuty.groups(context: context)
        groups += extensions.groups(context)
        var perSlotGroups = [[Int32]](repeating: [], count: slotRefs.count)
        for (g, group) in groups.enumerated() { for s in group.slots { perSlotGroups[Int(s)].append(Int32(g)) } }
        var slotGroupOffsets: [Int32] = [0], slotGroups: [Int32] = []
        for list in perSlotGroups {
            slotGroups += list
            slotGroupOffsets.append(Int32(slotGroups.count))
        }

        return SolverModel(problem: problem, kinds: kinds, minutesPerKm: Float(minutesPerKm), slotRefs: slotRefs, slotTask: slotTask,
                           facts: facts, emptyCost: slots.emptyCost, pinnedPerson: slots.pinned, currentPerson: slots.currentPerson,
                           priority: slots.priority, candidateOffsets: slots.candidateOffsets, candidatePersons: slots.candidatePersons,
                           candidateCosts: slots.candidateCosts, personSlotOffsets: perPerson.offsets, personSlots: perPerson.slots,
                           personRules: personRules, groups: groups, slotGroupOffsets: slotGroupOffsets, slotGroups: slotGroups,
                           warnings: warnings, slotRules: extensions.slotRules, ruleWords: extensions.words)
    }
}

/// What plugin constraints may look at while a model is compiled.
public struct SolverModelContext: Sendable {
    public let problem: Problem
    public let kinds: [String]
    public let kindIndex: [String: Int32]
    public let slotRefs: [SeatRef]
    public let slotTask: [Int32]
    public let facts: [SlotFacts]
    public let personIndex: [String: Int32]
    /// Each person's candidate slots, in start order: `candidateSlots[p]`.
    public let candidateSlots: PersonSlots
    public let minutesPerKm: Float
    /// Each person's average week over the four before the horizon (`Problem.pastWeeklyMinutes`).
    public let pastWeeklyMinutes: [String: Int64]

    /// The number of `kind` when `person` could take at least `atLeast` of its seats, else nil. A person-scope rule
    /// about a kind the person can never take, or never take enough of to break it, is better left out: every
    /// rule runs on every change to the person's timeline.
    public func kind(_ kind: String, reachableBy person: Person, atLeast: Int = 1) -> Int32? {
        guard let k = kindIndex[kind], let p = personIndex[person.id] else { return nil }
        var count = 0
        for s in candidateSlots[Int(p)] where facts[Int(s)].kind == k {
            count += 1
            if count >= atLeast { return k }
        }
        return nil
    }

    /// The task of slot `s`.
    public func task(ofSlot s: Int) -> ServiceTask { problem.tasks[Int(slotTask[s])] }

    /// The date of slot `s`.
    public func date(ofSlot s: Int) -> LocalDate { problem.horizon.start.adding(days: Int(facts[s].day)) }

    /// Slots grouped by a key of their task (nil leaves the task out), keys in first-seen order.
    public func slotsByKey(_ key: (ServiceTask) -> String?) -> [(key: String, slots: [Int32])] {
        var bySlot: [String: [Int32]] = [:]
        var order: [String] = []
        for s in 0..<slotRefs.count {
            guard let k = key(problem.tasks[Int(slotTask[s])]) else { continue }
            if bySlot[k] == nil { order.append(k) }
            bySlot[k, default: []].append(Int32(s))
        }
        return order.map { ($0, bySlot[$0]!) }
    }
}
