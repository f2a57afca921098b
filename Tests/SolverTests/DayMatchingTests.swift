import Scheduling
import Testing
import WeekGenerator
@testable import Solver

@Suite("Day matching")
struct DayMatchingTests {
    /// The Hungarian method against every way of giving rows distinct columns, on random small matrices.
    @Test func minCostAssignmentIsOptimal() {
        var rng = RandomSource(seed: 5)
        var solver = MinCostAssignment()
        for _ in 0..<200 {
            let n = 1 + rng.below(4), m = n + rng.below(3)
            var cost = [Int64]()
            for _ in 0..<(n * m) { cost.append(rng.chance(1, in: 6) ? MinCostAssignment.forbidden : Int64(rng.below(200)) - 50) }
            // One free column per row keeps every instance solvable, as DayMatching's "leave it empty" columns do.
            let columns = m + n
            let at = { (r: Int, c: Int) -> Int64 in c < m ? cost[r * m + c] : 0 }
            let chosen = solver.solve(rows: n, columns: columns, cost: at)
            #expect(Set(chosen).count == n)
            let total = chosen.enumerated().reduce(Int64(0)) { $0 + at($1.offset, $1.element) }
            #expect(total == bruteForce(rows: n, columns: columns, cost: at))
        }
    }

    /// A day re-matched never leaves the score worse, the incremental score stays equal to a full recompute, and
    /// on a schedule with people put in the wrong seats it finds something better.
    @Test func dayMatchingNeverWorsensAndKeepsTheScoreExact() throws {
        let model = try SolverModel.build(WeekGenerator.week(seed: 4, people: 30, seats: 120))
        var rng = RandomSource(seed: 9)
        // A poor start: every seat gets a random candidate.
        var start = [Int32](repeating: -1, count: model.slotCount)
        for s in 0..<model.slotCount where !model.candidates(of: s).isEmpty {
            let range = model.candidates(of: s)
            start[s] = model.candidatePersons[range.lowerBound + rng.below(range.count)]
        }
        let director = ScoreDirector(model: model, initial: start)
        let neighbourhood = Neighbourhood(director: director)
        let matching = DayMatching(director: director, movable: neighbourhood.movable)
        let weigh = { (s: Score) -> Int64 in s.hard &* 1_000_000_000 &+ s.medium &* 1_000_000 &+ s.soft }
        let first = director.score
        var improved = 0
        for round in 0..<(3 * matching.dayCount) {
            let before = director.score
            let changed = matching.run(day: round % matching.dayCount, &rng, fitness: weigh)
            #expect(weigh(director.score) <= weigh(before))
            #expect(director.score == director.fullScore())
            if changed && director.score < before { improved += 1 }
        }
        #expect(improved > 0)
        #expect(director.score < first)
    }

    private func bruteForce(rows n: Int, columns m: Int, cost: (Int, Int) -> Int64) -> Int64 {
        var best = Int64.max, used = [Bool](repeating: false, count: m)
        func walk(_ row: Int, _ total: Int64) {
            if row == n { best = min(best, total); return }
            for c in 0..<m where !used[c] {
                used[c] = true
                walk(row + 1, total + cost(row, c))
                used[c] = false
            }
        }
        walk(0, 0)
        return best
    }
}
