/// Each person's sums over their whole timeline (minutes, tasks per weekend and per kind), kept up to date as
/// seats are added and removed. The rules that read only such sums (totals, fairness, weekends, tasks of a kind)
/// are then scored from the sums and a move's changes, without walking the timeline.
struct PersonTotals {
    let minutes: Buffer<Int64>
    let weekendsWorked: Buffer<Int32>
    /// weekendTasks[p * weekendSpan + weekendIndex[weekend]], the weekends numbered densely in order.
    let weekendTasks: Buffer<Int32>
    let weekendIndex: Buffer<Int32>
    let weekendSpan: Int
    /// kindTasks[p * kindSpan + kind].
    let kindTasks: Buffer<Int32>
    let kindSpan: Int

    init(personCount: Int, facts: [SlotFacts]) {
        let weekends = Set(facts.map(\.weekend).filter { $0 >= 0 }).sorted()
        var index = [Int32](repeating: -1, count: Int((weekends.last ?? -1) + 1))
        for (i, w) in weekends.enumerated() { index[Int(w)] = Int32(i) }
        weekendIndex = Buffer(index)
        weekendSpan = weekends.count
        kindSpan = Int((facts.map(\.kind).max() ?? -1) + 1)
        minutes = Buffer(repeating: 0, count: personCount)
        weekendsWorked = Buffer(repeating: 0, count: personCount)
        weekendTasks = Buffer(repeating: 0, count: personCount * weekendSpan)
        kindTasks = Buffer(repeating: 0, count: personCount * kindSpan)
    }

    func add(_ f: SlotFacts, to p: Int32, _ sign: Int32) {
        minutes[p] += Int64(sign) * Int64(f.minutes)
        kindTasks[Int(p) * kindSpan + Int(f.kind)] += sign
        guard f.weekend >= 0 else { return }
        let at = Int(p) * weekendSpan + Int(weekendIndex[f.weekend])
        let before = weekendTasks[at]
        weekendTasks[at] = before + sign
        if before == 0 { weekendsWorked[p] += 1 } else if before + sign == 0 { weekendsWorked[p] -= 1 }
    }

    @inline(__always) func weekendTaskCount(_ p: Int32, weekend: Int32) -> Int32 {
        weekendTasks[Int(p) * weekendSpan + Int(weekendIndex[weekend])]
    }

    @inline(__always) func kindTaskCount(_ p: Int32, kind: Int32) -> Int32 { kindTasks[Int(p) * kindSpan + Int(kind)] }

    func free() {
        minutes.free()
        weekendsWorked.free()
        weekendTasks.free()
        weekendIndex.free()
        kindTasks.free()
    }
}
