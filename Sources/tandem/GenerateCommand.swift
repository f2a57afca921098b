import ArgumentParser
import Curtois
import Foundation
import Scheduling
import WeekGenerator

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Print a seeded instance: a street's week (the default) or a Curtois-format roster.",
        subcommands: [Week.self, CurtoisRoster.self], defaultSubcommand: Week.self)

    struct Week: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "week", abstract: "Print a seeded, realistic week for one street as a problem JSON.")

        @Option(help: "People.") var people: Int = 60
        @Option(help: "Seats (approximate; tasks are added until reached).") var tasks: Int = 200
        @Option(help: "Seed: the same seed gives the same week.") var seed: UInt64 = 1
        @Option(help: "Write here instead of stdout.") var out: String?

        func run() throws {
            guard (1...Problem.maxPeople).contains(people), (1...Problem.maxSeats).contains(tasks) else {
                throw ValidationError("--people must be 1–\(Problem.maxPeople) and --tasks 1–\(Problem.maxSeats)")
            }
            try Output.write(try Output.json(WeekGenerator.week(seed: seed, people: people, seats: tasks)), to: out)
        }
    }

    struct CurtoisRoster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "curtois",
            abstract: "Print a seeded shift-rostering instance in the Curtois & Qu format, feasible by construction.",
            discussion: "For tuning on instances unlike the benchmark's twelve files: docs/benchmarks.md says how.")

        @Option(help: "Days in the horizon (a multiple of 7).") var days: Int = 28
        @Option(help: "Staff.") var staff: Int = 20
        @Option(help: "Shift types.") var shiftTypes: Int = 3
        @Option(help: "Seed: the same seed gives the same instance.") var seed: UInt64 = 1
        @Option(help: "Write here instead of stdout.") var out: String?
        @Option(help: "Also write the planted roster here, as check.py reads it ({\"roster\": {...}}).") var planted: String?

        func run() throws {
            guard days > 0, days % 7 == 0, days <= 728 else { throw ValidationError("--days must be a multiple of 7, at most 728") }
            guard (1...2000).contains(staff), (1...64).contains(shiftTypes) else {
                throw ValidationError("--staff must be 1–2000 and --shift-types 1–64")
            }
            let generated = CurtoisGenerator.instance(days: days, staff: staff, shiftTypes: shiftTypes, seed: seed)
            try Output.write(Data(generated.instance.text.utf8), to: out)
            if let planted { try Output.write(try Output.json(["roster": generated.planted]), to: planted) }
        }
    }
}
