import ArgumentParser
import BundledPlugins
import PluginKit
import Solver

/// `--plugins all|none|id,id`: which bundled plugins a command's solves use.
struct PluginChoice: ParsableArguments {
    @Option(help: """
        Plugins whose rules apply: all, none (the core's rules only, every task kept as a plain task), or ids separated \
        by commas (\(PluginRegistry.bundled.ids.joined(separator: ", "))); tasks of a plugin left out are not solved.
        """)
    var plugins: String = "all"

    func enabled() throws -> Set<String> {
        switch plugins {
        case "all": return Set(PluginRegistry.bundled.ids)
        case "none", "": return []
        default:
            let ids = Set(plugins.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            let unknown = ids.subtracting(PluginRegistry.bundled.ids)
            guard unknown.isEmpty else { throw ValidationError("--plugins: unknown plugin \(unknown.sorted().joined(separator: ", "))") }
            return ids
        }
    }

    func model(for problem: Problem) throws -> SolverModel {
        // "none" compares the same week under the core's rules alone (the plugins' benchmark baseline).
        plugins == "none" ? try SolverModel.build(problem) : try PluginRegistry.bundled.model(for: problem, enabled: try enabled())
    }
}
