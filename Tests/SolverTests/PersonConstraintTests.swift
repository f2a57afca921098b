import Scheduling
import Testing
@testable import Solver

/// Builds timelines: each entry (day, "HH:MM", "HH:MM", kind, x km).
private func timeline(_ entries: [(Int, String, String, Int32, Float)], weekendOf: (Int) -> Int32 = { d in d % 7 >= 5 ? Int32(d / 7) : -1 }) -> [SlotFacts] {
    entries.map { d, a, b, kind, x in
        let start = Int32(d * 1440 + LocalTime(a)!.minuteOfDay), end = Int32(d * 1440 + LocalTime(b)!.minuteOfDay)
        return SlotFacts(start: start, end: end, day: Int32(d), week: Int32(d / 7), weekend: weekendOf(d), kind: kind, x: x)
    }
}

private func days(_ list: [Int], kind: Int32 = 0) -> [SlotFacts] { timeline(list.map { ($0, "08:00", "16:00", kind, 0) }) }

private func magnitude(_ c: some PersonConstraint, _ facts: [SlotFacts]) -> Int64 {
    facts.withUnsafeBufferPointer { c.magnitude($0) }
}

@Suite("Person-scope constraints")
struct PersonConstraintTests {
    @Test func noOverlapCountsTasksThatStartTooEarlyIncludingTravel() {
        let c = NoOverlap(minutesPerKm: 4)  // 15 km/h
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (0, "10:30", "11:00", 0, 0)])) == 0)
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (0, "09:30", "11:00", 0, 0)])) == 1)
        // 10 km apart = 40 minutes of travel: a 30-minute gap is too short, a 45-minute one is enough.
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (0, "10:30", "11:00", 0, 10)])) == 1)
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (0, "10:45", "11:00", 0, 10)])) == 0)
        // A long task overlaps two later ones that do not overlap each other.
        #expect(magnitude(c, timeline([(0, "08:00", "17:00", 0, 0), (0, "09:00", "10:00", 0, 0), (0, "11:00", "12:00", 0, 0)])) == 2)
    }

    @Test func travelSumsMinutesBetweenSameDayTasks() {
        let c = TravelBetweenTasks(minutesPerKm: 4)
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (0, "11:00", "12:00", 0, 2.5)])) == 10)
        #expect(magnitude(c, timeline([(0, "09:00", "10:00", 0, 0), (1, "11:00", "12:00", 0, 2.5)])) == 0)
    }

    @Test func minRestBetweenWorkingDays() {
        let c = MinRest(minutes: 660)
        #expect(magnitude(c, timeline([(0, "14:00", "22:00", 0, 0), (1, "06:00", "14:00", 0, 0)])) == 1)
        #expect(magnitude(c, timeline([(0, "14:00", "22:00", 0, 0), (1, "09:00", "14:00", 0, 0)])) == 0)
        #expect(magnitude(c, timeline([(0, "08:00", "09:00", 0, 0), (0, "10:00", "11:00", 0, 0)])) == 0)
    }

    @Test func minGapBetweenTasksOfOneDayOnly() {
        let c = MinGap(minutes: 60)
        #expect(magnitude(c, timeline([(0, "08:00", "10:00", 0, 0), (0, "10:30", "11:00", 0, 0), (0, "12:00", "13:00", 0, 0)])) == 1)
        #expect(magnitude(c, timeline([(0, "08:00", "12:00", 0, 0), (0, "09:00", "10:00", 0, 0), (0, "12:30", "13:00", 0, 0)])) == 2)
        #expect(magnitude(c, timeline([(0, "14:00", "23:30", 0, 0), (1, "00:00", "06:00", 0, 0)])) == 0)
    }

    @Test func dailyAndWeeklyMinutesInStartedHours() {
        #expect(magnitude(MaxMinutesPerDay(limit: 480), timeline([(0, "08:00", "16:00", 0, 0)])) == 0)
        #expect(magnitude(MaxMinutesPerDay(limit: 480), timeline([(0, "08:00", "16:00", 0, 0), (0, "17:00", "17:30", 0, 0)])) == 1)
        #expect(magnitude(MaxMinutesPerDay(limit: 480), timeline([(0, "06:00", "16:00", 0, 0), (1, "06:00", "16:00", 0, 0)])) == 4)
        #expect(magnitude(MaxMinutesPerWeek(limit: 960), days([0, 1])) == 0)
        #expect(magnitude(MaxMinutesPerWeek(limit: 960), days([0, 1, 2])) == 8)
        #expect(magnitude(MaxMinutesPerWeek(limit: 960), days([0, 1, 7, 8])) == 0)
    }

    @Test func wishesAboutTheWholeDayCountEveryTask() {
        let any = ShiftRequests.anyKind
        let dayOff = ShiftRequests(entries: [.init(day: 1, kind: any, wanted: false, weight: 5)])
        #expect(magnitude(dayOff, timeline([(1, "08:00", "09:00", 0, 0), (1, "10:00", "11:00", 3, 0)])) == 10)
        #expect(magnitude(dayOff, days([0, 2])) == 0)
        let work = ShiftRequests(entries: [.init(day: 2, kind: any, wanted: true, weight: 4)])
        #expect(magnitude(work, days([2], kind: 7)) == 0)
        #expect(magnitude(work, days([0, 1])) == 4)
    }

    @Test func tasksPerWeekCountTasksHoweverShort() {
        let c = MaxTasksPerWeek(limit: 2)
        let short = (0..<3).map { (0, "0\($0 + 7):00", "0\($0 + 7):30", Int32(0), Float(0)) }
        #expect(magnitude(c, timeline(short)) == 1)
        #expect(magnitude(c, days([0, 3, 7, 9])) == 0)
        #expect(magnitude(c, days([0, 1, 2, 3, 7, 8, 9])) == 3)
    }

    @Test func tasksPerDayAndTotals() {
        #expect(magnitude(MaxTasksPerDay(limit: 1), timeline([(0, "08:00", "09:00", 0, 0), (0, "10:00", "11:00", 0, 0), (0, "12:00", "13:00", 0, 0)])) == 2)
        #expect(magnitude(MaxTasksPerDay(limit: 3), timeline([(0, "08:00", "09:00", 0, 0), (0, "10:00", "11:00", 0, 0)])) == 0)
        #expect(magnitude(MinTotalMinutes(limit: 960), days([0])) == 8)
        #expect(magnitude(MinTotalMinutes(limit: 960), []) == 16)
        #expect(magnitude(MinTotalMinutes(limit: 960), days([0, 3])) == 0)
        #expect(magnitude(MaxTotalMinutes(limit: 960), days([0, 3, 5])) == 8)
        #expect(magnitude(MaxTotalMinutes(limit: 960), days([0, 3])) == 0)
    }

    @Test func fairnessIsHoursSquared() {
        #expect(magnitude(Fairness(), days([0, 1])) == 256)
        #expect(magnitude(Fairness(), []) == 0)
    }

    @Test func maxConsecutiveDaysCountsEdgeRuns() {
        let c = MaxConsecutiveDays(limit: 3)
        #expect(magnitude(c, days([0, 1, 2])) == 0)
        #expect(magnitude(c, days([0, 1, 2, 3, 4])) == 2)
        #expect(magnitude(c, days([3, 4, 5, 6])) == 1)
        #expect(magnitude(c, days([0, 1, 2, 4, 5, 6])) == 0)
    }

    @Test func minConsecutiveDaysExemptsRunsAtTheEdges() {
        let c = MinConsecutiveDays(limit: 3, horizonDays: 14)
        #expect(magnitude(c, days([0])) == 0)  // touches day 0
        #expect(magnitude(c, days([13])) == 0)  // touches the last day
        #expect(magnitude(c, days([5])) == 2)
        #expect(magnitude(c, days([5, 6, 9])) == 3)
        #expect(magnitude(c, days([5, 6, 7])) == 0)
    }

    @Test func minDaysOffBetweenWorkRuns() {
        let c = MinConsecutiveDaysOff(limit: 2)
        #expect(magnitude(c, days([0, 2])) == 1)
        #expect(magnitude(c, days([0, 3])) == 0)
        #expect(magnitude(c, days([3])) == 0)  // leading and trailing days off are exempt
        #expect(magnitude(c, days([0, 2, 4])) == 2)
    }

    @Test func weekendsWorked() {
        let c = MaxWeekends(limit: 1)
        #expect(magnitude(c, days([5, 6])) == 0)  // one weekend, both days
        #expect(magnitude(c, days([5, 13])) == 1)
        #expect(magnitude(c, days([0, 1, 2])) == 0)
    }

    @Test func kindLimitsAndSuccessions() {
        #expect(magnitude(MaxTasksOfKind(limits: [(kind: 1, limit: 1)]), days([0, 1, 2], kind: 1)) == 2)
        #expect(magnitude(MaxTasksOfKind(limits: [(kind: 1, limit: 1)]), days([0, 1, 2], kind: 0)) == 0)
        var forbidden = [Bool](repeating: false, count: 4)
        forbidden[1 * 2 + 0] = true  // kind 0 may not follow kind 1
        let c = ForbiddenSuccession(forbidden: forbidden, kindCount: 2)
        #expect(magnitude(c, days([0], kind: 1) + days([1], kind: 0)) == 1)
        #expect(magnitude(c, days([0], kind: 0) + days([1], kind: 1)) == 0)
        #expect(magnitude(c, days([0], kind: 1) + days([2], kind: 0)) == 0)
    }

    @Test func requestsWantedAndUnwanted() {
        let c = ShiftRequests(entries: [
            .init(day: 1, kind: 0, wanted: true, weight: 3),
            .init(day: 2, kind: 1, wanted: false, weight: 2),
        ])
        #expect(magnitude(c, []) == 3)
        #expect(magnitude(c, days([1], kind: 0)) == 0)
        #expect(magnitude(c, days([1], kind: 1)) == 3)  // working another kind does not meet the wish
        #expect(magnitude(c, days([1], kind: 0) + days([2], kind: 1)) == 2)
    }
}

