import ArgumentParser
import Foundation
import Scheduling
import Solver

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "solve", abstract: "Solve a problem file and print the schedule as JSON.")

    @Argument(help: "The problem, as JSON (see docs/problem-format.md).") var problem: String
    @Option(help: "Seconds to search.") var seconds: Double = 10
    @Option(help: "Stop when the best score has not improved for this many seconds.") var unimproved: Double?
    @Option(help: "Search workers (threads).") var workers: Int = 2
    @Option(help: "Random seed: one worker and the same seed give the same search.") var seed: UInt64 = 1
    @Option(help: "Stop after this many move evaluations per worker (deterministic).") var maxEvaluations: Int64?
    @Option(help: "simulatedAnnealing, lateAcceptance or tabu.") var strategy: SearchStrategy = .simulatedAnnealing
    @Option(help: "Write the schedule here instead of stdout.") var out: String?
    @Flag(help: "Print no progress lines.") var quiet = false
    @OptionGroup var plugins: PluginChoice

    func run() throws {
        guard seconds > 0, workers >= 1, workers <= 64 else {
            throw ValidationError("--seconds must be positive and --workers between 1 and 64")
        }
        do {
            let problem = try ProblemFile.load(self.problem)
            Output.warn(problem.unmatchedReferences())
            let configuration = SolverConfiguration(
                termination: Termination(seconds: seconds, unimprovedSeconds: unimproved, maxEvaluations: maxEvaluations),
                workers: workers, seed: seed, search: SearchSettings(strategy: strategy))
            let quiet = self.quiet
            let model = try plugins.model(for: problem)
            let interrupt = InterruptStop()
            let started = ContinuousClock.now
            let schedule = TandemSolver.solve(model: model, configuration: configuration, cancellation: interrupt.cancellation) { p in
                if !quiet { Output.err(Output.progressLine(p)) }
            }
            interrupt.end()
            for w in schedule.warnings { Output.err("warning: \(w)") }
            for skipped in schedule.statistics?.skippedPhases ?? [] {
                Output.err("note: \(skipped.phase) did not run: \(skipped.reason.en)")
            }
            try Output.write(try Output.json(schedule), to: out)
            if interrupt.interrupted {
                let elapsed = (ContinuousClock.now - started).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                Output.err("stopped by Ctrl-C: searched, explained and written in \(String(format: "%.1f", seconds)) s of the \(self.seconds) s limit")
            }
            Output.err("score \(schedule.score)  assigned \(schedule.assignments.count)  unfilled \(schedule.unfilled.count)  "
                + "moves/s \(schedule.statistics?.movesPerSecond ?? 0)")
        } catch let invalid as InvalidProblem {
            Output.err("error: \(invalid)")
            throw ExitCode(2)
        }
    }
}

extension SearchStrategy: ExpressibleByArgument {}
