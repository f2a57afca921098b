import Scheduling

extension PersonRow {
    /// Rounds of prices a relaxed row may take to meet the person's totals.
    static let relaxedRounds = 24
    /// A relaxed row's states per day at most: with its minutes exact, 364 days of them are up to 60 MB of labels.
    static let maxRelaxedStates = 1 << 13
    /// Rounds with the minutes exact, after the priced ones missed only the total.
    static let exactMinuteRounds = 6

    /// The repair for a person whose row breaks their own rules on a long horizon. Such a row is often tight all
    /// year: near its least total, with fixed days off between its runs, a run of days off that is one day short can
    /// be mended only by moving runs far away, which no window reaches. The whole row's programme is small once
    /// totals, weekends and kind counts leave its states; they are priced instead (Lagrangian relaxation), per minute
    /// worked, per weekend day worked and per task of a limited kind, and the prices move until the cheapest row
    /// keeps every limit. Runs, days off and successions stay exact. Each day that differs from the held one costs as
    /// much as the dearest day's option, so the row found is the nearest that mends the person, not a new one for
    /// the cover's sake. Kept when the director finds it no worse.
    func runRelaxed(person: Int32, fitness: (Score) -> Int64) -> Bool {
        guard let shape = shapes[Int(person)], shape.exact, collectOptions(of: person, shape: shape, fitness: fitness)
        else { return false }
        let base = optionCost
        defer { optionCost = base }
        var prices = RelaxedPrices(base: base, kindCount: model.kinds.count)
        // Cheap rounds first, with minutes priced too; when a total is all they miss (a price alone can step over a
        // tight total by a task or two), a few more with the minutes counted exactly, where their states fit.
        var outcome = priceRows(shape, exactMinutes: false, base: base, prices: &prices, fitness: fitness)
        if outcome == .missedMinutes {
            outcome = priceRows(shape, exactMinutes: true, base: base, prices: &prices, fitness: fitness)
        }
        return outcome == .met && keepChosen(of: person, fitness: fitness)
    }

    private enum RelaxedOutcome { case met, missedMinutes, missed }

    /// Prices the relaxed programme's options and searches it, moving the prices after each row that breaks a
    /// limit, until a row keeps them all (in `chosen`) or the rounds run out. With `exactMinutes` the minutes stay
    /// in the programme's states (when those fit) and are not priced.
    private func priceRows(_ shape: RowShape, exactMinutes: Bool, base: [Int64], prices: inout RelaxedPrices,
                           fitness: (Score) -> Int64) -> RelaxedOutcome {
        var relaxed = shape
        relaxed.maxWeekends = nil
        relaxed.kindLimits = []
        relaxed.fairnessUnit = nil
        if !exactMinutes { (relaxed.minMinutes, relaxed.maxMinutes) = (0, nil) }
        let states = exactMinutes ? PersonRow.maxRelaxedStates : PersonRow.maxStates
        guard let layout = layout(for: relaxed, maxStates: states) else { return .missed }
        prices.minute = 0
        let rounds = exactMinutes ? PersonRow.exactMinuteRounds : PersonRow.relaxedRounds
        var minuteLow = -Double.infinity, minuteHigh = Double.infinity, step = prices.minuteStep
        var outcome = RelaxedOutcome.missed
        for _ in 0..<rounds {
            for d in 0..<model.horizonDays {
                for o in optionStart[d]..<optionStart[d + 1] {
                    let seat = optionSeat[o]
                    var cost = base[o] &+ (seat == held[d] ? 0 : prices.sticky)
                    if seat >= 0 {
                        let fact = model.facts[Int(seat)]
                        cost &+= Int64(prices.minute * Double(fact.minutes))
                        if dayWeekend[d] >= 0 { cost &+= Int64(prices.weekendDay) }
                        if fact.kind >= 0 { cost &+= Int64(prices.kind[Int(fact.kind)]) }
                    }
                    optionCost[o] = cost
                }
            }
            guard search(relaxed, layout, bound: .max, fitness: fitness) else { return .missed }
            let use = RelaxedUse(row: chosen, model: model, dayWeekend: dayWeekend)
            let minutesMissed = use.minutes < shape.minMinutes || shape.maxMinutes.map { use.minutes > $0 } == true
            var limitsMissed = false
            if let most = shape.maxWeekends, use.weekends > most {
                limitsMissed = true
                prices.weekendDay += prices.priceStep + prices.weekendDay
            }
            for limit in shape.kindLimits where Int(limit.kind) < use.kindCounts.count && use.kindCounts[Int(limit.kind)] > limit.limit {
                limitsMissed = true
                prices.kind[Int(limit.kind)] += prices.priceStep + prices.kind[Int(limit.kind)]
            }
            if !minutesMissed && !limitsMissed { return .met }
            outcome = limitsMissed ? .missed : .missedMinutes
            if limitsMissed {
                // The other prices moved: the minutes' bracket starts again from where it stands.
                (minuteLow, minuteHigh, step) = (-.infinity, .infinity, prices.minuteStep)
            } else if !exactMinutes {
                // Fewer minutes the higher their price: bisect once both sides are known, else step outwards.
                if use.minutes < shape.minMinutes { minuteHigh = prices.minute } else { minuteLow = prices.minute }
                if minuteLow.isFinite && minuteHigh.isFinite {
                    prices.minute = (minuteLow + minuteHigh) / 2
                } else {
                    prices.minute += minuteHigh.isFinite ? -step : step
                    step *= 2
                }
            } else {
                return .missedMinutes
            }
        }
        return outcome
    }

