import Scheduling

/// A large move for rostering: one person's days over a window of consecutive days are chosen again at once. Each
/// day is off or one seat (their own, or a free one they could take); every combination is priced by the director
/// with everyone else fixed, and the best is kept when it is no worse. It slides, splits and joins a person's runs
/// of working days, which single changes cannot do without breaking a consecutive-day or total-hours rule on the
/// way: the step a week that is one shift short needs.
final class PersonWindow {
    let director: ScoreDirector
    let model: SolverModel
    /// Combinations priced per move at most; the window grows a day at a time while it stays under this.
    static let maxCombinations = 2048
    static let maxDays = 7

    /// The people who are candidates for some seat that is not pinned.
    let people: [Int32]
    /// Per window day, where its options start in `options` (the first option of a day is "off", -1).
    private var dayStart: [Int] = []
    private var options: [Int32] = []
    /// The seat the person holds on each window day, or -1.
    private var held: [Int32] = []
    private var digits: [Int] = []
    private var bestDigits: [Int] = []

    init(director: ScoreDirector) {
        self.director = director
        let model = director.model
        self.model = model
        // A seat in someone's candidate list has a candidate, so "movable" there means "not pinned".
        people = (0..<model.personCount).filter { p in
            (Int(model.personSlotOffsets[p])..<Int(model.personSlotOffsets[p + 1])).contains { model.pinnedPerson[Int(model.personSlots[$0])] < 0 }
        }.map(Int32.init)
    }

    var isEmpty: Bool { people.isEmpty || model.horizonDays == 0 }

    /// Re-chooses a random person's days from a random day on; `fitness` weighs a score delta as the search's
    /// acceptance does. Returns true when the schedule changed.
    func run(_ rng: inout RandomSource, fitness: (Score) -> Int64) -> Bool {
        run(person: people[rng.below(people.count)], from: Int32(rng.below(model.horizonDays)), fitness: fitness)
    }

    /// Re-chooses `person`'s days from `firstDay` on, as many days as `maxCombinations` allows.
    func run(person: Int32, from firstDay: Int32, fitness: (Score) -> Int64) -> Bool {
        guard collectOptions(of: person, from: firstDay, fitness: fitness) else { return false }
        let days = held.count
        digits.removeAll(keepingCapacity: true)
        digits.append(contentsOf: repeatElement(0, count: days))
        var bestDelta = Int64.max
        var found = false
        repeat {
            if !isCurrent(), stage(person) {
                let delta = fitness(director.evaluateStaged())
                if delta < bestDelta {
                    bestDelta = delta
                    bestDigits = digits
                    found = true
                }
            }
            director.discardStaged()
        } while advance()
        guard found, bestDelta <= 0 else { return false }
        digits = bestDigits
        guard stage(person) else {
            director.discardStaged()
            return false
        }
        director.commitStaged()
        return true
    }

    /// Fills `held`, `dayStart` and `options` for the window; false when it is not a window this move can change
    /// (a day with two of the person's seats, or a pinned seat of theirs).
    private func collectOptions(of person: Int32, from firstDay: Int32, fitness: (Score) -> Int64) -> Bool {
        held.removeAll(keepingCapacity: true)
        dayStart.removeAll(keepingCapacity: true)
        options.removeAll(keepingCapacity: true)
        let first = Int(model.personSlotOffsets[Int(person)]), end = Int(model.personSlotOffsets[Int(person) + 1])
        var i = lowerBound(day: firstDay, first: first, end: end)
        var day = firstDay, combinations = 1
        while day < Int32(model.horizonDays) && held.count < PersonWindow.maxDays {
            let dayOptions = options.count
            options.append(-1)
            var mine: Int32 = -1, count = 0
            var j = i
            while j < end && model.facts[Int(model.personSlots[j])].day == day {
                let task = model.slotTask[Int(model.personSlots[j])]
                var pick: Int32 = -1, pickValue = Int64.min
                // One option per task: the person's own seat in it, else the free seat they would gain most by filling.
                while j < end, model.facts[Int(model.personSlots[j])].day == day, model.slotTask[Int(model.personSlots[j])] == task {
                    let s = model.personSlots[j]
                    j += 1
                    let occupant = director.person(in: Int(s))
                    if occupant == person {
                        guard model.pinnedPerson[Int(s)] < 0 else { return false }
                        mine = s
                        count += 1
                        pick = s
                        pickValue = .max
                    } else if occupant < 0 && model.pinnedPerson[Int(s)] < 0 {
                        let value = fitness(director.emptyCost[Int(s)]) - fitness(director.slotScore(Int(s), person))
                        if value > pickValue {
                            pick = s
                            pickValue = value
                        }
                    }
                }
                if pick >= 0 { options.append(pick) }
            }
            guard count <= 1 else { return false }
            let width = options.count - dayOptions
            if combinations * width > PersonWindow.maxCombinations && !held.isEmpty {
                options.removeLast(width)
                break
            }
            combinations *= width
            dayStart.append(dayOptions)
            held.append(mine)
            i = j
            day += 1
        }
        dayStart.append(options.count)
        return combinations > 1
    }

    /// The first position in [first, end) of the person's candidate seats whose day is `day` or later.
    private func lowerBound(day: Int32, first: Int, end: Int) -> Int {
        var lo = first, hi = end
        while lo < hi {
            let mid = (lo + hi) >> 1
            if model.facts[Int(model.personSlots[mid])].day < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    @inline(__always) private func chosen(_ d: Int) -> Int32 { options[dayStart[d] + digits[d]] }

    private func isCurrent() -> Bool {
        for d in 0..<held.count where chosen(d) != held[d] { return false }
        return true
    }

    /// Stages the combination in `digits`: the person leaves what they hold on a changed day and takes the pick.
    private func stage(_ person: Int32) -> Bool {
        for d in 0..<held.count {
            let pick = chosen(d), mine = held[d]
            guard pick != mine else { continue }
            if mine >= 0 && !director.stage(slot: Int(mine), person: -1) { return false }
            if pick >= 0 && !director.stage(slot: Int(pick), person: person) { return false }
        }
        return true
    }

    /// The next combination, as a mixed-radix counter; false after the last.
    private func advance() -> Bool {
        for d in 0..<digits.count {
            digits[d] += 1
            if digits[d] < dayStart[d + 1] - dayStart[d] { return true }
            digits[d] = 0
        }
        return false
    }
}
