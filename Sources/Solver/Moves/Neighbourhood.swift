import Scheduling

/// The moves local search draws from. Each `stage…` method stages one random move of its kind on the director
/// and returns false (staging nothing) when the draw did not give a valid move.
public enum MoveKind: Int, CaseIterable, Sendable {
    /// A seat gets another candidate, or is emptied.
    case change
    /// Two seats trade their people (or a person moves into a seat and out of another).
    case swap
    /// A person moves to another of their candidate seats, often the same day (a shift change).
    case transfer
    /// Ejection chain: A takes B's seat, B takes C's seat, C takes A's old seat or leaves.
    case chain
    /// Two people trade all their seats over k consecutive days.
    case blockSwap
    /// Two seats of one task change together: a pair fills (or leaves) a patrol at once, where filling one seat
    /// alone would break a pairing rule and never be accepted.
    case team
}

public final class Neighbourhood {
    let director: ScoreDirector
    let model: SolverModel
    /// Slots that are not pinned and have at least one candidate.
    let movable: [Int32]
    /// For each slot, its position in each candidate's slot list is found by binary search on (start, slot).
    let personSlotOffsets: [Int32]
    let personSlots: [Int32]
    /// For each slot, the first slot of its task and the end of the task's slots (a task's seats are consecutive).
    let taskFirst: [Int32]
    let taskEnd: [Int32]
    /// True when some group constraint sees two seats of one task (a pair, a ratio): only then do team moves help.
    public let hasTeamGroups: Bool

    public init(director: ScoreDirector) {
        self.director = director
        model = director.model
        movable = (0..<director.slotCount).filter { director.model.pinnedPerson[$0] < 0 && !director.model.candidates(of: $0).isEmpty }
            .map(Int32.init)
        personSlotOffsets = model.personSlotOffsets
        personSlots = model.personSlots
        var first = [Int32](repeating: 0, count: model.slotCount), end = first
        var s = 0
        while s < model.slotCount {
            var e = s + 1
            while e < model.slotCount && model.slotTask[e] == model.slotTask[s] { e += 1 }
            for k in s..<e {
                first[k] = Int32(s)
                end[k] = Int32(e)
            }
            s = e
        }
        taskFirst = first
        taskEnd = end
        let slotTask = model.slotTask
        hasTeamGroups = model.groups.contains { group in
            var tasks = Set<Int32>()
            return group.slots.contains { !tasks.insert(slotTask[Int($0)]).inserted }
        }
    }

    public var isEmpty: Bool { movable.isEmpty }

    @inline(__always) func randomSlot(_ rng: inout RandomSource) -> Int { Int(movable[rng.below(movable.count)]) }

    @inline(__always) func randomCandidate(of slot: Int, _ rng: inout RandomSource) -> Int32 {
        let range = model.candidates(of: slot)
        return model.candidatePersons[range.lowerBound + rng.below(range.count)]
    }

    public func stage(_ kind: MoveKind, _ rng: inout RandomSource) -> Bool {
        let ok: Bool
        switch kind {
        case .change: ok = stageChange(&rng)
        case .swap: ok = stageSwap(&rng)
        case .transfer: ok = stageTransfer(&rng)
        case .chain: ok = stageChain(&rng)
        case .blockSwap: ok = stageBlockSwap(&rng)
        case .team: ok = stageTeam(&rng)
        }
        if !ok { director.discardStaged() }
        return ok
    }

    func stageChange(_ rng: inout RandomSource) -> Bool {
        let s = randomSlot(&rng)
        let range = model.candidates(of: s)
        let r = rng.below(range.count + 1)
        return director.stage(slot: s, person: r == range.count ? -1 : model.candidatePersons[range.lowerBound + r])
    }

    func stageSwap(_ rng: inout RandomSource) -> Bool {
        let s1 = randomSlot(&rng)
        let p1 = director.person(in: s1)
        let q = randomCandidate(of: s1, &rng)
        let n = director.timelineLength(of: q)
        guard q != p1, n > 0 else { return director.stage(slot: s1, person: q) }
        // Mostly the seat q holds on the same day (two people trade shifts that day); otherwise any of q's seats.
        let sameDay = slot(of: q, onDay: director.facts[s1].day)
        let s2 = sameDay >= 0 && rng.below(4) > 0 ? sameDay : Int(director.timelineSlot(of: q, at: rng.below(n)))
        return s2 != s1 && director.stage(slot: s1, person: q) && director.stage(slot: s2, person: p1)
    }

