import Scheduling

extension SolverModel {
    /// The same week with another schedule in force: the current schedule (each change from it costs
    /// `disruption`), pins, and refusals (a person who declined a task cannot take any seat overlapping its time).
    ///
    /// Rules, slot facts and groups are shared with `self`; only the candidate table is redrawn, so this takes a
    /// few milliseconds where `build` takes a hundred. `self` must have been built with no current schedule and no
    /// pins. Returns nil when a pinned person is not a candidate of their seat (rebuild the problem instead: only a
    /// full build can price a pin that breaks eligibility).
    ///
    /// `disruption` overrides the cost of each changed seat (the problem's rules say it otherwise). Seats of tasks
    /// that start before `frozenBefore` keep their pinned person or nobody (`Problem.frozenBefore`).
    public func replanning(currentSchedule: [Assignment], pins: [Assignment], refusals: [Assignment],
                           disruption override: Weighting? = nil, frozenBefore: LocalDateTime? = nil) -> SolverModel? {
        guard problem.currentSchedule.isEmpty, problem.pins.isEmpty else { return nil }
        var personIndex: [String: Int32] = [:]
        for (i, p) in problem.people.enumerated() { personIndex[p.id] = Int32(i) }
        var slotIndex: [SeatRef: Int] = [:]
        for (s, ref) in slotRefs.enumerated() { slotIndex[ref] = s }

        // The base has no pins of its own: what it pins are held seats, which stay as they are.
        var current = [Int32](repeating: -1, count: slotCount), pinned = pinnedPerson
        for a in currentSchedule {
            if let s = slotIndex[a.seatRef], !isHeld[s], let p = personIndex[a.person] { current[s] = p }
        }
        for a in pins {
            guard let s = slotIndex[a.seatRef], !isHeld[s], let p = personIndex[a.person] else { continue }
            guard candidatePosition(slot: s, person: p) >= 0 else { return nil }
            pinned[s] = p
            current[s] = p
        }

        // A refusal rules the person out of every seat overlapping the refused task's time. Refusals are few, so
        // they are kept per slot and the untouched bulk of the table is copied as it is.
        var refusedBySlot: [Int: [Int32]] = [:]
        var refusedByPerson: [Int32: [Int32]] = [:]
        var people = problem.people
        if let frozenBefore {
            for s in 0..<slotCount where problem.tasks[Int(slotTask[s])].start < frozenBefore {
                for c in candidates(of: s) where candidatePersons[c] != pinned[s] {
                    refusedBySlot[s, default: []].append(candidatePersons[c])
                    refusedByPerson[candidatePersons[c], default: []].append(Int32(s))
                }
            }
        }
        for r in refusals {
            guard let p = personIndex[r.person], let s = slotIndex[r.seatRef] else { continue }
            let task = problem.tasks[Int(slotTask[s])]
            people[Int(p)].blockouts.append(.refusal(of: task))
            let span = facts[s]
            for k in Int(personSlotOffsets[Int(p)])..<Int(personSlotOffsets[Int(p) + 1]) {
                let other = personSlots[k]
                let f = facts[Int(other)]
                if f.start < span.end && span.start < f.end && pinned[Int(other)] != p {
                    refusedBySlot[Int(other), default: []].append(p)
                    refusedByPerson[p, default: []].append(other)
                }
            }
        }

        var rules = problem.rules
        if let override {
            rules.levels[ConstraintID.disruption.rawValue] = override.level
            rules.weights[ConstraintID.disruption.rawValue] = Int(override.weight)
        }
        let disruption = SlotCosts(rules: rules).disruption.score(1)
        var offsets: [Int32] = [0], persons: [Int32] = [], costs: [Score] = [], empty = emptyCost
        offsets.reserveCapacity(slotCount + 1)
        persons.reserveCapacity(candidatePersons.count)
        costs.reserveCapacity(candidateCosts.count)
        for s in 0..<slotCount {
            let cur = current[s]
            let range = candidates(of: s)
            if let refused = refusedBySlot[s] {
                let out = Set(refused)
                for c in range where !out.contains(candidatePersons[c]) {
                    persons.append(candidatePersons[c])
                    costs.append(candidateCosts[c])
                }
            } else {
                persons.append(contentsOf: candidatePersons[range])
                costs.append(contentsOf: candidateCosts[range])
            }
            offsets.append(Int32(persons.count))
            if cur >= 0 {
                empty[s] += disruption
                for c in Int(offsets[s])..<persons.count where persons[c] != cur { costs[c] += disruption }
            }
        }
        var personOffsets = personSlotOffsets, perPerson = personSlots
        if !refusedByPerson.isEmpty {
            personOffsets = [0]
            perPerson = []
            perPerson.reserveCapacity(personSlots.count)
            for p in 0..<personCount {
                let range = Int(personSlotOffsets[p])..<Int(personSlotOffsets[p + 1])
                if let refused = refusedByPerson[Int32(p)] {
                    let out = Set(refused)
                    for k in range where !out.contains(personSlots[k]) { perPerson.append(personSlots[k]) }
                } else {
                    perPerson.append(contentsOf: personSlots[range])
                }
                personOffsets.append(Int32(perPerson.count))
            }
        }

        var replanned = problem
        replanned.people = people
        replanned.currentSchedule = currentSchedule
        replanned.pins = pins
        replanned.rules = rules
        replanned.frozenBefore = frozenBefore
        return SolverModel(problem: replanned, kinds: kinds, minutesPerKm: minutesPerKm, slotRefs: slotRefs, slotTask: slotTask,
                           facts: facts, emptyCost: empty, pinnedPerson: pinned, currentPerson: current, priority: priority,
                           candidateOffsets: offsets, candidatePersons: FrozenColumn(persons), candidateCosts: CostColumn(costs),
                           personSlotOffsets: personOffsets, personSlots: perPerson, personRules: personRules, groups: groups,
                           slotGroupOffsets: slotGroupOffsets, slotGroups: slotGroups, warnings: warnings,
                           slotRules: slotRules, ruleWords: ruleWords)
    }
}
