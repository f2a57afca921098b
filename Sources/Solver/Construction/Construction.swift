import Scheduling

/// The construction heuristic: hardest seats first (fewest candidates, then highest priority, then earliest),
/// each given the candidate that adds the least to the score, or left empty when every candidate would make
/// the score worse. Seats already filled (current schedule, pins) are kept.
public enum Construction {
    /// Candidates tried per seat at most; larger lists are sampled, so construction stays fast on big weeks.
    public static let candidatesPerSeat = 48

    /// How long construction may take in a solve of `termination`, so that the search starts soon on every solve:
    /// 5% of a time limit, at least 2 s. Nil (no budget) without a time limit, or with an evaluation limit, which
    /// keeps a seeded solve repeatable.
    public static func budget(_ termination: Termination) -> Double? {
        guard termination.maxEvaluations == nil, let limit = termination.seconds else { return nil }
        return max(2, 0.05 * limit)
    }

    /// Fills the seats in order until `seconds` have passed (nil: all of them); seats it does not reach stay empty
    /// for the search to fill.
    public static func run(_ director: ScoreDirector, rng: inout RandomSource, seconds: Double? = nil) {
        let stopwatch = Stopwatch()
        let model = director.model
        var order = (0..<director.slotCount).filter { model.pinnedPerson[$0] < 0 && director.person(in: $0) < 0 }
        order.sort { a, b in
            let ca = model.candidates(of: a).count, cb = model.candidates(of: b).count
            if ca != cb { return ca < cb }
            if model.priority[a] != model.priority[b] { return model.priority[a] > model.priority[b] }
            return (model.facts[a].start, a) < (model.facts[b].start, b)
        }
        for (i, s) in order.enumerated() {
            if let seconds, i & 255 == 255, stopwatch.seconds > seconds { return }
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
