import Scheduling

/// A large move for rostering: one person's whole row (each day of the horizon off, or one task) is chosen again,
/// exactly, with everyone else fixed. Seat costs and wishes are priced per day by the director; the run, day-off,
/// weekend, total-minute, kind-limit and succession rules are the states of a dynamic programme over the days (a
/// resource-constrained shortest path, as column-generation solvers price one nurse's roster). So the row it finds is
/// the best the person's rules allow against everyone else; the director then prices the change like any move,
/// and it is kept when it is no worse.
final class PersonRow {
    let director: ScoreDirector
    let model: SolverModel
    /// The people with a row shape and a seat that is not pinned.
    let people: [Int32]
    let shapes: [RowShape?]
    /// Each horizon day's weekend number, or -1.
    let dayWeekend: [Int32]
    /// Rows whose programme would need more states than this are chosen again over a window of days instead.
    static let maxStates = 1 << 21
    /// A window's programme stays under this many states: its window shrinks (down to a week) until it does.
    static let maxWindowStates = 1 << 18
    /// The longest window, in days, when the whole row is too large for one programme.
    static let windowDays = 14
    /// Horizons longer than this always use windows (`findBestRow`).
    static let wholeRowDays = 56
    /// About as many transitions of the programme take the time of one move evaluation (measured on Curtois rows).
    static let transitionsPerEvaluation: Int64 = 64
    /// Transitions of the programme made so far: the search charges its large moves by work done.
    var transitions: Int64 = 0

    // The row's options: day d's are optionStart[d]..<optionStart[d + 1], the first being "off" (seat -1).
    var optionStart: [Int] = []
    var optionSeat: [Int32] = []
    var optionKind: [Int32] = []
    var optionUnits: [Int32] = []
    var optionCost: [Int64] = []
    var held: [Int32] = []
    var chosen: [Int32] = []
    /// The most minute units the person could still work from day d on.
    var suffixUnits: [Int32] = []
    /// The least the row could still cost from day d on, whatever the rules.
    var suffixCost: [Int64] = []
    var unitMinutes: Int32 = 1
    var tracksUnits = false
    /// What the person's present row costs in the programme's terms (with the cheapest seat of each task they hold).
    var heldCost: Int64 = 0
    /// The days the programme may change; the others keep what the person holds. The whole horizon unless a
    /// window move restricted it (`PersonRow+Window`).
    var window: Range<Int> = 0..<0
    /// The minutes the person holds outside the window: the window's programme counts its own days' units only.
    var outsideMinutes: Int64 = 0
    /// The day after the last one whose runs and successions the programme judges: the window's end and as far
    /// past it as a run or a break from inside can reach.
    var judgedEnd = 0
    /// The whole row's options, kept while a window is tried so a smaller one can be tried next.
    var fullOptions: (start: [Int], seat: [Int32], kind: [Int32], cost: [Int64]) = ([], [], [], [])

    // Labels of the programme, one per reachable state and day; day d's are labelStart[d + 1]..<labelStart[d + 2]
    // (the first list is the start, before day 0).
    var labelStart: [Int] = []
    var labelKey: [Int32] = []
    var labelCost: [Int64] = []
    var labelParent: [Int32] = []
    var labelOption: [Int32] = []
    /// State key → position of today's label with that key, or -1.
    var labelOfKey: [Int32] = []
    /// The people of a rebuild and the seats they held.
    var group: [Int32] = []
    var saved: [(slot: Int32, person: Int32)] = []

    init(director: ScoreDirector) {
        self.director = director
        let model = director.model
        self.model = model
        let shapes = model.personRules.map { RowShape(rules: $0, kindCount: model.kinds.count) }
        self.shapes = shapes
        people = (0..<model.personCount).filter { p in
            shapes[p] != nil && (Int(model.personSlotOffsets[p])..<Int(model.personSlotOffsets[p + 1])).contains {
                model.pinnedPerson[Int(model.personSlots[$0])] < 0
            }
        }.map(Int32.init)
        var weekend = [Int32](repeating: -1, count: model.horizonDays)
        for f in model.facts where f.day >= 0 && Int(f.day) < model.horizonDays { weekend[Int(f.day)] = f.weekend }
        dayWeekend = weekend
    }

    var isEmpty: Bool { people.isEmpty || model.horizonDays == 0 }

    func run(_ rng: inout RandomSource, fitness: (Score) -> Int64) -> Bool {
        // Windows cannot mend a long row that is tight all year; a whole relaxed row can (`runRelaxed`).
        if model.horizonDays > PersonRow.wholeRowDays && rng.chance(1, in: 4), let person = personBreakingOwnRules(&rng) {
            return runRelaxed(person: person, fitness: fitness)
        }
        let person = people[rng.below(people.count)]
        return run(person: person, windowFrom: windowStart(&rng), fitness: fitness)
    }

