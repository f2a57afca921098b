import Scheduling

/// A large move for rostering: up to `maxSeats` seats of one day are emptied and filled again by a minimum-cost
/// assignment of people to seats (one seat each), every pair priced by the director with the rest of the week
/// fixed. It repairs what single changes cannot reach: who works which shift that day, all at once. Pairs are
/// priced alone, so rules between seats of the block (groups) are seen only by the final check, which undoes the
/// move when the day got worse.
final class DayMatching {
    let director: ScoreDirector
    let model: SolverModel
    /// Each horizon day's movable seats, in timeline order.
    let daySlots: [[Int32]]
    static let maxSeats = 32

    private var assignment = MinCostAssignment()
    private var columnOfPerson: [Int32]
    private var people: [Int32] = []
    private var costs: [Int64] = []
    private var block: [Int32] = []
    private var original: [Int32] = []

    init(director: ScoreDirector, movable: [Int32]) {
        self.director = director
        model = director.model
        var days = [[Int32]](repeating: [], count: max(1, model.horizonDays))
        for s in movable {
            let d = Int(model.facts[Int(s)].day)
            if d >= 0 && d < days.count { days[d].append(s) }
        }
        daySlots = days.map { $0.sorted { director.startsBefore($0, $1) } }
        columnOfPerson = [Int32](repeating: -1, count: model.personCount)
    }

    var dayCount: Int { daySlots.count }

    /// Re-assigns a block of `day`'s seats; `fitness` weighs a score delta as the search's acceptance does.
    /// Returns true when the schedule changed.
    func run(day: Int, _ rng: inout RandomSource, fitness: (Score) -> Int64) -> Bool {
        let seats = daySlots[day]
        guard seats.count > 1 else { return false }
        let length = min(seats.count, DayMatching.maxSeats)
        let from = rng.below(seats.count - length + 1)
        block.removeAll(keepingCapacity: true)
        block.append(contentsOf: seats[from..<(from + length)])
        original.removeAll(keepingCapacity: true)
        for s in block { original.append(director.person(in: Int(s))) }
        let before = director.score

        apply { _ in -1 }
        price(fitness: fitness)
        // Columns: the people, then one "leave it empty" column per seat, which costs nothing.
        let n = block.count, columns = people.count + n
        let chosen = assignment.solve(rows: n, columns: columns) { row, column in
            column < people.count ? costs[row * people.count + column] : 0
        }
        apply { row in chosen[row] < people.count ? people[chosen[row]] : -1 }
        for p in people { columnOfPerson[Int(p)] = -1 }

        if fitness(director.score) > fitness(before) {
            apply { row in original[row] }
        }
        for (row, s) in block.enumerated() where director.person(in: Int(s)) != original[row] { return true }
        return false
    }

    /// Each (seat, candidate) pair's delta against the emptied block; pairs that are not candidates are forbidden.
    private func price(fitness: (Score) -> Int64) {
        people.removeAll(keepingCapacity: true)
        for s in block {
            for k in model.candidates(of: Int(s)) {
                let p = model.candidatePersons[k]
                if columnOfPerson[Int(p)] < 0 {
                    columnOfPerson[Int(p)] = Int32(people.count)
                    people.append(p)
                }
            }
        }
        costs.removeAll(keepingCapacity: true)
        costs.append(contentsOf: repeatElement(MinCostAssignment.forbidden, count: block.count * people.count))
        let limit = MinCostAssignment.forbidden / Int64(2 * DayMatching.maxSeats + 2)
        for (row, s) in block.enumerated() {
            for k in model.candidates(of: Int(s)) {
                let p = model.candidatePersons[k]
                guard director.stage(slot: Int(s), person: p) else { continue }
                let delta = fitness(director.evaluateStaged())
                director.discardStaged()
                costs[row * people.count + Int(columnOfPerson[Int(p)])] = min(max(delta, -limit), limit)
            }
        }
    }

    /// Gives each seat of the block the person `person(row)`, committing in chunks the director can stage.
    private func apply(_ person: (Int) -> Int32) {
        for (row, s) in block.enumerated() {
            if director.stagedCount >= ScoreDirector.maxStaged / 2 { director.commitStaged() }
            director.stage(slot: Int(s), person: person(row))
        }
        if director.stagedCount > 0 { director.commitStaged() }
    }
}
