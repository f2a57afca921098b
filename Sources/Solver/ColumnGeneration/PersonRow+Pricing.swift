import Scheduling

/// A task a person could work, as the pricing of column generation offers it: `cost` is what it costs the person's
/// row beyond their wishes (the seat's candidate cost).
struct RowOffer {
    var day: Int32
    var task: Int32
    var kind: Int32
    var slot: Int32
    var cost: Double
}

extension PersonRow {
    /// The person's cheapest row when working task t earns `taskValue[t]` (the master's duals): the same programme
    /// as the row move, over every task the person could work, not just free seats. Returns the task per day (-1
    /// off), or nil when no row keeps the rules for less than `bound`.
    func cheapestRow(of person: Int32, offers: [RowOffer], taskValue: [Double], bound: Double,
                     fitness: (Score) -> Int64) -> [Int32]? {
        guard let shape = shapes[Int(person)] else { return nil }
        // The programme adds integers: values are scaled, and the caller prices the row found exactly.
        let scale = 1024.0
        clearOptions()
        let wish = shape.requests.isEmpty ? 0 : fitness(shape.requestUnit)
        var next = 0
        for day in 0..<Int32(model.horizonDays) {
            optionStart.append(optionSeat.count)
            appendOption(seat: -1, kind: -1, cost: Int64(Double(wish &* shape.requestMagnitude(day: day, kind: -1)) * scale))
            while next < offers.count && offers[next].day == day {
                let o = offers[next]
                next += 1
                let value = Double(wish &* shape.requestMagnitude(day: day, kind: o.kind)) + o.cost - taskValue[Int(o.task)]
                appendOption(seat: o.slot, kind: o.kind, cost: Int64((value * scale).rounded()))
            }
        }
        optionStart.append(optionSeat.count)
        // Pricing runs once per person and round, not as often as the move: it may use a larger programme.
        guard let layout = layout(for: shape, maxStates: 4 * PersonRow.maxStates) else { return nil }
        let limit = (bound * scale).rounded(.down)
        guard limit > -9e18,
              search(shape, layout, bound: limit < 9e18 ? Int64(limit) : .max, fitness: { fitness($0) &* Int64(scale) })
        else { return nil }
        return chosen.map { $0 < 0 ? -1 : model.slotTask[Int($0)] }
    }

    /// What the row costs the person: wishes, fairness on its minutes and the offers' own costs. Tasks the person
    /// was not offered cost `unoffered` each.
    func rowCost(of person: Int32, tasks: [Int32], offers: [RowOffer], unoffered: Double, fitness: (Score) -> Int64) -> Double {
        guard let shape = shapes[Int(person)] else { return 0 }
        let wish = shape.requests.isEmpty ? 0 : fitness(shape.requestUnit)
        var total = 0.0, minutes: Int64 = 0
        for (day, task) in tasks.enumerated() {
            guard task >= 0 else {
                total += Double(wish &* shape.requestMagnitude(day: Int32(day), kind: -1))
                continue
            }
            if let o = offers.first(where: { $0.task == task }) {
                total += Double(wish &* shape.requestMagnitude(day: Int32(day), kind: o.kind)) + o.cost
                minutes += Int64(model.facts[Int(o.slot)].minutes)
            } else {
                total += unoffered
            }
        }
        if let unit = shape.fairnessUnit { total += Double(fitness(unit) &* (minutes * minutes / 3600)) }
        return total
    }
}
