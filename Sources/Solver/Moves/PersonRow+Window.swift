import Scheduling

extension PersonRow {
    /// The row move where the whole row's programme is too large (a long horizon, many minute units, weekends and
    /// kind limits): the days of a window are chosen again, exactly, and the others keep what the person holds. The
    /// programme still walks the whole horizon, each day outside the window with its one option, so runs, days off
    /// and successions across the window's edges are judged as in the whole row; totals, weekends and kind counts
    /// count the window's days only, against the limits less what the days outside hold. The window starts at
    /// `windowDays` and halves, down to a week, until its programme fits `maxWindowStates`; it never splits a weekend.
    func findBestWindow(of person: Int32, shape: RowShape, from start: Int, days preferred: Int = PersonRow.windowDays,
                        fitness: (Score) -> Int64) -> Bool {
        let days = model.horizonDays
        guard days > 0 else { return false }
        // Moved, not copied: `restrict` fills the option arrays again from these, reusing their storage.
        swap(&fullOptions.start, &optionStart)
        swap(&fullOptions.seat, &optionSeat)
        swap(&fullOptions.kind, &optionKind)
        swap(&fullOptions.cost, &optionCost)
        let first = min(max(0, start), days - 1)
        var length = max(1, min(days, preferred))
        while true {
            let window = aligned(first..<min(days, first + length))
            if let windowShape = restrict(shape, to: window),
               let layout = layout(for: windowShape, maxStates: PersonRow.maxWindowStates) {
                return search(windowShape, layout, bound: heldBound(of: person, shape, fitness: fitness), fitness: fitness)
            }
            if length <= 7 { return false }
            length = max(7, length / 2)
        }
    }

    /// The window move on `person` from `start` over `days` days (widened to whole weekends), whatever the horizon:
    /// kept when no worse, as `run` keeps a row.
    func runWindow(person: Int32, from start: Int, days: Int, fitness: (Score) -> Int64) -> Bool {
        guard let shape = shapes[Int(person)], collectOptions(of: person, shape: shape, fitness: fitness),
              findBestWindow(of: person, shape: shape, from: start, days: days, fitness: fitness) else { return false }
        return keepChosen(of: person, fitness: fitness)
    }

    /// The window widened so that no weekend has days on both sides of an edge.
    func aligned(_ window: Range<Int>) -> Range<Int> {
        var (start, end) = (window.lowerBound, window.upperBound)
        while start > 0 && dayWeekend[start] >= 0 && dayWeekend[start - 1] == dayWeekend[start] { start -= 1 }
        while end < model.horizonDays && dayWeekend[end] >= 0 && dayWeekend[end - 1] == dayWeekend[end] { end += 1 }
        return start..<end
    }

    /// Leaves each day outside `window` its held option only, sets `window` and `outsideMinutes`, and returns the
    /// shape whose limits are what the window may still use; nil when the days outside already break a limit (a
    /// window cannot mend that).
    private func restrict(_ shape: RowShape, to window: Range<Int>) -> RowShape? {
        let full = fullOptions
        clearOptions()
        self.window = window
        var minutes: Int64 = 0, weekends = Set<Int32>()
        var kindCounts = [Int32](repeating: 0, count: model.kinds.count)
        for d in 0..<model.horizonDays {
            let options = full.start[d]..<full.start[d + 1]
            optionStart.append(optionSeat.count)
            if window.contains(d) {
                optionSeat += full.seat[options]
                optionKind += full.kind[options]
                optionCost += full.cost[options]
                continue
            }
            let seat = held[d]
            guard seat >= 0 else {
                appendOption(seat: -1, kind: -1, cost: full.cost[options.lowerBound])
                continue
            }
            // The option of the held task carries what its cost is in the held row's terms (`heldCost`).
            let task = model.slotTask[Int(seat)]
            guard let o = options.first(where: { full.seat[$0] >= 0 && model.slotTask[Int(full.seat[$0])] == task }) else { return nil }
            appendOption(seat: seat, kind: full.kind[o], cost: full.cost[o])
            minutes += Int64(model.facts[Int(seat)].minutes)
            if dayWeekend[d] >= 0 { weekends.insert(dayWeekend[d]) }
            kindCounts[Int(full.kind[o])] += 1
        }
        optionStart.append(optionSeat.count)
        outsideMinutes = minutes
        let reach = Int(max(shape.maxRun ?? 1, shape.minRun, shape.minOff)) + 1
        judgedEnd = min(model.horizonDays, window.upperBound + min(reach, 14))
        var restricted = shape
        restricted.minMinutes = max(0, shape.minMinutes - minutes)
        if let most = shape.maxMinutes {
            guard most >= minutes else { return nil }
            restricted.maxMinutes = most - minutes
        }
        if let most = shape.maxWeekends {
            guard most >= Int32(weekends.count) else { return nil }
            restricted.maxWeekends = most - Int32(weekends.count)
        }
        for (i, limit) in shape.kindLimits.enumerated() where Int(limit.kind) < kindCounts.count {
            guard limit.limit >= kindCounts[Int(limit.kind)] else { return nil }
            restricted.kindLimits[i].limit = limit.limit - kindCounts[Int(limit.kind)]
        }
        return restricted
    }
}

