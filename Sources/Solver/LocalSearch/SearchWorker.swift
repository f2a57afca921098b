#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Scheduling

/// One local-search worker: its own director, moves and random source; shares its best with the portfolio.
final class SearchWorker {
    let index: Int
    let director: ScoreDirector
    let neighbourhood: Neighbourhood
    let settings: SearchSettings
    let termination: Termination
    let cancellation: SolveCancellation?
    let shared: SharedBest
    var rng: RandomSource
    private var moveTable: [MoveKind] = []
    private let dayMatching: DayMatching?
    private var matchingEvaluations: Int64 = 0
    private let personWindow: PersonWindow?
    private var windowEvaluations: Int64 = 0
    private let personRow: PersonRow?
    private var rowEvaluations: Int64 = 0

    private(set) var best: Score
    private(set) var bestAssignment: [Int32]
    /// The evaluation count when this worker's best last improved (or it restarted): restarts count from it.
    private var lastImprovement: Int64 = 0
    /// `shared.starts` when this worker last looked.
    private var seenStarts = 0
    /// Acceptance compares a weighted sum, so the search may cross infeasible ground; the weight of the hard
    /// level rises while the search stays infeasible and falls while it stays feasible (strategic oscillation).
    /// The best solution is still judged lexicographically.
    private var hardWeight: Int64
    private let hardFloor: Int64
    private let mediumWeight: Int64 = 1_000_000

    @inline(__always) private func fitness(_ s: Score) -> Int64 {
        s.hard &* hardWeight &+ s.medium &* mediumWeight &+ s.soft
    }

