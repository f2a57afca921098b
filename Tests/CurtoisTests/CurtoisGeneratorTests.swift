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
