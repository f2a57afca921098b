import ArgumentParser
import Scheduling
import WeekGenerator

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Print a seeded, realistic week for one street as a problem JSON.")

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
