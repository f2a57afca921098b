import Foundation
import Scheduling
import Solver
import Testing
@testable import Curtois

/// The shared benchmark folder sits beside the repository (../shared), as on every machine and in CI.
private func instanceText(_ n: Int) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.deletingLastPathComponent().appendingPathComponent("shared/bench/curtois/Instance\(n).txt")
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite("Curtois benchmark adapter")
struct CurtoisTests {
    @Test func parsesInstanceOne() throws {
        let i = try CurtoisInstance(parsing: try instanceText(1))
        #expect(i.horizon == 14)
        #expect(i.staff.count == 8)
        #expect(i.shifts.map(\.id) == ["D"])
        #expect(i.cover.count == 14)
        #expect(i.daysOff["A"] == [0])
        #expect(i.onRequests.count == 21 && i.offRequests.count == 5)
    }

    @Test func rejectsMalformedLines() {
        #expect(throws: CurtoisFormatError.self) { try CurtoisInstance(parsing: "SECTION_HORIZON\nfourteen\n") }
        #expect(throws: CurtoisFormatError.self) { try CurtoisInstance(parsing: "SECTION_SHIFTS\nD,480,\n") }
    }

    /// Tandem's own score of a solved (feasible) roster equals the benchmark's objective computed independently.
    @Test(arguments: [1, 2])
    func tandemPenaltyAgreesWithTheBenchmarkObjective(n: Int) throws {
        let instance = try CurtoisInstance(parsing: try instanceText(n))
        let result = try CurtoisBench.solve(instance, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 400_000), workers: 1))
        let (penalty, hard) = instance.evaluate(result.roster)
        #expect(result.score.medium == 0)
        #expect(result.score.hard == 0)
        #expect(hard.isEmpty)
        #expect(Int64(penalty) == result.score.soft)
    }

    /// Column generation closes the small instances: its dive (and the search after it) reaches the optimum, the
    /// best-known value, well within the time limit, and the independent evaluator agrees.
    @Test(arguments: [(1, 607), (2, 828), (3, 1001)])
    func columnGenerationReachesTheOptimum(n: Int, optimum: Int64) throws {
        let instance = try CurtoisInstance(parsing: try instanceText(n))
        var search = SearchSettings()
        search.columnGenerationShare = 0.5
        let termination = Termination(seconds: 20, targetScore: Score(soft: optimum))
        let result = try CurtoisBench.solve(instance, configuration: SolverConfiguration(termination: termination, workers: 2, search: search))
        let (penalty, hard) = instance.evaluate(result.roster)
        #expect(hard.isEmpty)
        #expect(result.score == Score(soft: optimum))
        #expect(Int64(penalty) == optimum)
    }

    @Test func independentEvaluatorFindsHardViolations() throws {
        let instance = try CurtoisInstance(parsing: try instanceText(1))
        var roster: [String: [String?]] = [:]
        for s in instance.staff { roster[s.id] = Array(repeating: "D", count: instance.horizon) }
        let (_, hard) = instance.evaluate(roster)
        #expect(hard.contains { $0.hasPrefix("A: works on day off 0") })
        #expect(hard.contains { $0.contains("shifts in a row") })
    }
}
