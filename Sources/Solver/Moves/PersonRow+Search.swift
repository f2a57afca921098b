import Scheduling

extension PersonRow {
    /// The programme: day by day, every reachable state keeps its cheapest label; each option of the day extends
    /// each label unless a rule forbids it. Fills `chosen` with the best row's seat per day (-1 off); false when no
    /// row satisfies the rules.
    func search(_ shape: RowShape, _ layout: RowLayout, bound: Int64, fitness: (Score) -> Int64) -> Bool {
        if labelOfKey.count < layout.stateCount {
            labelOfKey = [Int32](repeating: -1, count: layout.stateCount)
        }
        // The loop works on local arrays: a class's stored arrays pay an exclusivity check on every access.
        var keys = labelKey, costs = labelCost, parents = labelParent, picks = labelOption, slotOfKey = labelOfKey
        var starts = labelStart
        (labelKey, labelCost, labelParent, labelOption, labelOfKey, labelStart) = ([], [], [], [], [], [])
        defer { (labelKey, labelCost, labelParent, labelOption, labelOfKey, labelStart) = (keys, costs, parents, picks, slotOfKey, starts) }
        keys.removeAll(keepingCapacity: true)
        costs.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        picks.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        keys.append(0)
        costs.append(0)
        parents.append(-1)
        picks.append(-1)
        starts.append(0)
        let optionStart = optionStart, optionSeat = optionSeat, optionKind = optionKind, optionUnits = optionUnits
        let optionCost = optionCost, suffixUnits = suffixUnits, suffixCost = suffixCost, dayWeekend = dayWeekend
        let kindClass = shape.kindClass, classForbids = shape.classForbids, window = window, judgedEnd = judgedEnd
        let kindCount = Int32(model.kinds.count), minRun = shape.minRun, minOff = shape.minOff, maxRun = shape.maxRun ?? .max
        var work: Int64 = 0
        for d in 0..<model.horizonDays {
            let from = starts[d], to = keys.count
            starts.append(to)
            // Outside a window the row keeps its days, whose weekends and kinds the window's limits already left out.
            let counted = window.contains(d)
            // Days before the window, and after it beyond what its edge reaches, are not judged: a rule they break
            // already is not the window's to mend, and must not close every row.
            let judged = d >= window.lowerBound && d < judgedEnd
            let weekend = counted ? dayWeekend[d] : -1
            let sameWeekend = d > 0 && weekend >= 0 && dayWeekend[d - 1] == weekend
            let stillNeeded = layout.minUnits &- suffixUnits[d + 1]
            let budget = bound == .max ? .max : bound &- suffixCost[d + 1]
            for l in from..<to {
                let (run, units, weekends, counts) = layout.split(keys[l])
                let worked = run >= layout.workBase
                let (succession, length, fromStart) = worked ? layout.splitWorkRun(run) : (0, 0, 0)
                let cost = costs[l]
                for o in optionStart[d]..<optionStart[d + 1] {
                    work &+= 1
                    let nextCost = cost &+ optionCost[o]
                    if nextCost > budget { continue }
                    var nextRun: Int32, nextUnits = units, nextWeekends = weekends, nextCounts = counts
                    if optionSeat[o] < 0 {
                        if worked {
                            // A run shorter than the minimum may not end inside the horizon.
                            if length < minRun && fromStart == 0 && judged { continue }
                            nextRun = 1
                        } else {
                            nextRun = run == 0 ? 0 : min(run &+ 1, layout.offCap)
                        }
                    } else {
                        let kind = optionKind[o]
                        var nextLength: Int32 = 1, nextFromStart: Int32 = 0
                        if worked {
                            if judged && classForbids[Int(succession &* kindCount &+ kind)] { continue }
                            nextLength = length &+ 1
                            if nextLength > maxRun {
                                if judged { continue }
                                nextLength = maxRun
                            }
                            nextLength = min(nextLength, layout.workCap)
                            nextFromStart = nextLength < minRun ? fromStart : 0
                        } else if run > 0 {
                            if run < minOff && judged { continue }
                        } else if d == 0 && layout.flags == 2 {
                            nextFromStart = 1
                        }
                        nextRun = layout.workRun(succession: kindClass[Int(kind)], length: nextLength, fromStart: nextFromStart)
                        nextUnits &+= optionUnits[o]
                        if nextUnits > layout.maxUnits { continue }
                        if weekend >= 0 && layout.tracksWeekends && !(worked && sameWeekend) {
                            nextWeekends &+= 1
                            if nextWeekends >= layout.weekendRadix { continue }
                        }
                        let limited = counted ? layout.limitedIndex[Int(kind)] : -1
                        if limited >= 0 {
                            let stride = layout.countStride[Int(limited)], limit = layout.countLimit[Int(limited)]
                            if (counts / stride) % (limit &+ 1) >= limit { continue }
                            nextCounts &+= stride
                        }
                    }
                    if nextUnits < stillNeeded { continue }
                    let key = layout.key(run: nextRun, units: nextUnits, weekends: nextWeekends, counts: nextCounts)
                    let at = slotOfKey[Int(key)]
                    if at < 0 {
                        slotOfKey[Int(key)] = Int32(keys.count)
                        keys.append(key)
                        costs.append(nextCost)
                        parents.append(Int32(l))
                        picks.append(Int32(o))
                    } else if nextCost < costs[Int(at)] {
                        costs[Int(at)] = nextCost
                        parents[Int(at)] = Int32(l)
                        picks[Int(at)] = Int32(o)
                    }
                }
            }
            for l in to..<keys.count { slotOfKey[Int(keys[l])] = -1 }
            if keys.count == to { break }
        }
        transitions &+= work
        starts.append(keys.count)
        guard starts.count == model.horizonDays + 2 else { return false }
        return chooseBest(shape, layout, last: starts[model.horizonDays]..<starts[model.horizonDays + 1], keys: keys,
                          costs: costs, parents: parents, picks: picks, fitness: fitness)
    }

    /// The cheapest of the last day's labels (with fairness, which weighs the total minutes) traced back to its row.
    private func chooseBest(_ shape: RowShape, _ layout: RowLayout, last: Range<Int>, keys: [Int32], costs: [Int64],
                            parents: [Int32], picks: [Int32], fitness: (Score) -> Int64) -> Bool {
        let days = model.horizonDays
        let fair = shape.fairnessUnit.map(fitness) ?? 0
        var best: Int32 = -1, bestCost = Int64.max
        for l in last {
            let units = layout.split(keys[l]).units
            if units < layout.minUnits { continue }
            var cost = costs[l]
            if fair != 0 {
                let minutes = Int64(units) * Int64(layout.unitMinutes) + outsideMinutes
                cost &+= fair &* (minutes * minutes / 3600)
            }
            if cost < bestCost { (best, bestCost) = (Int32(l), cost) }
        }
        guard best >= 0 else { return false }
        chosen.removeAll(keepingCapacity: true)
        chosen.append(contentsOf: repeatElement(-1, count: days))
        var l = best
        for d in stride(from: days - 1, through: 0, by: -1) {
            chosen[d] = optionSeat[Int(picks[Int(l)])]
            l = parents[Int(l)]
        }
        return true
    }
}
