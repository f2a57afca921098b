import Scheduling

/// A re-plan answers its causes (a declined or expired seat, a pin) and nothing else. The search prices each
/// changed seat, but a price is not a promise: a long chain can pay for itself on a high-priority seat, and gains
/// elsewhere in the week (a seat that was already empty) can be bought with changes nobody asked for. This trims
/// the searched schedule to the changes that answer the causes, at most `mostMoved` other people per cause.
struct DisruptionBound {
    let model: SolverModel
    /// Seats whose change caused the re-plan.
    let causes: Set<Int>
    /// People who refused a seat of the week: leaving it is their choice, not a move.
    let refusers: Set<Int32>
    let mostMoved: Int

    /// Changes that share a person belong together: reverting part of a chain could double-book its people.
    struct Change { var slots: [Int]; var others: Set<Int32>; var answersCause: Bool }

    func changes(from current: [Int32], to solved: [Int32]) -> [Change] {
        let changed = (0..<model.slotCount).filter { !model.isHeld[$0] && solved[$0] != current[$0] }
        var parent = Array(changed.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var byPerson: [Int32: Int] = [:]
        for (i, s) in changed.enumerated() {
            for p in [current[s], solved[s]] where p >= 0 {
                if let j = byPerson[p] { parent[root(i)] = root(j) } else { byPerson[p] = i }
            }
        }
        var groups: [Int: Change] = [:]
        for (i, s) in changed.enumerated() {
            var change = groups[root(i), default: Change(slots: [], others: [], answersCause: false)]
            change.slots.append(s)
            if causes.contains(s) {
                change.answersCause = true
            } else {
                for p in [current[s], solved[s]] where p >= 0 && !refusers.contains(p) { change.others.insert(p) }
            }
            groups[root(i)] = change
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// The searched schedule with every change that does not answer a cause undone, unless undoing it breaks a hard
    /// rule the searched schedule keeps; a chain that moves more than `mostMoved` others per cause is undone too and
    /// its cause seats refilled by the best short chain (a free person, or one person moving with one refill).
    /// Returns it with its score, kept up as the changes are undone.
    func trim(_ solved: [Int32]) -> (assignment: [Int32], score: Score) {
        let current = model.currentPerson
        let director = ScoreDirector(model: model, initial: solved)
        var result = solved
        var score = director.score
        func tryRevert(_ change: Change) -> Bool {
            var trial = result
            for s in change.slots { trial[s] = current[s] }
            director.load(trial)
            guard director.score.hard <= score.hard else { return false }
            result = trial
            score = director.score
            return true
        }
        let all = changes(from: current, to: solved)
        for change in all where !change.answersCause { _ = tryRevert(change) }
        for change in all where change.answersCause && change.others.count > mostMoved * max(1, change.slots.filter(causes.contains).count) {
            // A successful revert leaves the director holding `result`: refill from there.
            guard tryRevert(change) else { continue }
            for s in change.slots where causes.contains(s) { refill(s, director) }
            result = director.assignment
            score = director.score
        }
        return (result, score)
    }

    /// Fills `slot` by the best of: a candidate taking it as they are, or a candidate leaving one seat of theirs,
    /// which stays empty or goes to a third person taking it as they are. Commits only a change for the better
    /// that breaks no more hard rules.
    private func refill(_ slot: Int, _ director: ScoreDirector) {
        var best: (delta: Score, moves: [(Int, Int32)])?
        func consider(_ moves: [(Int, Int32)]) {
            director.discardStaged()
            for (s, p) in moves { guard director.stage(slot: s, person: p) else { director.discardStaged(); return } }
            let delta = director.evaluateStaged()
            director.discardStaged()
            guard delta.hard <= 0, delta < .zero, best.map({ delta < $0.delta }) ?? true else { return }
            best = (delta, moves)
        }
        for c in model.candidates(of: slot) {
            let person = model.candidatePersons[c]
            consider([(slot, person)])
            for k in 0..<director.timelineLength(of: person) {
                let held = Int(director.timelineSlot(of: person, at: k))
                guard model.pinnedPerson[held] < 0 else { continue }
                consider([(slot, person), (held, -1)])
                for d in model.candidates(of: held) where model.candidatePersons[d] != person && !refusers.contains(model.candidatePersons[d]) {
                    consider([(slot, person), (held, model.candidatePersons[d])])
                }
            }
        }
        guard let best else { return }
        for (s, p) in best.moves { director.stage(slot: s, person: p) }
        director.commitStaged()
    }
}
