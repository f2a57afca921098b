import ElderMeals
import PluginKit
import Testing

@Suite("ElderMeals")
struct ElderMealsTests {
    typealias Kit = PluginTestKit
    let probe = PluginProbe([ElderMealsPlugin()])
    let canteen = ["canteenLat": "30.657", "canteenLon": "104.080"]

    func delivery(_ id: String, day: Int = 0, from: String, to: String, meal: String = "lunch") -> ServiceTask {
        Kit.task(id, kind: ElderMealsPlugin.delivery, day: day, from: from, to: to, client: "elder-\(id)",
                 fields: canteen.merging(["meal": meal, "dietaryNote": "低盐"]) { a, _ in a })
    }

    @Test func cookingNeedsAFoodHygieneCertificateValidOnTheDay() throws {
        var expired = Kit.person("expired", credentials: ["foodHygiene"])
        expired.credentials[0].validTo = Kit.monday.adding(days: -1)
        let people = [Kit.person("cook", credentials: ["foodHygiene"]), Kit.person("none"), expired]
        let cooking = Kit.task("c1", kind: ElderMealsPlugin.cooking, from: "09:00", to: "11:00")
        let problem = Kit.problem(people, [cooking])
        #expect(try probe.candidates(problem, task: "c1") == ["cook"])
        #expect(try probe.penalty(of: "eligibility", in: problem, assignments: [Assignment(task: "c1", seat: 0, person: "none")]) == 1)
        #expect(try probe.penalty(of: "eligibility", in: problem, assignments: [Assignment(task: "c1", seat: 0, person: "cook")]) == 0)
        // Deliveries need no certificate.
        #expect(try probe.candidates(Kit.problem(people, [delivery("d1", from: "11:00", to: "11:15")]), task: "d1").count == 3)
        let explained = try probe.solve(problem).explanations[0]
        #expect(explained.reasons.contains { $0.reason == "canteenHygiene" && $0.count == 2 && $0.words.zh == "缺少有效的食品卫生证" })
    }

    @Test func aRoundHasAtMostFourStops() throws {
        let lunch = (0..<5).map { delivery("l\($0)", from: Kit.clock(670 + 10 * $0), to: Kit.clock(675 + 10 * $0)) }
        let problem = Kit.problem([Kit.person("v")], lunch)
        let all = lunch.map { Assignment(task: $0.id, seat: 0, person: "v") }
        #expect(try probe.penalty(of: "deliveryRound", in: problem, assignments: all) == 1)
        #expect(try probe.penalty(of: "deliveryRound", in: problem, assignments: Array(all.prefix(4))) == 0)
        // The limit is a setting; dinner is another round, and so is another day.
        let tight = Kit.problem([Kit.person("v")], lunch, settings: ["maxStopsPerRound": 2])
        #expect(try probe.penalty(of: "deliveryRound", in: tight, assignments: all) == 3)
        let spread = [delivery("a", from: "11:00", to: "11:10"), delivery("b", from: "11:20", to: "11:30"),
                      delivery("c", from: "17:00", to: "17:10", meal: "dinner"), delivery("d", day: 1, from: "11:00", to: "11:10")]
        let oneEach = Kit.problem([Kit.person("v")], spread, settings: ["maxStopsPerRound": 1])
        #expect(try probe.penalty(of: "deliveryRound", in: oneEach, assignments: spread.map { Assignment(task: $0.id, seat: 0, person: "v") }) == 1)
    }

    @Test func deliveriesStayInTheMealWindowAndTheServiceCircle() {
        var late = delivery("late", from: "14:00", to: "14:15")
        var far = delivery("far", from: "11:00", to: "11:15")
        far.site = Site(lat: 30.75, lon: 104.08)  // about 10 km north of the canteen
        var anonymous = delivery("anon", from: "11:00", to: "11:15")
        anonymous.client = nil
        anonymous.fields["meal"] = "breakfast"
        late.fields["dietaryNote"] = "软食"
        #expect(throws: InvalidProblem(issues: [
            ValidationIssue(field: "tasks[0].start", reason: "a lunch delivery must lie within 10:30–13:30"),
            ValidationIssue(field: "tasks[1].site", reason: "the elder lives 52 minutes from the canteen, outside its 15-minute service circle"),
            ValidationIssue(field: "tasks[2].fields.meal", reason: "must be one of lunch, dinner, got \"breakfast\""),
            ValidationIssue(field: "tasks[2].client", reason: "a meal delivery names the elder it serves (for continuity)"),
        ])) {
            try probe.model(Kit.problem([Kit.person("v")], [late, far, anonymous]))
        }
    }

    @Test func theSameVolunteerKeepsTheSameElder() throws {
        let week = (0..<5).map { d in
            Kit.task("d\(d)", kind: ElderMealsPlugin.delivery, day: d, from: "11:30", to: "11:45", client: "elder-wang",
                     fields: canteen.merging(["meal": "lunch"]) { a, _ in a })
        }
        var problem = Kit.problem([Kit.person("a"), Kit.person("b"), Kit.person("c")], week)
        problem.rules.weights["continuity"] = nil
        let mixed = week.enumerated().map { Assignment(task: $1.id, seat: 0, person: ["a", "b", "c"][$0 % 3]) }
        #expect(try probe.penalty(of: "continuity", in: problem, assignments: mixed) == 2 * 60)
        let schedule = try probe.solve(problem)
        #expect(Set(schedule.assignments.map(\.person)).count == 1)
    }

    @Test func demoWeekSolvesWithNoHardViolationAndExplainsItself() throws {
        let problem = Kit.demoProblem(for: ElderMealsPlugin())
        #expect(problem.people.count >= 20 && problem.tasks.count >= 100)
        let schedule = try probe.solve(problem)
        #expect(schedule.score.hard == 0)
        #expect(schedule.unfilled.isEmpty)
        #expect(schedule.explainsEverySeatInBothLanguages)
        #expect(problem.tasks.contains { $0.fields["dietaryNote"] == "低糖，糖尿病" })
    }
}