    init(index: Int, model: SolverModel, start: [Int32], settings: SearchSettings, termination: Termination,
         cancellation: SolveCancellation?, shared: SharedBest, seed: UInt64) {
        self.index = index
        director = ScoreDirector(model: model, initial: start, windowedFrom: settings.windowedScoringFrom)
        neighbourhood = Neighbourhood(director: director)
        dayMatching = settings.dayMatchingShare > 0 ? DayMatching(director: director, movable: neighbourhood.movable) : nil
        // Built only when in use: re-plans start many workers and should not pay for a move they never make.
        let window = settings.personWindowShare > 0 ? PersonWindow(director: director) : nil
        personWindow = window?.isEmpty == false ? window : nil
        let row = settings.personRowShare > 0 ? PersonRow(director: director) : nil
        personRow = row?.isEmpty == false ? row : nil
        self.settings = settings
        self.termination = termination
        self.cancellation = cancellation
        self.shared = shared
        rng = RandomSource(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        best = director.score
        bestAssignment = director.assignment
        // A hard unit must outweigh what it trades against: a unit of the medium level when that level is in use.
        let usesMedium = model.emptyCost.contains { $0.medium != 0 } || model.candidateCosts.distinct.contains { $0.medium != 0 }
            || model.personRules.contains { $0.contains { $0.weighting.level == .medium } }
            || model.groups.contains { $0.weighting.level == .medium }
        hardFloor = max(1, settings.minimumHardWeight) * (usesMedium ? mediumWeight : 1)
        hardWeight = hardFloor
        for kind in MoveKind.allCases {
            let w = kind.rawValue < settings.moveWeights.count ? settings.moveWeights[kind.rawValue] : 0
            if kind == .team && !neighbourhood.hasTeamGroups { continue }
            moveTable += Array(repeating: kind, count: max(0, w))
        }
        if moveTable.isEmpty { moveTable = [.change] }
        // Odd-numbered workers draw more block swaps and chains, so the portfolio searches with two move mixes.
        if index % 2 == 1 { moveTable += [.blockSwap, .chain] }
    }

    func run() {
        guard !neighbourhood.isEmpty else { return }
        let tabu = settings.strategy == .tabu ? TabuList(director: director) : nil
        let tenure = Int64(settings.tabuTenure ?? max(7, min(60, neighbourhood.movable.count / 40)))
        var history = [Int64](repeating: fitness(director.score), count: max(1, settings.lateAcceptanceLength))
        var infeasibleIterations: Int64 = 0
        var iteration: Int64 = 0, reportedEvaluations: Int64 = 0
        var lastOffer = shared.stopwatch.seconds, lastSync = lastOffer
        var pendingOffer = false
        var current = director.score

        while true {
            if iteration & 63 == 0 {
                let now = shared.stopwatch.seconds
                shared.evaluations.add(director.evaluations - reportedEvaluations, ordering: .relaxed)
                reportedEvaluations = director.evaluations
                if pendingOffer && now - lastOffer > 0.05 {
                    shared.offer(score: best, assignment: bestAssignment, worker: index)
                    pendingOffer = false
                    lastOffer = now
                }
                if shouldStop(now: now) { break }
                // Feasibility first: an infeasible searcher does not wait until column generation's checkpoint, by
                // which generation has either solved its relaxation (its dive is then the better bet) or given up.
                if shared.exclusive.load(ordering: .acquiring)
                    && (best.isFeasible || now > ColumnGeneration.checkpointShare * (termination.seconds ?? 0))
                    && waitOutExclusiveMember() { break }
                if now - lastSync > 0.25 {
                    lastSync = now
                    let sharedScore = shared.score
                    let starts = shared.starts.load(ordering: .acquiring)
                    let newStart = starts != seenStarts
                    seenStarts = starts
                    if sharedScore < best && (newStart || director.evaluations - lastImprovement > settings.restartAfter / 4) {
                        let snapshot = shared.snapshot()
                        director.load(snapshot.assignment)
                        current = director.score
                        best = current
                        bestAssignment = snapshot.assignment
                        lastImprovement = director.evaluations
                        // A new start (a column generation dive) is other ground: annealing measures its moves
                        // afresh, as a worker starting there would, instead of walking it at the construction's heat.
                        if newStart { startTemperature = 0 }
                    }
                }
            }
            iteration += 1
            if current.hard > 0 { infeasibleIterations += 1 }
            if iteration & 1023 == 0 {
                let before = hardWeight
                if infeasibleIterations > 900 {
                    hardWeight = min(hardWeight * 5 / 4 + 1, hardFloor * 10_000)
                } else if infeasibleIterations < 100 {
                    hardWeight = max(hardWeight * 9 / 10, hardFloor)
                }
                infeasibleIterations = 0
                if hardWeight != before && settings.strategy == .lateAcceptance {
                    history = [Int64](repeating: fitness(current), count: history.count)
                }
            }
            if iteration & 511 == 256 && director.evaluations >= settings.largeMovesAfter {
                var changed = false
                if let matching = dayMatching, iteration & 1023 == 256 {
                    changed = largeMove(share: settings.dayMatchingShare, spent: &matchingEvaluations) {
                        matching.run(day: rng.below(matching.dayCount), &rng, fitness: { fitness($0) })
                    }
                }
                if let window = personWindow {
                    changed = largeMove(share: settings.personWindowShare, spent: &windowEvaluations) {
                        window.run(&rng, fitness: { fitness($0) })
                    } || changed
                }
                if let row = personRow, Double(rowEvaluations) < settings.personRowShare * Double(director.evaluations) {
                    let before = row.transitions
                    if rng.unit() >= settings.rowRebuildShare {
                        changed = row.run(&rng, fitness: { fitness($0) }) || changed
                    } else {
                        changed = row.rebuild(&rng, people: 2 + rng.below(2), fitness: { fitness($0) }) || changed
                    }
                    // Charged as the evaluations the same time would have made, so the share holds and a seed repeats.
                    rowEvaluations += 1 + (row.transitions - before) / PersonRow.transitionsPerEvaluation
                }
                if changed {
                    current = director.score
                    if keepIfBest(current) { pendingOffer = true }
                }
            }
            if let tabu {
                current = tabuStep(tabu, iteration: iteration, tenure: tenure, current: current)
            } else if settings.strategy == .simulatedAnnealing {
                if iteration & 255 == 1 { temperature = annealingTemperature() }
                current = annealingStep(current: current)
            } else {
                current = lateAcceptanceStep(&history, iteration: iteration, current: current)
            }
            if keepIfBest(current) {
                pendingOffer = true
            } else if director.evaluations - lastImprovement > settings.restartAfter {
                restart()
                current = director.score
                lastImprovement = director.evaluations
                history = [Int64](repeating: fitness(current), count: history.count)
            }
        }
        if cancellation?.isCancelled == true { quench() }
        shared.evaluations.add(director.evaluations - reportedEvaluations, ordering: .relaxed)
        shared.offer(score: best, assignment: bestAssignment, worker: index)
    }

    /// A solve stopped early (a Stop in the console, Ctrl-C) was still walking at the heat its whole limit planned:
    /// a short descent from this worker's best, taking only moves that are no worse, returns the local optimum near
    /// it. It lasts a twentieth of the limit, at most half a second.
    private func quench() {
        director.load(bestAssignment)
        var current = director.score
        let end = shared.stopwatch.seconds + min(0.5, 0.05 * (termination.seconds ?? 10))
        var i = 0
        while true {
            if i & 255 == 0 && shared.stopwatch.seconds >= end { break }
            i += 1
            guard neighbourhood.stage(randomMove(), &rng) else { continue }
            if fitness(director.evaluateStaged()) <= 0 { current = director.commitStaged() } else { director.discardStaged() }
            _ = keepIfBest(current)
        }
    }

    /// Runs a large move while it has spent less than `share` of the evaluations; true when the schedule changed.
    private func largeMove(share: Double, spent: inout Int64, _ move: () -> Bool) -> Bool {
        guard Double(spent) < share * Double(director.evaluations) else { return false }
        let before = director.evaluations
        defer { spent += director.evaluations - before }
        return move()
    }

    /// Keeps the director's solution as this worker's best when `score` beats it.
    private func keepIfBest(_ score: Score) -> Bool {
        guard score < best else { return false }
        best = score
        bestAssignment = director.assignment
        lastImprovement = director.evaluations
        return true
    }

    /// Waits while another member needs every core (column generation); true when the solve should stop meanwhile.
    private func waitOutExclusiveMember() -> Bool {
        while shared.exclusive.load(ordering: .acquiring) {
            if shouldStop(now: shared.stopwatch.seconds) { return true }
            usleep(200)
        }
        return false
    }

    private func shouldStop(now: Double) -> Bool {
        if cancellation?.isCancelled == true { return true }
        if let limit = termination.seconds, now >= limit { return true }
        if let limit = termination.maxEvaluations, director.evaluations >= limit { return true }
        if let target = termination.targetScore, !(target < best) { return true }
        if let target = termination.targetScore, !(target < shared.score) { return true }
        if let limit = termination.unimprovedSeconds, now - shared.timings.bestFound >= limit { return true }
        return false
    }

    @inline(__always) private func randomMove() -> MoveKind { moveTable[rng.below(moveTable.count)] }

    private var temperature = 1.0
    private var startTemperature: Double = 0
    /// Where soft moves are judged on their own scale, when the sampled deltas span two levels: nil otherwise.
    private var softStartTemperature: Double?

    /// The temperature at this point of the solve: geometric cooling over the time (or evaluation) budget. When
    /// unfilled seats (medium) set the starting temperature, cooling across them ends before the budget does: a
    /// temperature that still weighs seats lets the soft level walk at random, so the rest of the budget cools
    /// again from the soft level's own temperature, with medium losses by then out of reach.
    private func annealingTemperature() -> Double {
        if startTemperature == 0 {
            if let fixed = settings.startTemperature {
                startTemperature = fixed
            } else {
                (startTemperature, softStartTemperature) = calibrateTemperature()
            }
        }
        var progress = 0.0
        if let limit = termination.maxEvaluations {
            // The evaluation budget rules when there is one, so one worker with a seed repeats itself exactly.
            progress = Double(director.evaluations) / Double(limit)
        } else if let limit = termination.seconds {
            progress = shared.stopwatch.seconds / limit
        } else {
            progress = (shared.stopwatch.seconds / 30).truncatingRemainder(dividingBy: 1)  // 30-second cycles
        }
        progress = min(1, progress)
        let softShare = settings.softCoolingShare
        guard let softStart = softStartTemperature, softShare > 0, softShare < 1 else {
            return startTemperature * pow(settings.coolingRatio, progress)
        }
        if progress < 1 - softShare {
            return startTemperature * pow(settings.coolingRatio, progress / (1 - softShare))
        }
        return softStart * pow(settings.coolingRatio, (progress - (1 - softShare)) / softShare)
    }

    /// A temperature at which a typical worsening move that breaks no hard rule is accepted about half the time,
    /// and, when those moves also lose seats, the same for the moves that change the soft level alone.
    private func calibrateTemperature() -> (start: Double, soft: Double?) {
        var deltas: [Int64] = [], softDeltas: [Int64] = []
        for _ in 0..<2000 {
            guard neighbourhood.stage(randomMove(), &rng) else { continue }
            let d = director.evaluateStaged()
            director.discardStaged()
            if d.hard == 0 && d.medium == 0 && d.soft > 0 {
                deltas.append(d.soft)
                softDeltas.append(d.soft)
            } else if d.hard == 0 && d.medium > 0 { deltas.append(d.medium &* mediumWeight) }
        }
        guard !deltas.isEmpty else { return (1, nil) }
        let median = { (values: [Int64]) in max(1, Double(values.sorted()[values.count / 2]) / 0.7) }
        let start = median(deltas)
        guard softDeltas.count < deltas.count, !softDeltas.isEmpty else { return (start, nil) }
        let soft = median(softDeltas)
        return soft < start * settings.coolingRatio ? (start, soft) : (start, nil)
    }

    private func annealingStep(current: Score) -> Score {
        guard neighbourhood.stage(randomMove(), &rng) else { return current }
        let delta = fitness(director.evaluateStaged())
        if delta <= 0 { return director.commitStaged() }
        let u = Double(rng.next() >> 11 | 1) / Double(1 << 53)
        if Double(delta) < -temperature * log(u) { return director.commitStaged() }
        director.discardStaged()
        return current
    }

    private func lateAcceptanceStep(_ history: inout [Int64], iteration: Int64, current: Score) -> Score {
        var current = current
        if neighbourhood.stage(randomMove(), &rng) {
            let delta = director.evaluateStaged()
            let candidate = fitness(current + delta), now = fitness(current)
            let slot = Int(iteration % Int64(history.count))
            if candidate <= now || candidate <= history[slot] {
                current = director.commitStaged()
            } else {
                director.discardStaged()
            }
            history[slot] = fitness(current)
        }
        return current
    }

    private var chosenSlots: [Int] = []
    private var chosenPeople: [Int32] = []

    private func tabuStep(_ tabu: TabuList, iteration: Int64, tenure: Int64, current: Score) -> Score {
        var bestDelta: Int64? = nil
        chosenSlots.removeAll(keepingCapacity: true)
        chosenPeople.removeAll(keepingCapacity: true)
        for _ in 0..<settings.tabuSample {
            guard neighbourhood.stage(randomMove(), &rng) else { continue }
            let scoreDelta = director.evaluateStaged()
            let delta = fitness(scoreDelta)
            if let b = bestDelta, delta >= b {
                director.discardStaged()
                continue
            }
            if tabu.isTabu(iteration: iteration) && !(current + scoreDelta < best) {
                director.discardStaged()
                continue
            }
            bestDelta = delta
            chosenSlots.removeAll(keepingCapacity: true)
            chosenPeople.removeAll(keepingCapacity: true)
            for i in 0..<director.stagedCount {
                let c = director.stagedChange(i)
                chosenSlots.append(c.slot)
                chosenPeople.append(c.new)
            }
            director.discardStaged()
        }
        guard bestDelta != nil else { return current }
        for i in 0..<chosenSlots.count { director.stage(slot: chosenSlots[i], person: chosenPeople[i]) }
        tabu.forbidReturn(iteration: iteration, tenure: tenure + Int64(rng.below(Int(tenure / 2 + 1))))
        return director.commitStaged()
    }

    /// Back to the best known solution (this worker's or the portfolio's), then a few random moves to leave it.
    private func restart() {
        let snapshot = shared.snapshot()
        if snapshot.score < best {
            director.load(snapshot.assignment)
            best = snapshot.score
            bestAssignment = snapshot.assignment
        } else {
            director.load(bestAssignment)
        }
        let kicks = max(3, min(40, neighbourhood.movable.count / 60))
        var done = 0, attempts = 0
        while done < kicks && attempts < kicks * 20 {
            attempts += 1
            if neighbourhood.stage(randomMove(), &rng) {
                director.commitStaged()
                done += 1
            }
        }
    }
}