@Suite("Per-person limits in a solve")
struct PersonLimitSolveTests {
    @Test func aWeeklyTaskLimitLeavesTheRestEmptyAndSaysWhy() throws {
        var only = Fixture.person("a")
        only.maxTasksPerWeek = 2
        // Four short visits in the first week, one in the second: only "a" can take them.
        let tasks = [0, 1, 2, 3, 8].map { Fixture.task("t\($0)", day: $0, "09:00", "09:30") }
        let problem = Fixture.problem(people: [only], tasks: tasks, days: 14)
        let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5000), workers: 1))
        #expect(schedule.score.hard == 0)
        let taken = Set(schedule.assignments.map(\.task))
        #expect(taken.count == 3 && taken.contains("t8"))
        let empty = schedule.explanations.filter { $0.person == nil }
        #expect(empty.count == 2)
        #expect(empty.allSatisfy { $0.summary.en.contains("most tasks that week") && $0.summary.zh.contains("本周任务数已满") })
    }

    @Test func aBreakBetweenTasksOfOneDayKeepsTheSecondFromTheSamePerson() throws {
        let tasks = [Fixture.task("early", day: 0, "09:00", "10:00"), Fixture.task("soon", day: 0, "10:15", "11:00"),
                     Fixture.task("later", day: 0, "11:00", "12:00")]
        var problem = Fixture.problem(people: [Fixture.person("a")], tasks: tasks, days: 1)
        problem.rules.labour["default"] = LabourRules(minGapMinutes: 30)
        let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5000), workers: 1))
        #expect(schedule.score.hard == 0)
        // Either the first and the last (a 60-minute break) or the middle one alone: never two 15 minutes apart.
        #expect(Set(schedule.assignments.map(\.task)) == ["early", "later"])
        let empty = schedule.explanations.first { $0.person == nil }
        #expect(empty?.task == "soon" && empty?.summary.en.contains("break between tasks") == true)
    }

    /// Hours alone split one long visit against three short ones (6 h each way); weighed by count, the tasks are
    /// shared two and two, at the cost of the hours (8 h against 4 h).
    @Test func countFairnessSharesTasksWhereHoursFairnessSharesHours() throws {
        let tasks = [Fixture.task("long", day: 1, "09:00", "15:00"), Fixture.task("s1", day: 0, "08:00", "10:00"),
                     Fixture.task("s2", day: 0, "10:30", "12:30"), Fixture.task("s3", day: 0, "13:00", "15:00")]
        var problem = Fixture.problem(people: [Fixture.person("a"), Fixture.person("b")], tasks: tasks, days: 2)
        problem.rules.weights["fairness"] = 1
        func counts(_ problem: Problem) throws -> [Int] {
            let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 20000), workers: 1))
            #expect(schedule.score.hard == 0 && schedule.unfilled.isEmpty)
            return Dictionary(grouping: schedule.assignments, by: \.person).values.map(\.count).sorted()
        }
        #expect(try counts(problem) == [1, 3])
        problem.rules.weights["fairnessByCount"] = 10
        #expect(try counts(problem) == [2, 2])
        #expect(FairnessByCount.id.defaults.weight == 0)
    }

    @Test func aDayOffWishGoesToSomeoneElseWhenTheyCan() throws {
        var a = Fixture.person("a")
        a.preferences.requests = [ShiftRequest(date: Fixture.monday.adding(days: 1), kind: nil, wanted: false, weight: 50)]
        var b = Fixture.person("b")
        b.preferences.requests = [ShiftRequest(date: Fixture.monday.adding(days: 2), kind: nil, wanted: true, weight: 50)]
        let tasks = [Fixture.task("tue", day: 1, "09:00", "10:00"), Fixture.task("wed", day: 2, "09:00", "10:00")]
        let problem = Fixture.problem(people: [a, b], tasks: tasks, days: 7)
        let schedule = try TandemSolver.solve(problem, configuration: SolverConfiguration(termination: Termination(maxEvaluations: 5000), workers: 1))
        #expect(Dictionary(uniqueKeysWithValues: schedule.assignments.map { ($0.task, $0.person) }) == ["tue": "b", "wed": "b"])
        #expect(schedule.constraints.penalty(.request) == 0)
    }
}