    /// A seat `person` holds on `day`, or -1.
    @inline(__always) func slot(of person: Int32, onDay day: Int32) -> Int {
        let n = director.timelineLength(of: person)
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if director.facts[director.timelineSlot(of: person, at: mid)].day < day { lo = mid + 1 } else { hi = mid }
        }
        guard lo < n else { return -1 }
        let s = director.timelineSlot(of: person, at: lo)
        return director.facts[s].day == day ? Int(s) : -1
    }

    func stageTransfer(_ rng: inout RandomSource) -> Bool {
        let s1 = randomSlot(&rng)
        let p = director.person(in: s1)
        guard p >= 0 else { return false }
        let first = Int(personSlotOffsets[Int(p)]), end = Int(personSlotOffsets[Int(p) + 1])
        guard end - first > 1 else { return false }
        let s2: Int
        if rng.chance(1, in: 2) {
            // Near in time: a seat around s1 in p's candidate list, usually the same or the next day.
            let at = position(of: Int32(s1), first: first, end: end)
            let lo = max(first, at - 6), hi = min(end, at + 7)
            s2 = Int(personSlots[lo + rng.below(hi - lo)])
        } else {
            s2 = Int(personSlots[first + rng.below(end - first)])
        }
        guard s2 != s1 else { return false }
        let r = director.person(in: s2)
        let back: Int32 = r >= 0 && director.isCandidate(r, for: s1) && rng.chance(1, in: 2) ? r : -1
        return director.stage(slot: s2, person: p) && director.stage(slot: s1, person: back)
    }

    func stageChain(_ rng: inout RandomSource) -> Bool {
        let s1 = randomSlot(&rng)
        let p1 = director.person(in: s1)
        let q = randomCandidate(of: s1, &rng)
        guard q != p1, director.stage(slot: s1, person: q) else { return false }
        let nq = director.timelineLength(of: q)
        guard nq > 0 else { return true }
        let sameDay = slot(of: q, onDay: director.facts[s1].day)
        let s2 = sameDay >= 0 && rng.chance(1, in: 2) ? sameDay : Int(director.timelineSlot(of: q, at: rng.below(nq)))
        guard s2 != s1 else { return false }
        let range = model.candidates(of: s2)
        let pick = rng.below(range.count + 1)
        let r: Int32 = pick == range.count ? p1 : model.candidatePersons[range.lowerBound + pick]
        if r == q { return false }
        if r == p1 || r < 0 { return director.stage(slot: s2, person: director.isCandidate(p1, for: s2) ? p1 : -1) }
        guard director.stage(slot: s2, person: r) else { return false }
        let nr = director.timelineLength(of: r)
        guard nr > 0, rng.chance(1, in: 2) else { return true }
        let s3 = Int(director.timelineSlot(of: r, at: rng.below(nr)))
        guard s3 != s1, s3 != s2 else { return true }
        return director.stage(slot: s3, person: director.isCandidate(p1, for: s3) ? p1 : -1)
    }

    func stageBlockSwap(_ rng: inout RandomSource) -> Bool {
        let s = randomSlot(&rng)
        let p = director.person(in: s)
        let q = randomCandidate(of: s, &rng)
        guard p >= 0, q != p else { return false }
        let k = Int32(2 + rng.below(6))
        let firstDay = director.facts[s].day - Int32(rng.below(Int(k)))
        let lastDay = firstDay + k - 1
        var staged = 0
        for (from, to) in [(p, q), (q, p)] {
            for i in 0..<director.timelineLength(of: from) {
                let x = director.timelineSlot(of: from, at: i)
                let d = director.facts[x].day
                if d < firstDay { continue }
                if d > lastDay { break }
                guard director.stage(slot: Int(x), person: to) else { return false }
                staged += 1
            }
        }
        return staged > 1
    }

    func stageTeam(_ rng: inout RandomSource) -> Bool {
        let s1 = randomSlot(&rng)
        let first = Int(taskFirst[s1]), size = Int(taskEnd[s1]) - first
        guard size > 1 else { return false }
        let s2 = first + (s1 - first + 1 + rng.below(size - 1)) % size
        guard model.pinnedPerson[s2] < 0, !model.candidates(of: s2).isEmpty else { return false }
        // A filled pair sometimes leaves together; otherwise both seats get new people.
        if director.person(in: s1) >= 0 && director.person(in: s2) >= 0 && rng.chance(1, in: 4) {
            return director.stage(slot: s1, person: -1) && director.stage(slot: s2, person: -1)
        }
        let p = randomCandidate(of: s1, &rng), q = randomCandidate(of: s2, &rng)
        guard p != q, p != director.person(in: s2), q != director.person(in: s1) else { return false }
        return director.stage(slot: s1, person: p) && director.stage(slot: s2, person: q)
    }

    /// Where slot s sits in a person's candidate list [first, end), which is sorted by (start, slot).
    private func position(of s: Int32, first: Int, end: Int) -> Int {
        var lo = first, hi = end
        let key = (director.facts[s].start, s)
        while lo < hi {
            let mid = (lo + hi) >> 1
            let m = personSlots[mid]
            if (director.facts[m].start, m) < key { lo = mid + 1 } else { hi = mid }
        }
        return min(lo, end - 1)
    }
}
