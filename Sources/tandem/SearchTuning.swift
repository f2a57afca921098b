import ArgumentParser
import Solver

/// The large-move and cooling shares the solver benchmarks let one set, to measure what each is worth.
struct SearchTuning: ParsableArguments {
    @Option(help: "Share of evaluations spent re-matching a day's seats, 0 to switch it off (tuning).") var dayMatching: Double?
    @Option(help: "Share of evaluations spent re-choosing a person's days over a window, 0 to switch it off (tuning).") var personWindow: Double?
    @Option(help: "Share of evaluations spent choosing a person's whole row again, 0 to switch it off (tuning).") var personRow: Double?
    @Option(help: "Of the row moves, the share that empties two or three rows and chooses them again (tuning).") var rowRebuild: Double?
    @Option(help: "The last share of the time in which annealing cools on the soft level alone, 0 to switch it off (tuning).") var softCooling: Double?
    @Option(help: "Timelines of at least this many tasks are scored by the days a move reaches, 0 to score every timeline whole (tuning).") var windowedScoringFrom: Int?

    /// Overrides the shares that were given.
    func apply(to search: inout SearchSettings) {
        if let dayMatching { search.dayMatchingShare = dayMatching }
        if let personWindow { search.personWindowShare = personWindow }
        if let personRow { search.personRowShare = personRow }
        if let rowRebuild { search.rowRebuildShare = rowRebuild }
        if let softCooling { search.softCoolingShare = softCooling }
        if let windowedScoringFrom { search.windowedScoringFrom = windowedScoringFrom }
    }
}
