import Scheduling

extension ScoreDirector {
    /// Stages "slot gets person" (-1 empties it). Returns false, staging nothing, when the change is a no-op,
    /// the slot is already staged, the slot is pinned, the person is not a candidate, or staging is full.
    @discardableResult
    public func stage(slot: Int, person: Int32) -> Bool {
        let old = assigned[slot]
        guard old != person, stagedCount < ScoreDirector.maxStaged, model.pinnedPerson[slot] < 0,
              isStaged(Int32(slot)) < 0 else { return false }
        let position = person < 0 ? -1 : candidatePosition(slot: slot, person: person)
        guard person < 0 || position >= 0 else { return false }
        stagedSlot[stagedCount] = Int32(slot)
        stagedNew[stagedCount] = person
        stagedOld[stagedCount] = old
        stagedPosition[stagedCount] = Int32(position)
        stagedCount += 1
        stagedEvaluated = false
        return true
    }

    public func discardStaged() {
        stagedCount = 0
        stagedEvaluated = false
    }

    @inline(__always) func isStaged(_ slot: Int32) -> Int {
        for i in 0..<stagedCount where stagedSlot[i] == slot { return i }
        return -1
    }

    public func stagedChange(_ i: Int) -> (slot: Int, old: Int32, new: Int32) {
        (Int(stagedSlot[i]), stagedOld[i], stagedNew[i])
    }

    /// The score delta of the staged changes, from the touched persons and groups only.
    public func evaluateStaged() -> Score {
        evaluations &+= 1
        var delta = Score.zero
        touchedPersonCount = 0
        touchedGroupCount = 0
        for i in 0..<stagedCount {
            let s = Int(stagedSlot[i]), old = stagedOld[i], new = stagedNew[i]
            let position = Int(stagedPosition[i])
            delta += (position < 0 ? emptyCost[s] : candidateCosts[position]) - currentSlotScore(s)
            if old >= 0 { touch(person: old) }
            if new >= 0 { touch(person: new) }
            for g in Int(slotGroupOffsets[s])..<Int(slotGroupOffsets[s + 1]) { touch(group: slotGroups[g]) }
        }
        for k in 0..<touchedPersonCount {
            let p = touchedPersons[k]
            var changed: UInt64 = 0
            for i in 0..<stagedCount where stagedOld[i] == p || stagedNew[i] == p {
                changed |= 1 &<< UInt64(facts[stagedSlot[i]].kind & 63)
            }
            let value = windowedPersonScore(p)
                ?? personScoreWithStaged(p, changedKinds: changed, into: touchedRuleScores.base + k * maxRules)
            touchedPersonScores[k] = value
            delta += value - personScores[p]
        }
        for k in 0..<touchedGroupCount {
            let g = touchedGroups[k]
            let value = groupScoreWithStaged(g)
            touchedGroupScores[k] = value
            delta += value - groupScores[g]
        }
        stagedDelta = delta
        stagedEvaluated = true
        return delta
    }

    /// Applies the staged changes (evaluating them first if needed) and returns the new score.
    @discardableResult
    public func commitStaged() -> Score {
        if !stagedEvaluated { _ = evaluateStaged() }
        for i in 0..<stagedCount {
            let s = stagedSlot[i], old = stagedOld[i], new = stagedNew[i]
            assigned[s] = new
            assignedPosition[s] = stagedPosition[i]
            if old >= 0 { removeFromTimeline(slot: s, person: old) }
        }
        for i in 0..<stagedCount where stagedNew[i] >= 0 { insertIntoTimeline(slot: stagedSlot[i], person: stagedNew[i]) }
        for k in 0..<touchedPersonCount {
            let p = touchedPersons[k]
            personScores[p] = touchedPersonScores[k]
            // Only kind-scoped rules keep a cached share (the others are recomputed on every change).
            if hasScopedRules[p] {
                let first = Int(ruleOffsets[p])
                (ruleScores.base + first).update(from: touchedRuleScores.base + k * maxRules, count: Int(ruleOffsets[Int(p) + 1]) - first)
            }
        }
        for k in 0..<touchedGroupCount { groupScores[touchedGroups[k]] = touchedGroupScores[k] }
        score += stagedDelta
        discardStaged()
        return score
    }

