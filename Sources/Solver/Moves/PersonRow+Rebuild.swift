import Scheduling

extension PersonRow {
    /// Ruin and recreate over rows: a few people's seats are emptied, then each of their rows is chosen again
    /// exactly, in random order, each seeing the seats the ones before left. It trades shifts between people, which
    /// one row at a time cannot (the other's seat is taken). Kept when the score is no worse, else undone.
    func rebuild(_ rng: inout RandomSource, people count: Int, fitness: (Score) -> Int64) -> Bool {
        guard people.count >= 2 else { return false }
        group.removeAll(keepingCapacity: true)
        while group.count < min(count, people.count) {
            let p = people[rng.below(people.count)]
            if !group.contains(p) { group.append(p) }
        }
        let before = fitness(director.score)
        saved = groupSeats()
        commit(saved.map { ($0.slot, -1) })
        // One window for the group, where rows are too long for one programme: the days they can trade.
        let from = windowStart(&rng)
        for p in group where findBestRow(of: p, windowFrom: from, fitness: fitness) && stageBestRow(of: p) { director.commitStaged() }
        if fitness(director.score) <= before { return true }
        commit(groupSeats().map { ($0.slot, -1) })
        commit(saved)
        return false
    }

    /// The seats the group's people hold now, pins left out, with who holds each.
    private func groupSeats() -> [(slot: Int32, person: Int32)] {
        group.flatMap { p in
            (0..<director.timelineLength(of: p)).map { director.timelineSlot(of: p, at: $0) }
                .filter { model.pinnedPerson[Int($0)] < 0 }.map { ($0, p) }
        }
    }

    /// Commits the changes, as many at a time as the director stages.
    private func commit(_ changes: [(slot: Int32, person: Int32)]) {
        for c in changes {
            if director.stagedCount == ScoreDirector.maxStaged { director.commitStaged() }
            director.stage(slot: Int(c.slot), person: c.person)
        }
        if director.stagedCount > 0 { director.commitStaged() }
    }
}
