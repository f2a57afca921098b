import Solver
import Testing
@testable import Curtois

@Suite("Curtois instance generator")
struct CurtoisGeneratorTests {
    @Test(arguments: [(28, 20, 3), (182, 50, 6), (364, 120, 18)])
    func aGeneratedInstanceReadsBackAndItsPlantedRosterBreaksNoHardRule(days: Int, staff: Int, types: Int) throws {
        let generated = CurtoisGenerator.instance(days: days, staff: staff, shiftTypes: types, seed: 3)
        let read = try CurtoisInstance(parsing: generated.instance.text)
        #expect(read == generated.instance)
        #expect(read.horizon == days && read.staff.count == staff && read.shifts.count == types)
        #expect(read.cover.count == days * types)
        #expect(read.evaluate(generated.planted).hardViolations.isEmpty)
    }

    @Test func theSeedDecidesTheInstance() {
        let a = CurtoisGenerator.instance(days: 56, staff: 30, shiftTypes: 4, seed: 1)
        #expect(a.instance == CurtoisGenerator.instance(days: 56, staff: 30, shiftTypes: 4, seed: 1).instance)
        #expect(a.instance != CurtoisGenerator.instance(days: 56, staff: 30, shiftTypes: 4, seed: 2).instance)
    }

    @Test func laterGroupsMayNotBeFollowedByEarlierOnes() {
        let shifts = CurtoisGenerator.instance(days: 7, staff: 2, shiftTypes: 10, seed: 1).instance.shifts
        #expect(shifts.map(\.id) == ["a1", "a2", "a3", "d1", "d2", "d3", "p1", "p2", "n1", "n2"])
        #expect(shifts.first?.cannotFollow.isEmpty == true)
        #expect(shifts.last.map { Set($0.cannotFollow) == Set(shifts.dropLast().filter { !$0.id.hasPrefix("n") }.map(\.id)) } == true)
    }
}

@Suite("Incremental scoring of long horizons")
struct LongHorizonScoringTests {
    /// Half a year and a year of shifts: timelines long enough to be scored by the days each move reaches (runs,
    /// rest, successions, weeks, requests, weekends, totals, tasks of a kind), checked against a full recompute.
    @Test(arguments: [(182, 12, 4, UInt64(1)), (364, 8, 6, UInt64(2))])
    func windowedScoringMatchesFullRecompute(days: Int, staff: Int, types: Int, seed: UInt64) throws {
        let generated = CurtoisGenerator.instance(days: days, staff: staff, shiftTypes: types, seed: seed)
        let model = try SolverModel.build(try generated.instance.problem(extraSeats: 3))
        let check = IncrementalCheck.run(model: model, seed: seed, steps: 4000, constructed: true)
        #expect(check.firstMismatch == nil)
        #expect(check.committed > 1500)
        #expect(check.windowed > 1000)
    }
}