    @inline(__always) private func touch(person p: Int32) {
        for k in 0..<touchedPersonCount where touchedPersons[k] == p { return }
        touchedPersons[touchedPersonCount] = p
        touchedPersonCount += 1
    }

    @inline(__always) private func touch(group g: Int32) {
        for k in 0..<touchedGroupCount where touchedGroups[k] == g { return }
        touchedGroups[touchedGroupCount] = g
        touchedGroupCount += 1
    }

    /// Builds person p's timeline as it would be with the staged changes into `scratch` and scores it.
    /// Person p's score with the staged changes, each rule's share written to `out`; `changedKinds` marks the kinds
    /// of the person's changed seats (a kind-scoped rule outside them keeps its cached share).
    private func personScoreWithStaged(_ p: Int32, changedKinds: UInt64, into shares: UnsafeMutablePointer<Score>) -> Score {
        var added = 0
        for i in 0..<stagedCount where stagedNew[i] == p {
            insertInOrder(stagedSlot[i], into: additions.base, count: added)
            added += 1
        }
        let out = mergeStaged(p, from: 0, to: Int(timelineCount[p]), added: added)
        return scorePerson(p, Timeline(start: scratch.base, count: out), changedKinds: changedKinds, into: shares)
    }

    /// Writes entries from..<to of p's timeline as they would be with the staged changes into `scratch`: the
    /// staged slots left out, `additions[0..<added]` (in timeline order) merged in. Returns how many.
    @inline(__always) func mergeStaged(_ p: Int32, from: Int, to: Int, added: Int) -> Int {
        let base = Int(timelineOffsets[p])
        var out = 0, next = 0
        for j in from..<to {
            let s = timelineSlots[base + j]
            if stagedCount > 0 && isStaged(s) >= 0 { continue }
            while next < added && startsBefore(additions[next], s) {
                scratch[out] = facts[additions[next]]
                out += 1
                next += 1
            }
            scratch[out] = facts[s]
            out += 1
        }
        while next < added {
            scratch[out] = facts[additions[next]]
            out += 1
            next += 1
        }
        return out
    }

    @inline(__always) func scorePerson(_ p: Int32, _ timeline: Timeline, changedKinds: UInt64, into shares: UnsafeMutablePointer<Score>) -> Score {
        var total = Score.zero
        let first = Int(ruleOffsets[p]), end = Int(ruleOffsets[Int(p) + 1])
        for k in 0..<(end - first) {
            let mask = ruleMasks[first + k]
            if mask != 0 && mask & changedKinds == 0 {
                shares[k] = ruleScores[first + k]
                total += shares[k]
                continue
            }
            let rule = personRules.base + first + k
            let share = rule.pointee.weighting.score(rule.pointee.rule.magnitude(timeline))
            if mask != 0 { shares[k] = share }
            total += share
        }
        return total
    }

    private func groupScoreWithStaged(_ g: Int32) -> Score {
        let first = Int(groupSlotOffsets[g]), end = Int(groupSlotOffsets[Int(g) + 1])
        for i in first..<end {
            let s = groupSlots[i]
            let k = stagedCount > 0 ? isStaged(s) : -1
            groupPeople[i - first] = k >= 0 ? stagedNew[k] : assigned[s]
        }
        let people = UnsafeBufferPointer(start: groupPeople.base, count: end - first)
        return groupWeightings[g].score((groupConstraints.base + Int(g)).pointee.magnitude(people))
    }

