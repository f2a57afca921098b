import Scheduling
import Testing
import WeekGenerator
@testable import Solver

/// The build finds candidates once per requirement, sieved by bit sets, in tiles of people over chunks of tasks in
/// parallel, with costs numbered into a palette. Here it is held to the plain definition, pair by pair: a seat's
/// candidates are the people `SeatFit.exclusion` lets in (plus a pin from outside), each at the cost
/// `SeatFit.weightedCosts` lists, plus disruption for anyone but the seat's current holder.
@Suite struct ModelBuildTests {
    /// A plugin-style rule about patrols only: it keeps out people without the swimming skill on weekends and
    /// charges for odd-numbered people.
    struct WeekendSwimmers: SlotRule {
        let name = "weekendSwimmers"
        var weighting: Weighting { Weighting(level: .soft, weight: 7) }
        func applies(to task: ServiceTask) -> Bool { task.kind == "patrol" }
        func exclusion(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Words? {
            task.kind == "patrol" && task.start.date.isWeekend && !person.skills.contains("swimming") ? Words(en: "cannot swim", zh: "不会游泳") : nil
        }
        func cost(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Int64 {
            task.kind == "patrol" && (Int(person.id.filter(\.isNumber)) ?? 0) % 2 == 1 ? 2 : 0
        }
    }

    @Test func candidatesAndCostsAreThoseOfTheSlotRulesPairByPair() throws {
        var problem = WeekGenerator.week(seed: 11, people: 260, seats: 900)
        let people = problem.people, tasks = problem.tasks
        // A current schedule on some seats, pins (one to someone the rules keep out), a held seat, a frozen day.
        let noRole = tasks.filter { $0.seats.allSatisfy { $0.role == nil } }
        problem.currentSchedule = noRole.prefix(40).enumerated().map { Assignment(task: $1.id, seat: 0, person: people[$0 * 3].id) }
        // Cooking asks for a food-hygiene certificate: someone without one is pinned there, on a day not frozen.
        let cooking = try #require(tasks.first { $0.kind == "mealCooking" && $0.start.date != problem.horizon.start })
        let uncertified = try #require(people.first { !$0.credentials.contains { $0.kind == "foodHygiene" } })
        problem.pins = [Assignment(task: noRole[50].id, seat: 0, person: people[7].id), Assignment(task: cooking.id, seat: 0, person: uncertified.id)]
        problem.heldSeats = [HeldSeat(seat: SeatRef(task: noRole[60].id, seat: 0), person: people[9].id, unit: "other")]
        problem.frozenBefore = LocalDateTime(date: problem.horizon.start, time: LocalTime("12:00")!)
        let rule = WeekendSwimmers()
        let model = try SolverModel.build(problem, extensions: ModelExtensions(slotRules: [rule]))
        let fit = SeatFit(model: model)
        let index = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.id, Int32($0)) })
        let pins = Dictionary(uniqueKeysWithValues: problem.pins.map { (SeatRef(task: $0.task, seat: $0.seat), index[$0.person]!) })
        let current = Dictionary(uniqueKeysWithValues: problem.currentSchedule.map { (SeatRef(task: $0.task, seat: $0.seat), index[$0.person]!) })
        let disruption = fit.costs.disruption.score(1), outsider = Weighting(.eligibility, rules: problem.rules).score(1)
        let past = problem.pastWorkersByClient
        var checked = 0, ruled = 0, outsiders = 0

        for s in 0..<model.slotCount {
            let ref = model.slotRefs[s], task = tasks[Int(model.slotTask[s])]
            let requirement = try #require(Self.requirement(of: ref.seat, in: task))
            let listed = model.candidates(of: s).map { model.candidatePersons[$0] }
            let costs = model.candidates(of: s).map { model.candidateCosts[$0] }
            if ref == problem.heldSeats[0].seat {
                #expect(listed == [index[people[9].id]!] && costs == [.zero])
                continue
            }
            let pin = pins[ref], cur = current[ref] ?? -1
            var expected: [Int32] = people.indices.compactMap { p in
                fit.exclusion(people[p], labour: problem.rules.labourRules(forGroup: people[p].labourGroup), task: task, seat: requirement) == nil
                    ? Int32(p) : nil
            }
            if problem.isFrozen(task) { expected = pin.map { [$0] } ?? [] }
            if let pin, !expected.contains(pin) {
                expected.append(pin)
                expected.sort()
                outsiders += 1
            }
            #expect(listed == expected, "seat \(ref)")
            for (p, cost) in zip(listed, costs) {
                var want = fit.weightedCosts(person: people[Int(p)], personIndex: p, task: task, seat: requirement, currentPerson: -1,
                                             pastWorkers: task.client.flatMap { past[$0] }).reduce(Score.zero) { $0 + $1.weighting.score($1.magnitude) }
                if fit.exclusion(people[Int(p)], labour: problem.rules.labourRules(forGroup: people[Int(p)].labourGroup), task: task,
                                 seat: requirement) != nil { want += outsider }
                if cur >= 0 && cur != p { want += disruption }
                #expect(cost == want, "seat \(ref), person \(p)")
                if rule.cost(of: people[Int(p)], task: task, seat: requirement) != 0 { ruled += 1 }
                checked += 1
            }
        }
        // The cases above all occurred.
        #expect(checked > 10_000)
        #expect(ruled > 0)
        #expect(outsiders >= 1)
        #expect(model.slotRefs.indices.contains { current[model.slotRefs[$0]] != nil && !problem.isFrozen(tasks[Int(model.slotTask[$0])]) })
        // And each person's candidate slots are the inverse, in start order.
        for p in people.indices {
            let slots = Array(model.personSlots[Int(model.personSlotOffsets[p])..<Int(model.personSlotOffsets[p + 1])])
            let inverse = (0..<model.slotCount).filter { s in model.candidates(of: s).contains { model.candidatePersons[$0] == Int32(p) } }
                .sorted { (model.facts[$0].start, $0) < (model.facts[$1].start, $1) }.map(Int32.init)
            #expect(slots == inverse, "person \(p)")
        }
    }

    /// The requirement seat number `seat` of `task` falls under.
    static func requirement(of seat: Int, in task: ServiceTask) -> SeatRequirement? {
        var first = 0
        for requirement in task.seats {
            if seat < first + requirement.count { return requirement }
            first += requirement.count
        }
        return nil
    }
}
