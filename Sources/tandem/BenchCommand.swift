import ArgumentParser
import Curtois
import Foundation
import Scheduling
import Solver

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks that print figures.",
                                                    subcommands: [CurtoisBenchCommand.self, SolverBenchCommand.self, ReplanBenchCommand.self, PushLoadCommand.self, PushFloorCommand.self])
}

struct CurtoisBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curtois", abstract: "Solve a Curtois & Qu instance and print its penalty; write the roster check.py reads.")

    @Argument(help: "An InstanceN.txt file.") var file: String
    @Option(help: "Seconds to search.") var seconds: Double = 60
    @Option(help: "Search workers.") var workers: Int = 2
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "simulatedAnnealing, lateAcceptance or tabu.") var strategy: SearchStrategy = .simulatedAnnealing
    @Option(help: "Optional (over-cover) seats per day and shift.") var extraSeats: Int = 3
    @Option(help: "Stop at this penalty (e.g. the best known).") var target: Int64?
    @Option(help: "Write the roster JSON here.") var out: String?
    @Option(help: "Lowest weight of a hard unit in acceptance (tuning).") var hardWeight: Int64?
    @Option(help: "Moves sampled per tabu iteration (tuning).") var tabuSample: Int?
    @Option(help: "Tabu tenure (tuning).") var tenure: Int?
    @Option(help: "Late-acceptance length (tuning).") var lateLength: Int?
    @Option(help: "Annealing start temperature (tuning).") var temperature: Double?
    @Option(help: "Annealing final/start temperature ratio (tuning).") var cooling: Double?
    @Option(help: "Move weights change,swap,transfer,chain,blockSwap,team (tuning).") var moveWeights: String?
    @Option(help: "Iterations without a new best before a restart (tuning).") var restartAfter: Int64?
    @Option(help: "Stop each worker after this many move evaluations instead of at --seconds: with one worker and a seed the run repeats exactly on any machine load (tuning).")
    var evaluations: Int64?
    @Option(help: "Share of the time the first worker spends on column generation before its search, 0 to switch it off (tuning).") var columnGeneration: Double?
    @OptionGroup var tuning: SearchTuning
    @Flag(help: "Print no progress lines.") var quiet = false
    @Option(help: "Stop the solve at this share of --seconds, as a Stop in the console or Ctrl-C does (anytime quality).")
    var stopAt: Double?

    var searchSettings: SearchSettings {
        var s = SearchSettings(strategy: strategy)
        if let hardWeight { s.minimumHardWeight = hardWeight }
        if let tabuSample { s.tabuSample = tabuSample }
        if let tenure { s.tabuTenure = tenure }
        if let lateLength { s.lateAcceptanceLength = lateLength }
        if let temperature { s.startTemperature = temperature }
        if let cooling { s.coolingRatio = cooling }
        if let moveWeights { s.moveWeights = moveWeights.split(separator: ",").compactMap { Int($0) } }
        if let restartAfter { s.restartAfter = restartAfter }
        if let columnGeneration { s.columnGenerationShare = columnGeneration }
        tuning.apply(to: &s)
        return s
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CommandFailure(description: "cannot read \(file)") }
        let instance = try CurtoisInstance(parsing: text)
        let configuration = SolverConfiguration(
            termination: Termination(seconds: evaluations == nil ? seconds : nil, targetScore: target.map { Score(hard: 0, medium: 0, soft: $0) },
                                     maxEvaluations: evaluations),
            workers: workers, seed: seed, search: searchSettings)
        let quiet = self.quiet
        let cancellation = SolveCancellation.after(stopAt.map { $0 * seconds })
        let result = try CurtoisBench.solve(instance, configuration: configuration, extraSeats: extraSeats, cancellation: cancellation) { p in
            if !quiet { Output.err(Output.progressLine(p)) }
        }
        let (penalty, hard) = instance.evaluate(result.roster)
        if let out {
            try Output.write(try Output.json(["roster": result.roster]), to: out)
        }
        let o = result.outcome
        print("instance \(URL(fileURLWithPath: file).lastPathComponent) penalty \(penalty) hard_violations \(hard.count) "
            + "tandem_score \(result.score) best_at \(String(format: "%.2f", o.bestFoundSeconds))s "
            + "moves_per_second \(o.seconds > 0 ? Int(Double(o.evaluations) / o.seconds) : 0) workers \(workers)")
        for h in hard.prefix(10) { Output.err("hard: \(h)") }
    }
}
