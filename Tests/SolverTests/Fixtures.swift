import Scheduling
import Testing
@testable import Solver

/// Small, readable problems for constraint tests: one site, Monday 2026-11-30 as day 0.
enum Fixture {
    static let monday = LocalDate(year: 2026, month: 11, day: 30)!
    static let site = Site(name: "站点", lat: 30.65, lon: 104.08)

    static func at(_ day: Int, _ hhmm: String) -> LocalDateTime {
        LocalDateTime(date: monday.adding(days: day), time: LocalTime(hhmm)!)
    }

    static func task(_ id: String, day: Int, _ from: String, _ to: String, kind: String = "visit", seats: [SeatRequirement] = [SeatRequirement()],
                     site: Site = site, priority: Int = 5, client: String? = nil) -> ServiceTask {
        ServiceTask(id: id, kind: kind, site: site, start: at(day, from), end: at(day, to), seats: seats, priority: Priority(priority), client: client)
    }

    static func person(_ id: String, role: Role = .volunteer, group: String? = nil) -> Person {
        Person(id: id, name: "志愿者\(id)", role: role, labourGroup: group)
    }

    static func problem(people: [Person], tasks: [ServiceTask], days: Int = 7, rules: Rules = Rules(weights: ["fairness": 0, "travel": 0, "homeDistance": 0])) -> Problem {
        Problem(horizon: Horizon(start: monday, days: days), people: people, tasks: tasks, rules: rules)
    }

    /// The score of a full assignment given as task id → person ids in seat order.
    static func score(_ problem: Problem, _ seats: [String: [String]]) throws -> (Score, [ConstraintShare]) {
        let model = try SolverModel.build(problem)
        let index = Dictionary(uniqueKeysWithValues: problem.people.enumerated().map { ($1.id, Int32($0)) })
        let assignment: [Int32] = model.slotRefs.map { ref in
            guard let list = seats[ref.task], ref.seat < list.count else { return -1 }
            return index[list[ref.seat]] ?? -1
        }
        let director = ScoreDirector(model: model, initial: assignment)
        return (director.score, ScoreBreakdown.shares(model: model, assignment: director.assignment))
    }
}

extension Fixture {
    /// Solves twice with one worker and seed 8, every large move on from the first evaluation; expects the two runs
    /// to agree and the reported score to be the schedule's real score. Returns the score.
    @discardableResult
    static func expectRepeatableSearch(_ model: SolverModel, _ search: SearchSettings, evaluations: Int64) -> Score {
        var search = search
        search.largeMovesAfter = 0
        let configuration = SolverConfiguration(termination: Termination(maxEvaluations: evaluations), workers: 1, seed: 8, search: search)
        let a = Portfolio.solve(model: model, configuration: configuration)
        let b = Portfolio.solve(model: model, configuration: configuration)
        #expect(a.assignment == b.assignment)
        #expect(a.score == b.score)
        #expect(ScoreDirector(model: model, initial: a.assignment).score == a.score)
        return a.score
    }
}

extension Array where Element == ConstraintShare {
    func penalty(_ id: ConstraintID) -> Int64 { first { $0.constraint == id.rawValue }?.penalty ?? 0 }
}
