import ArgumentParser
import Foundation
import Scheduling
import Solver
import WeekGenerator

/// Solves a generated week, publishes it in thought, then declines one random seat at a time and re-plans, as the
/// server does after a volunteer says no.
struct ReplanBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan", abstract: "Time re-plans after single declines on a generated week; print median, p90 and people moved.")

    @Option(help: "People in the generated week.") var people: Int = 500
    @Option(help: "Seats in the generated week (approximate).") var seats: Int = 2000
    @Option(help: "Generator seed.") var seed: UInt64 = 7
    @Option(help: "Seconds for the first solve.") var seconds: Double = 10
    @Option(help: "Declines to time.") var trials: Int = 30
    @Option(help: "Search budget of one re-plan, in milliseconds.") var budget: Double = 30
    @Option(help: "Share of assignments already accepted (pinned), 0–1.") var accepted: Double = 0.3
    /// For the first solve; `--soft-cooling` among them is the share the re-plans have their own option for.
    @OptionGroup var tuning: SearchTuning
    @Option(help: "For each re-plan: the last share of the time in which annealing cools on the soft level alone (tuning).") var replanSoftCooling: Double?

    func run() throws {
        let week = WeekGenerator.week(seed: seed, people: people, seats: seats)
        let base = try SolverModel.build(week)
        var search = SearchSettings()
        tuning.apply(to: &search)
        let first = TandemSolver.schedule(model: base, outcome: Portfolio.solve(model: base, configuration: SolverConfiguration(
            termination: Termination(seconds: seconds), workers: 2, seed: 1, search: search)), configuration: SolverConfiguration(), explain: true)
        print("people \(week.people.count) seats \(base.slotCount) assigned \(first.assignments.count) score \(first.score)")
        var rng = RandomSource(seed: 99)
        var pins: [Assignment] = []
        for a in first.assignments where Double(rng.below(1000)) < accepted * 1000 { pins.append(a) }
        let pinned = Set(pins.map(\.seatRef))
        let offered = first.assignments.filter { !pinned.contains($0.seatRef) }
        var replanSearch = SearchSettings()
        if let replanSoftCooling { replanSearch.softCoolingShare = replanSoftCooling }
        let configuration = SolverConfiguration(termination: Termination(seconds: budget / 1000, unimprovedSeconds: budget / 4000),
                                                workers: 1, seed: 1, search: replanSearch)
        var times: [Double] = [], rebuilds: [Double] = [], moved: [Int] = [], refilled = 0
        var phases: [[Double]] = [[], [], []]
        for _ in 0..<trials {
            let declined = offered[rng.below(offered.count)]
            let current = first.assignments.filter { $0.seatRef != declined.seatRef }
            let started = ContinuousClock.now
            // As the server does: the published version's reasons carry over to the seats that keep their person.
            guard let outcome = Replanner.replan(base: base, currentSchedule: current, pins: pins, refusals: [declined],
                                                 configuration: configuration, previous: first.explanations,
                                                 causes: [declined.seatRef]) else { throw ValidationError("a pin was not a candidate") }
            times.append(Self.milliseconds(since: started))
            phases[0].append(outcome.phaseSeconds.derive * 1000)
            phases[1].append(outcome.phaseSeconds.search * 1000)
            phases[2].append(outcome.phaseSeconds.explain * 1000)
            moved.append(outcome.otherPeopleMoved.count)
            if outcome.schedule.assignments.contains(where: { $0.seatRef == declined.seatRef }) { refilled += 1 }
            // The slow path for comparison: compile the whole week again with the decline as a blockout.
            var problem = week
            problem.currentSchedule = current
            problem.pins = pins
            let rebuildStart = ContinuousClock.now
            _ = try SolverModel.build(problem)
            rebuilds.append(Self.milliseconds(since: rebuildStart))
        }
        func percentile(_ values: [Double], _ q: Double) -> Double { values.sorted()[min(values.count - 1, Int(Double(values.count) * q))] }
        print(String(format: "replan_ms median %.1f p90 %.1f max %.1f (budget %.0f ms search)", percentile(times, 0.5), percentile(times, 0.9),
                     times.max() ?? 0, budget))
        print(String(format: "replan_phases_ms median: candidate table %.1f, search %.1f, explanations %.1f",
                     percentile(phases[0], 0.5), percentile(phases[1], 0.5), percentile(phases[2], 0.5)))
        print(String(format: "full_model_rebuild_ms median %.1f (what a re-plan without the cached model would spend before searching)",
                     percentile(rebuilds, 0.5)))
        let sortedMoved = moved.sorted()
        print("other_people_moved median \(sortedMoved[sortedMoved.count / 2]) max \(sortedMoved.last ?? 0)")
        print("declined_seat_refilled \(refilled) of \(trials)")
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