    /// A random day for a window to start from where rows are too long for one programme; 0 (and no draw, so short
    /// horizons search as before) elsewhere.
    func windowStart(_ rng: inout RandomSource) -> Int {
        model.horizonDays > PersonRow.wholeRowDays ? rng.below(model.horizonDays) : 0
    }

    /// Re-chooses `person`'s whole row, or when that programme is too large the days of a window from about
    /// `windowFrom`; `fitness` weighs a score as the search's acceptance does. Returns true when the schedule changed.
    func run(person: Int32, windowFrom: Int = 0, fitness: (Score) -> Int64) -> Bool {
        findBestRow(of: person, windowFrom: windowFrom, fitness: fitness) && keepChosen(of: person, fitness: fitness)
    }

    /// Stages the change to `chosen` and commits it when it is no worse.
    func keepChosen(of person: Int32, fitness: (Score) -> Int64) -> Bool {
        guard stageBestRow(of: person) else { return false }
        guard fitness(director.evaluateStaged()) <= 0 else {
            director.discardStaged()
            return false
        }
        director.commitStaged()
        return true
    }

    /// Fills `held` with the person's seat per day and `chosen` with the best row's; false when the person has no
    /// row shape or no row keeps their rules. When the whole row's programme would be too large, only a window of
    /// days from about `windowFrom` is chosen again (`findBestWindow`).
    func findBestRow(of person: Int32, windowFrom: Int = 0, fitness: (Score) -> Int64) -> Bool {
        guard let shape = shapes[Int(person)], collectOptions(of: person, shape: shape, fitness: fitness) else { return false }
        // Over a long horizon a whole row's programme is large (every minute unit and weekend of the year is a
        // state) and slow: windows change the same days for a fraction of the work.
        guard model.horizonDays <= PersonRow.wholeRowDays, let layout = layout(for: shape, maxStates: PersonRow.maxStates) else {
            return findBestWindow(of: person, shape: shape, from: windowFrom, fitness: fitness)
        }
        return search(shape, layout, bound: heldBound(of: person, shape, fitness: fitness), fitness: fitness)
    }

    /// The present row bounds the search when it keeps the rules: a label that cannot end below it is dropped.
    func heldBound(of person: Int32, _ shape: RowShape, fitness: (Score) -> Int64) -> Int64 {
        guard shape.exact && director.personScores[Int(person)].hard == 0 else { return .max }
        var minutes: Int64 = 0
        for s in held where s >= 0 { minutes += Int64(model.facts[Int(s)].minutes) }
        return heldCost &+ (shape.fairnessUnit.map(fitness) ?? 0) &* (minutes * minutes / 3600)
    }

    /// Stages the change from `held` to `chosen`; false (nothing staged) when there is none or it does not fit.
    func stageBestRow(of person: Int32) -> Bool {
        var changes = 0
        for d in 0..<held.count where chosen[d] != held[d] { changes += (held[d] >= 0 ? 1 : 0) + (chosen[d] >= 0 ? 1 : 0) }
        guard changes > 0, changes <= ScoreDirector.maxStaged - director.stagedCount else { return false }
        for d in 0..<held.count where chosen[d] != held[d] {
            if held[d] >= 0 && !director.stage(slot: Int(held[d]), person: -1)
                || chosen[d] >= 0 && !director.stage(slot: Int(chosen[d]), person: person) {
                director.discardStaged()
                return false
            }
        }
        return true
    }

