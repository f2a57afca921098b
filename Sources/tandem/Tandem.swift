import ArgumentParser

@main
struct Tandem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Schedules social workers and volunteers onto community services, and explains why.",
        subcommands: [SolveCommand.self, GenerateCommand.self, BenchCommand.self]
    )
}
