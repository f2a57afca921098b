import ArgumentParser

@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Schedules social workers and volunteers onto community services, and explains why.",
        subcommands: [DemoCommand.self, ServeCommand.self, SolveCommand.self, GenerateCommand.self, BenchCommand.self]
    )
}