    /// Fills the options of every day: off, and per task the seat (their own or a free one) they would fill at least
    /// cost. False when the person holds two seats on one day.
    func collectOptions(of person: Int32, shape: RowShape, fitness: (Score) -> Int64) -> Bool {
        clearOptions()
        held.removeAll(keepingCapacity: true)
        heldCost = 0
        let wish = shape.requests.isEmpty ? 0 : fitness(shape.requestUnit)
        let end = Int(model.personSlotOffsets[Int(person) + 1])
        var j = Int(model.personSlotOffsets[Int(person)])
        for day in 0..<Int32(model.horizonDays) {
            optionStart.append(optionSeat.count)
            appendOption(seat: -1, kind: -1, cost: wish &* shape.requestMagnitude(day: day, kind: -1))
            while j < end && model.facts[Int(model.personSlots[j])].day < day { j += 1 }
            var mine: Int32 = -1, count = 0
            while j < end && model.facts[Int(model.personSlots[j])].day == day {
                let task = model.slotTask[Int(model.personSlots[j])]
                var pick: Int32 = -1, pickCost = Int64.max, pinned = false
                while j < end, model.slotTask[Int(model.personSlots[j])] == task {
                    let s = model.personSlots[j]
                    j += 1
                    let occupant = director.person(in: Int(s))
                    let score = director.slotScore(Int(s), person), empty = director.emptyCost[Int(s)]
                    let own = occupant == person
                    if own {
                        (mine, count) = (s, count + 1)
                        pinned = model.pinnedPerson[Int(s)] >= 0
                    } else if occupant >= 0 || model.pinnedPerson[Int(s)] >= 0 || score.hard > empty.hard {
                        continue
                    }
                    // Their own seat or a free one, whichever costs least (from an optional seat to a required one is
                    // a gain); a pinned seat of theirs is the only pick.
                    let cost = fitness(score) &- fitness(empty)
                    if own && pinned || !pinned && cost < pickCost { (pick, pickCost) = (s, cost) }
                }
                guard pick >= 0 else { continue }
                let kind = model.facts[Int(pick)].kind
                appendOption(seat: pick, kind: kind, cost: pickCost &+ wish &* shape.requestMagnitude(day: day, kind: kind))
                if mine >= 0 && model.slotTask[Int(mine)] == task { heldCost &+= optionCost[optionCost.count - 1] }
            }
            if mine < 0 { heldCost &+= optionCost[optionStart[Int(day)]] }
            guard count <= 1 else { return false }
            if mine >= 0 && model.pinnedPerson[Int(mine)] >= 0 {
                // A pinned seat is the day's only option.
                let first = optionStart[Int(day)]
                let keep = (first..<optionSeat.count).first { optionSeat[$0] == mine }!
                (optionSeat[first], optionKind[first], optionCost[first]) = (optionSeat[keep], optionKind[keep], optionCost[keep])
                optionSeat.removeLast(optionSeat.count - first - 1)
                optionKind.removeLast(optionKind.count - first - 1)
                optionCost.removeLast(optionCost.count - first - 1)
            }
            held.append(mine)
        }
        optionStart.append(optionSeat.count)
        return true
    }

    /// Sets the options' minute units and returns the programme's layout over them; nil when it would need more
    /// than `maxStates` states.
    func layout(for shape: RowShape, maxStates: Int) -> RowLayout? {
        setUnits(shape.tracksMinutes ? optionSeat.reduce(0) { $1 < 0 ? $0 : gcdOfMinutes($0, model.facts[Int($1)].minutes) } : 0)
        let layout = RowLayout(shape, unitMinutes: tracksUnits ? unitMinutes : nil, mostUnits: suffixUnits[0],
                               kindDays: kindDays())
        return layout.stateCount <= maxStates ? layout : nil
    }

    func clearOptions() {
        window = 0..<model.horizonDays
        judgedEnd = model.horizonDays
        outsideMinutes = 0
        optionStart.removeAll(keepingCapacity: true)
        optionSeat.removeAll(keepingCapacity: true)
        optionKind.removeAll(keepingCapacity: true)
        optionCost.removeAll(keepingCapacity: true)
    }

    /// Per kind, on how many of the window's days the row could hold it: a limit at least that high cannot bind.
    private func kindDays() -> [Int32] {
        var days = [Int32](repeating: 0, count: model.kinds.count)
        // Several tasks of a kind a day over-count: safe.
        for o in optionStart[window.lowerBound]..<optionStart[window.upperBound] where optionKind[o] >= 0 { days[Int(optionKind[o])] += 1 }
        return days
    }

    func appendOption(seat: Int32, kind: Int32, cost: Int64) {
        optionSeat.append(seat)
        optionKind.append(kind)
        optionCost.append(cost)
    }

    /// Each option's minutes in units of `minutes` (0: minutes are not tracked; days outside the window count
    /// none), and from each day on the most units still reachable and the least cost still to pay.
    private func setUnits(_ minutes: Int32) {
        unitMinutes = max(1, minutes)
        tracksUnits = minutes > 0
        optionUnits.removeAll(keepingCapacity: true)
        let days = model.horizonDays
        for d in 0..<days {
            let counted = minutes > 0 && window.contains(d)
            for o in optionStart[d]..<optionStart[d + 1] {
                let s = optionSeat[o]
                optionUnits.append(s < 0 || !counted ? 0 : model.facts[Int(s)].minutes / unitMinutes)
            }
        }
        suffixUnits.removeAll(keepingCapacity: true)
        suffixUnits.append(contentsOf: repeatElement(0, count: days + 1))
        suffixCost.removeAll(keepingCapacity: true)
        suffixCost.append(contentsOf: repeatElement(0, count: days + 1))
        for d in stride(from: days - 1, through: 0, by: -1) {
            var most: Int32 = 0, cheapest = Int64.max
            for o in optionStart[d]..<optionStart[d + 1] {
                most = max(most, optionUnits[o])
                cheapest = min(cheapest, optionCost[o])
            }
            suffixUnits[d] = suffixUnits[d + 1] &+ most
            suffixCost[d] = suffixCost[d + 1] &+ cheapest
        }
    }
}