    func removeFromTimeline(slot: Int32, person: Int32) {
        let base = Int(timelineOffsets[person]), n = Int(timelineCount[person])
        var i = 0
        while i < n && timelineSlots[base + i] != slot { i += 1 }
        while i < n - 1 {
            timelineSlots[base + i] = timelineSlots[base + i + 1]
            i += 1
        }
        timelineCount[person] = Int32(n - 1)
        totals.add(facts[slot], to: person, -1)
    }

    func insertIntoTimeline(slot: Int32, person: Int32) {
        let n = Int(timelineCount[person])
        if n == Int(timelineCapacity[person]) { growTimeline(of: person) }
        let base = Int(timelineOffsets[person])
        insertInOrder(slot, into: timelineSlots.base + base, count: n)
        timelineCount[person] = Int32(n + 1)
        totals.add(facts[slot], to: person, 1)
    }

    /// Moves a full timeline to the end of the pool with twice the room (the pool doubles when it must). Its old
    /// room is left unused: timelines grow rarely and to a bound (the person's candidate count).
    private func growTimeline(of person: Int32) {
        let n = Int(timelineCount[person]), room = max(4, 2 * n)
        if timelinePoolUsed + room > timelineSlots.count {
            let bigger = Buffer<Int32>(repeating: -1, count: max(2 * timelineSlots.count, timelinePoolUsed + room))
            bigger.base.update(from: timelineSlots.base, count: timelinePoolUsed)
            timelineSlots.free()
            timelineSlots = bigger
        }
        let from = Int(timelineOffsets[person])
        (timelineSlots.base + timelinePoolUsed).update(from: timelineSlots.base + from, count: n)
        timelineOffsets[person] = Int32(timelinePoolUsed)
        timelineCapacity[person] = Int32(room)
        timelinePoolUsed += room
    }

    /// Inserts `slot` into list[0..<count], kept in timeline order (start, then slot number); list has room for one more.
    @inline(__always) func insertInOrder(_ slot: Int32, into list: UnsafeMutablePointer<Int32>, count: Int) {
        var i = count
        while i > 0 && startsBefore(slot, list[i - 1]) {
            list[i] = list[i - 1]
            i -= 1
        }
        list[i] = slot
    }

    /// Recomputes every cached part of the score from the assignment alone and returns the total.
    @discardableResult
    public func recomputeFromScratch() -> Score {
        discardStaged()
        var total = Score.zero
        for s in 0..<slotCount { total += currentSlotScore(s) }
        for p in 0..<Int32(personCount) {
            let value = personScoreWithStaged(p, changedKinds: ~0, into: ruleScores.base + Int(ruleOffsets[p]))
            personScores[p] = value
            total += value
        }
        for g in 0..<Int32(groupScores.count) {
            let value = groupScoreWithStaged(g)
            groupScores[g] = value
            total += value
        }
        score = total
        return total
    }

    /// The full score computed afresh, without touching the caches: the property test's reference.
    public func fullScore() -> Score {
        let check = ScoreDirector(model: model, initial: assignment)
        return check.score
    }

    /// Replaces the whole assignment (pins stay; non-candidates leave their seat empty) and rescores it.
    public func load(_ assignment: [Int32]) {
        discardStaged()
        for s in 0..<slotCount {
            let old = assigned[s]
            if old >= 0 { removeFromTimeline(slot: Int32(s), person: old) }
            assigned[s] = -1
            assignedPosition[s] = -1
        }
        for s in 0..<slotCount {
            let wanted = model.pinnedPerson[s] >= 0 ? model.pinnedPerson[s] : assignment[s]
            let at = wanted >= 0 ? candidatePosition(slot: s, person: wanted) : -1
            // Someone who is not a candidate of the seat cannot hold it: the seat starts empty instead.
            let p: Int32 = at >= 0 ? wanted : -1
            assigned[s] = p
            assignedPosition[s] = Int32(at)
            if p >= 0 { insertIntoTimeline(slot: Int32(s), person: p) }
        }
        recomputeFromScratch()
    }
}
