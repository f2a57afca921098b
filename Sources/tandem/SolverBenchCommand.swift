import ArgumentParser
import Foundation
import Scheduling
import Solver
import WeekGenerator

struct SolverBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solver", abstract: "Solve a generated week and print time to first feasible, peak memory and moves/s.")

    @Option(help: "People in the generated week.") var people: Int = 500
    @Option(help: "Seats in the generated week (approximate).") var seats: Int = 2000
    @Option(help: "Generator seed.") var seed: UInt64 = 7
    @Option(help: "Seconds to search.") var seconds: Double = 10
    @Option(help: "Search workers.") var workers: Int = 1
    @Option(help: "Read this problem instead of generating one.") var problem: String?
    @OptionGroup var tuning: SearchTuning
    @Option(help: "Search seed.") var searchSeed: UInt64 = 1
    @Option(help: "Stop the solve at this share of --seconds, as a Stop in the console or Ctrl-C does (anytime quality).")
    var stopAt: Double?
    @OptionGroup var plugins: PluginChoice

    func run() throws {
        let week = try problem.map(ProblemFile.load) ?? WeekGenerator.week(seed: seed, people: people, seats: seats)
        let started = ContinuousClock.now
        let model = try plugins.model(for: week)
        let built = ContinuousClock.now - started
        var search = SearchSettings()
        tuning.apply(to: &search)
        let cancellation = SolveCancellation.after(stopAt.map { $0 * seconds })
        let outcome = Portfolio.solve(model: model, configuration: SolverConfiguration(termination: Termination(seconds: seconds),
                                                                                     workers: workers, seed: searchSeed, search: search),
                                      cancellation: cancellation)
        let perWorker = outcome.seconds > 0 ? Int(Double(outcome.evaluations) / outcome.seconds / Double(workers)) : 0
        print("people \(week.people.count) seats \(model.slotCount) candidates \(model.candidatePersons.count) "
            + "plugins \(try plugins.enabled().sorted().joined(separator: ",")) groups \(model.groups.count)")
        let buildMs = Double(built.components.attoseconds) / 1e15 + Double(built.components.seconds) * 1000
        print(String(format: "model_build_ms %.1f", buildMs))
        print(String(format: "construction_ms %.1f", outcome.constructionSeconds * 1000))
        print("first_feasible_ms " + (outcome.firstFeasibleSeconds.map { String(format: "%.1f", $0 * 1000) } ?? "none"))
        print("first_feasible_from_problem_ms " + (outcome.firstFeasibleSeconds.map { String(format: "%.1f", buildMs + $0 * 1000) } ?? "none"))
        print("final_score \(outcome.score)" + (stopAt.map { String(format: " stopped_at_s %.2f", $0 * seconds) } ?? ""))
        print("moves_per_second_per_worker \(perWorker) workers \(workers)")
        print("peak_rss_mb \(PeakMemory.megabytes())")
    }
}

/// The process's peak resident memory, from /proc (Linux) — what "peak memory" means in the benchmarks.
enum PeakMemory {
    static func megabytes() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return String(format: "%.1f", Double(kb) / 1024)
    }
}
