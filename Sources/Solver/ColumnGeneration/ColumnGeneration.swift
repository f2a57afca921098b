import Dispatch
import Scheduling

/// Column generation over people's rows, for models whose cost splits into rows and cover (`CoverSplit`):
/// rostering weeks where everyone holds at most one task a day. The master (`CoverLP`) mixes rows; the row
/// programme prices new rows against its duals, one thread per pricer; then a dive fixes the rows with the largest
/// shares, prices again, and so on until everyone has one row. That is the start the local search improves. The
/// mix's value before the dive bounds the cost from below.
final class ColumnGeneration {
    let model: SolverModel
    let split: CoverSplit
    let lp: CoverLP
    /// One row programme per pricing thread.
    private let pricers: [PersonRow]
    /// The director holding the start and, after `run`, the last dive.
    var director: ScoreDirector { pricers[0].director }
    /// Per person, the column they are fixed to, or -1.
    var fixed: [Int] = []
    var rng: RandomSource

    struct Outcome {
        var assignment: [Int32]
        /// True when a dive gave everyone a row; false when the time ran out first (the rest were rounded).
        var complete: Bool
        /// The mix's value, a lower bound on the cover-and-wishes cost, when the master was solved.
        var lowerBound: Double?
        /// True when the relaxation was not solved by the checkpoint, and generation gave its time back.
        var gaveBack = false
    }

    /// The most rows (tasks and people) the master takes: its dense basis inverse grows with their square, and its
    /// refactoring with their cube (Curtois 1–12 need at most 340).
    static let maxMasterRows = 1000
    /// The share of the time limit by which the relaxation must be solved, or generation gives its time back. Solved
    /// in 0.3–10.5 s of 60 on Curtois 1–12 and the generated 6- and 8-week shapes; not in 37 s on 12 weeks, 40 staff.
    static let checkpointShare = 0.25

    /// Throws when the model does not split into rows and cover, or is too large for the dense master. `director`
    /// holds the start; `run` reads it from there.
    init(director: ScoreDirector, threads: Int, seed: UInt64) throws(SplitObstacle) {
        let model = director.model
        let first = PersonRow(director: director)
        let split = try CoverSplit(model: model, shapes: first.shapes, maxRows: Self.maxMasterRows)
        self.model = model
        self.split = split
        pricers = [first] + (1..<max(1, threads)).map { _ in
            PersonRow(director: ScoreDirector(model: model, initial: director.assignment))
        }
        rng = RandomSource(seed: seed)
        lp = CoverLP(required: split.required, underCost: split.underCost, overCost: split.overCost,
                     personCount: model.personCount, rng: &rng)
    }

    /// Solves the master from the director's rows until no row prices out, then dives, again and again; stops at
    /// `deadline` or when `stop` says so, and gives its time back when the relaxation is not solved by `checkpoint`
    /// (a dive would take longer still). `improved` hears of each dive's schedule that beats the ones before.
    func run(until deadline: Double, checkpoint: Double = .infinity, stopwatch: Stopwatch, stop: () -> Bool = { false },
             improved: ([Int32], Score) -> Void = { _, _ in }) -> Outcome {
        func timeUp() -> Bool { stopwatch.seconds >= deadline || stop() }
        let director = pricers[0].director
        var chosen: [Int] = []
        for p in 0..<Int32(model.personCount) {
            let row = startRow(of: p)
            let offers = split.offers[Int(p)]
            // A start row that breaks a rule is barred from the mix.
            let keeps = director.personScores[Int(p)].hard == 0 && row.allSatisfy { t in t < 0 || offers.contains { $0.task == t } }
            let cost = pricers[0].rowCost(of: p, tasks: row, offers: offers, unoffered: 0, fitness: CoverSplit.fitness)
            chosen.append(lp.addColumn(person: p, tasks: row.filter { $0 >= 0 }, cost: keeps ? cost : cost + split.barred))
        }
        lp.start(chosen: chosen)
        fixed = [Int](repeating: -1, count: model.personCount)
        let lowerBound = generate(timeUp: { timeUp() || stopwatch.seconds >= checkpoint }) ? lp.dualBound : nil
        if lowerBound == nil && !timeUp() {
            return Outcome(assignment: director.assignment, complete: false, lowerBound: nil, gaveBack: true)
        }
        // Dive again while there is time, from the relaxation, each time fixing people in a shuffled order, and keep
        // the best schedule of the dives that finished.
        var best: (assignment: [Int32], score: Score)? = nil
        var dives = 0
        while !timeUp() {
            if dives > 0 {
                lp.restoreCosts()
                fixed = [Int](repeating: -1, count: model.personCount)
                guard generate(timeUp: timeUp) else { break }
            }
            let finished = dive(shuffled: dives > 0, until: deadline, stopwatch: stopwatch, timeUp: timeUp)
            dives += 1
            guard finished else { break }
            let assignment = rounded()
            director.load(assignment)
            if best == nil || director.score < best!.score {
                best = (assignment, director.score)
                improved(assignment, director.score)
            }
            // Costs are whole numbers: a schedule at the bound rounded up is optimal.
            if let bound = lowerBound, Double(CoverSplit.fitness(best!.score)) <= (bound - 1e-6).rounded(.up) { break }
        }
        return Outcome(assignment: best?.assignment ?? rounded(), complete: best != nil, lowerBound: lowerBound)
    }

