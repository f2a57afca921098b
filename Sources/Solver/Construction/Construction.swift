import Scheduling

/// The construction heuristic: hardest seats first (fewest candidates, then highest priority, then earliest),
/// each given the candidate that adds the least to the score, or left empty when every candidate would make
/// the score worse. Seats already filled (current schedule, pins) are kept.
public enum Construction {
    /// Candidates tried per seat at most; larger lists are sampled, so construction stays fast on big weeks.
    public static let candidatesPerSeat = 48

    public static func run(_ director: ScoreDirector, rng: inout RandomSource) {
        let model = director.model
        var order = (0..<director.slotCount).filter { model.pinnedPerson[$0] < 0 && director.person(in: $0) < 0 }
        order.sort { a, b in
            let ca = model.candidates(of: a).count, cb = model.candidates(of: b).count
            if ca != cb { return ca < cb }
            if model.priority[a] != model.priority[b] { return model.priority[a] > model.priority[b] }
            return (model.facts[a].start, a) < (model.facts[b].start, b)
        }
        for s in order {
            let range = model.candidates(of: s)
            guard !range.isEmpty else { continue }
            let tries = min(range.count, candidatesPerSeat)
            let offset = range.count > tries ? rng.below(range.count) : 0
            var bestPerson: Int32 = -1
            var bestDelta = Score.zero
            for k in 0..<tries {
                let p = model.candidatePersons[range.lowerBound + (offset + k * max(1, range.count / tries)) % range.count]
                guard director.stage(slot: s, person: p) else { continue }
                let delta = director.evaluateStaged()
                director.discardStaged()
                if delta < bestDelta {
                    bestDelta = delta
                    bestPerson = p
                }
            }
            if bestPerson >= 0 {
                director.stage(slot: s, person: bestPerson)
                director.commitStaged()
            }
        }
    }
}