    /// A random person among those the row move serves whose own rules are broken, or nil.
    func personBreakingOwnRules(_ rng: inout RandomSource) -> Int32? {
        var found: Int32?, seen = 0
        // Reservoir sampling: one pass, no list.
        for p in people where director.personScores[Int(p)].hard > 0 {
            seen += 1
            if rng.below(seen) == 0 { found = p }
        }
        return found
    }
}

/// The prices a relaxed row pays for what its state no longer counts.
private struct RelaxedPrices {
    var minute: Double = 0
    var weekendDay: Double = 0
    var kind: [Double]
    /// What a day that differs from the held row costs: the largest of the day costs, so the nearest row that
    /// mends the person is found rather than the cheapest.
    let sticky: Int64
    /// The first step of a weekend's or a kind's price, and of a minute's (for a task of 480 minutes).
    let priceStep: Double
    let minuteStep: Double

    init(base: [Int64], kindCount: Int) {
        kind = [Double](repeating: 0, count: kindCount)
        // A hard cost among the options is left out: prices that outweigh it would swamp every other cost.
        var scale: Int64 = 1
        for c in base where c.magnitude < 1 << 40 { scale = max(scale, Int64(c.magnitude)) }
        sticky = scale
        priceStep = Double(scale) / 4
        minuteStep = Double(scale) / 480 / 16
    }
}

/// What a row uses of the limits its relaxed programme priced.
private struct RelaxedUse {
    var minutes: Int64 = 0
    var weekends: Int32 = 0
    var kindCounts: [Int32]

    init(row: [Int32], model: SolverModel, dayWeekend: [Int32]) {
        kindCounts = [Int32](repeating: 0, count: model.kinds.count)
        var lastWeekend: Int32 = -1
        for (d, seat) in row.enumerated() where seat >= 0 {
            let fact = model.facts[Int(seat)]
            minutes += Int64(fact.minutes)
            if fact.kind >= 0 { kindCounts[Int(fact.kind)] += 1 }
            if dayWeekend[d] >= 0 && dayWeekend[d] != lastWeekend {
                weekends += 1
                lastWeekend = dayWeekend[d]
            }
        }
    }
}