    /// Fixes rows until everyone has one (true) or the time is up (false). One row at a time, priced to the end,
    /// gives the best dives; when the time runs short of the people left, it fixes more at once and prices less.
    private func dive(shuffled: Bool, until deadline: Double, stopwatch: Stopwatch, timeUp: () -> Bool) -> Bool {
        let diveStart = stopwatch.seconds
        var step = 0.0
        while !timeUp() {
            let done = Double(fixed.count { $0 >= 0 }) / Double(max(1, fixed.count))
            let behind = (stopwatch.seconds - diveStart) / max(1e-9, deadline - diveStart) > done
            if behind { step = min(0.5, max(0.05, step * 2)) }
            guard fixNext(step: step, shuffled: shuffled) else { return true }
            _ = generate(timeUp: timeUp, rounds: behind ? 2 : .max)
        }
        return false
    }

    /// Master and pricing until no row of a person not yet fixed prices out (true) or the time is up (false).
    private func generate(timeUp: () -> Bool, rounds limit: Int = .max) -> Bool {
        let open = (0..<Int32(model.personCount)).filter { fixed[Int($0)] < 0 }
        var round = 0
        while !timeUp() && round < limit {
            round += 1
            _ = lp.solve(maxPivots: 1_000_000)
            let found = price(open, duals: lp.duals)
            if found.isEmpty { return true }
            for f in found { _ = lp.addColumn(person: f.person, tasks: f.tasks, cost: f.cost) }
        }
        return false
    }

    struct PricedRow {
        var person: Int32
        var tasks: [Int32]
        var cost: Double
    }

    /// Each person's cheapest row under `duals` when its reduced cost is negative, priced on all threads.
    private func price(_ people: [Int32], duals: [Double]) -> [PricedRow] {
        let threads = pricers.count
        let found = UnsafeMutableBufferPointer<PricedRow?>.allocate(capacity: people.count)
        found.initialize(repeating: nil)
        defer {
            found.deinitialize()
            found.deallocate()
        }
        let job = PricingJob(pricers: pricers, split: split, people: people, duals: duals, personBase: lp.taskCount, found: found)
        DispatchQueue.concurrentPerform(iterations: threads) { job.run(thread: $0, of: threads) }
        return found.compactMap { $0 }
    }

    /// The task per day of `person` in the start (-1 off).
    private func startRow(of person: Int32) -> [Int32] {
        let director = pricers[0].director
        var row = [Int32](repeating: -1, count: model.horizonDays)
        for i in 0..<director.timelineLength(of: person) {
            let s = Int(director.timelineSlot(of: person, at: i))
            row[Int(model.facts[s].day)] = model.slotTask[s]
        }
        return row
    }
}

/// One round of pricing split over threads: thread k prices people k, k + threads, … with its own row programme
/// and writes only their result slots, so no two threads share mutable state; the caller reads the slots after
/// `concurrentPerform` has returned.
private final class PricingJob: @unchecked Sendable {
    let pricers: [PersonRow]
    let split: CoverSplit
    let people: [Int32]
    let duals: [Double]
    let personBase: Int
    let found: UnsafeMutableBufferPointer<ColumnGeneration.PricedRow?>

    init(pricers: [PersonRow], split: CoverSplit, people: [Int32], duals: [Double], personBase: Int,
         found: UnsafeMutableBufferPointer<ColumnGeneration.PricedRow?>) {
        (self.pricers, self.split, self.people, self.duals, self.personBase, self.found) = (pricers, split, people, duals, personBase, found)
    }

    func run(thread: Int, of threads: Int) {
        let pricer = pricers[thread]
        for i in stride(from: thread, to: people.count, by: threads) {
            let p = people[i], offers = split.offers[Int(p)]
            let personDual = duals[personBase + Int(p)]
            guard let row = pricer.cheapestRow(of: p, offers: offers, taskValue: duals, bound: personDual,
                                               fitness: CoverSplit.fitness) else { continue }
            let cost = pricer.rowCost(of: p, tasks: row, offers: offers, unoffered: split.barred,
                                      fitness: CoverSplit.fitness)
            let tasks = row.filter { $0 >= 0 }
            let reduced = cost - personDual - tasks.reduce(0.0) { $0 + duals[Int($1)] }
            if reduced < -1e-6 { found[i] = ColumnGeneration.PricedRow(person: p, tasks: tasks, cost: cost) }
        }
    }
}

extension SkippedPhase {
    /// Column generation left out of a solve, for `reason`.
    static func columnGeneration(_ reason: Words) -> SkippedPhase { SkippedPhase(phase: "columnGeneration", reason: reason) }

    static let columnGenerationLimitedByEvaluations = columnGeneration(Words(
        en: "the solve is limited by evaluations, so that it repeats; a phase limited by time would not",
        zh: "本次求解按评估次数限定，以便结果可复现；按时间限定的阶段会破坏复现"))

    static let columnGenerationGaveBack = columnGeneration(Words(
        en: "its relaxation was not solved within \(Int(ColumnGeneration.checkpointShare * 100))% of the time limit, so it gave the rest back to the search",
        zh: "其松弛问题未能在时限的 \(Int(ColumnGeneration.checkpointShare * 100))% 内求解，剩余时间已交还给局部搜索"))
}
