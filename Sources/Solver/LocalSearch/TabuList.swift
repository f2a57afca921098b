/// Forbids putting a person back into a seat they just left, for `tenure` iterations. Indexed by the
/// (seat, candidate) position in the model's candidate table, plus one entry per seat for "empty".
final class TabuList {
    private let untilAssigned: Buffer<Int64>
    private let untilEmpty: Buffer<Int64>
    let director: ScoreDirector

    init(director: ScoreDirector) {
        self.director = director
        untilAssigned = Buffer(repeating: 0, count: director.model.candidatePersons.count)
        untilEmpty = Buffer(repeating: 0, count: director.slotCount)
    }

    deinit {
        untilAssigned.free()
        untilEmpty.free()
    }

    func isTabu(iteration: Int64) -> Bool {
        for i in 0..<director.stagedCount {
            let c = director.stagedChange(i)
            let until = c.new < 0 ? untilEmpty[c.slot] : untilAssigned[director.candidatePosition(slot: c.slot, person: c.new)]
            if until > iteration { return true }
        }
        return false
    }

    /// Call before committing: forbids each staged seat's old occupant from returning.
    func forbidReturn(iteration: Int64, tenure: Int64) {
        for i in 0..<director.stagedCount {
            let c = director.stagedChange(i)
            if c.old < 0 {
                untilEmpty[c.slot] = iteration + tenure
            } else {
                untilAssigned[director.candidatePosition(slot: c.slot, person: c.old)] = iteration + tenure
            }
        }
    }
}
