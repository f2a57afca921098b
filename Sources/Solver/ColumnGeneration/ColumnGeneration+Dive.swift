extension ColumnGeneration {
    /// Fixes the people whose best row has (almost) all their share, and `step` of the rest (at least one), those
    /// whose best rows have the largest shares (`shuffled`: the first drawn from the top three); false when
    /// everyone is fixed.
    func fixNext(step: Double, shuffled: Bool) -> Bool {
        let (best, share) = bestColumns()
        var open: [Int] = []
        for p in 0..<model.personCount where fixed[p] < 0 && best[p] >= 0 {
            if share[p] > 0.999 { fix(p, to: best[p]) } else { open.append(p) }
        }
        guard !open.isEmpty else { return false }
        open.sort { share[$0] > share[$1] }
        if shuffled { open.swapAt(0, rng.below(min(3, open.count))) }
        for p in open.prefix(max(1, Int(Double(open.count) * step))) { fix(p, to: best[p]) }
        return true
    }

    private func fix(_ person: Int, to column: Int) {
        fixed[person] = column
        for j in 0..<lp.columnCount where j != column && Int(lp.columnPerson[j]) == person {
            lp.setCost(ofColumn: j, split.barred)
        }
    }

    /// Per person, the column with the largest share in the present mix, and the share.
    private func bestColumns() -> (column: [Int], share: [Double]) {
        var best = [Int](repeating: -1, count: model.personCount), share = [Double](repeating: -1, count: model.personCount)
        for j in 0..<lp.columnCount {
            let p = Int(lp.columnPerson[j]), v = lp.value(ofColumn: j)
            if v > share[p] { (best[p], share[p]) = (j, v) }
        }
        return (best, share)
    }

    /// Each person's fixed row, or else the row with the largest share, seated: required seats first, extra people
    /// in optional seats, the rare one beyond them left off.
    func rounded() -> [Int32] {
        var best = bestColumns().column
        for p in fixed.indices where fixed[p] >= 0 { best[p] = fixed[p] }
        var assignment = [Int32](repeating: -1, count: model.slotCount)
        for p in 0..<model.personCount where best[p] >= 0 {
            for t in lp.tasks(ofColumn: best[p]) {
                let seat = split.taskSlots[Int(t)].first {
                    assignment[Int($0)] < 0 && model.candidatePosition(slot: Int($0), person: Int32(p)) >= 0
                }
                if let seat { assignment[Int(seat)] = Int32(p) }
            }
        }
        return assignment
    }
}
