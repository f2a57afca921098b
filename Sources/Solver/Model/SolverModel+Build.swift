import Scheduling

extension SolverModel {
    /// Compiles a problem. Throws `InvalidProblem` naming every bad field.
    ///
    /// `extensions` adds constraints in the three scopes (the enabled plugins') and their words.
    public static func build(_ problem: Problem, extensions: ModelExtensions = ModelExtensions()) throws -> SolverModel {
        let (errors, warnings) = problem.validate()
        guard errors.isEmpty else { throw InvalidProblem(issues: errors) }
        let rules = problem.rules
        let people = problem.people
        var personIndex: [String: Int32] = [:]
        for (i, p) in people.enumerated() { personIndex[p.id] = Int32(i) }

        var kinds: [String] = []
        var kindIndex: [String: Int32] = [:]
        func kind(_ name: String) -> Int32 {
            if let k = kindIndex[name] { return k }
            kindIndex[name] = Int32(kinds.count)
            kinds.append(name)
            return Int32(kinds.count - 1)
        }
        for t in problem.tasks { _ = kind(t.kind) }

        let horizon = problem.horizon
        let firstMinute = horizon.start.dayNumber * 1440
        let sites = problem.tasks.map(\.site.point)
        let origin = sites.isEmpty ? GeoPoint(lat: 0, lon: 0)
            : GeoPoint(lat: sites.map(\.lat).reduce(0, +) / Double(sites.count), lon: sites.map(\.lon).reduce(0, +) / Double(sites.count))
        let minutesPerKm = 60 / rules.travelSpeedKmh

        let pins = Dictionary(problem.pins.map { ($0.seatRef, personIndex[$0.person]!) }, uniquingKeysWith: { a, _ in a })
        let current = Dictionary(problem.currentSchedule.map { ($0.seatRef, personIndex[$0.person]!) }, uniquingKeysWith: { a, _ in a })
        let pastWorkers = problem.pastWorkersByClient
        // Another unit's seats: the holder when among our people, else -1 (held, but by nobody of ours).
        let held = Dictionary(problem.heldSeats.map { ($0.seat, $0.person.flatMap { personIndex[$0] } ?? -1) },
                              uniquingKeysWith: { a, _ in a })

        let fit = SeatFit(rules: rules, slotRules: extensions.slotRules, words: extensions.words)
        let eligibility = fit.eligibility
        let costs = fit.costs
        let hasSlotRules = !extensions.slotRules.isEmpty
        let unfilled = Weighting(.unfilledSeat, rules: rules)
        let eligibilityWeighting = Weighting(.eligibility, rules: rules)
        let labourOf = people.map { rules.labourRules(forGroup: $0.labourGroup) }
        // Most seats name a role: only people of that role need the full check.
        let allPeople = Array(people.indices)
        let byRole = Dictionary(grouping: people.indices, by: { people[$0].role })

        var slotRefs: [SeatRef] = [], slotTask: [Int32] = [], facts: [SlotFacts] = [], emptyCost: [Score] = []
        var pinned: [Int32] = [], currentPerson: [Int32] = [], priority: [Int32] = []
        var candidateOffsets: [Int32] = [0], candidatePersons: [Int32] = [], candidateCosts: [Score] = []

        // Borrowing through buffers keeps the hot loop from copying each Person (and retaining its arrays).
        let peopleBuffer = UnsafeMutableBufferPointer<Person>.allocate(capacity: people.count)
        _ = peopleBuffer.initialize(from: people)
        let labourBuffer = UnsafeMutableBufferPointer<LabourRules?>.allocate(capacity: people.count)
        _ = labourBuffer.initialize(from: labourOf)
        defer {
            peopleBuffer.deinitialize().deallocate()
            labourBuffer.deinitialize().deallocate()
        }
        for (ti, task) in problem.tasks.enumerated() {
            let start = task.start.minutes - firstMinute, day = start / 1440
            let date = horizon.start.adding(days: day)
            let weekend = date.isWeekend ? Int32(date.dayNumber - (date.weekday - 6) - horizon.start.dayNumber + 7) : -1
            let xy = task.site.point.planarKm(from: origin)
            let fact = SlotFacts(start: Int32(start), end: Int32(task.end.minutes - firstMinute), day: Int32(day), week: Int32(day / 7),
                                 weekend: weekend, kind: kindIndex[task.kind]!, x: Float(xy.x), y: Float(xy.y))
            var seatNumber = 0
            let frozen = problem.isFrozen(task)
            for requirement in task.seats {
                // Eligibility and costs depend on the requirement, not on which of its seats: compute them once.
                var eligible: [Int32] = []
                for pi in requirement.role.map({ byRole[$0] ?? [] }) ?? allPeople
                where eligibility.explain(at: peopleBuffer.baseAddress! + pi, labour: labourBuffer.baseAddress! + pi, task: task,
                                          seat: requirement) == nil
                    && !(hasSlotRules && fit.excludedByRules(peopleBuffer[pi], task: task, seat: requirement)) {
                    eligible.append(Int32(pi))
                }
                let past = task.client.flatMap { pastWorkers[$0] }
                func baseCost(_ p: Int32) -> Score {
                    var cost = Score.zero
                    for (_, weighting, magnitude) in fit.weightedCosts(person: peopleBuffer[Int(p)], personIndex: p, task: task,
                                                                      seat: requirement, currentPerson: -1, pastWorkers: past) {
                        cost += weighting.score(magnitude)
                    }
                    return cost
                }
                let eligibleCosts = eligible.map(baseCost)
                for _ in 0..<requirement.count {
                    let ref = SeatRef(task: task.id, seat: seatNumber)
                    seatNumber += 1
                    slotRefs.append(ref)
                    slotTask.append(Int32(ti))
                    facts.append(fact)
                    priority.append(Int32(task.priority.value))
                    if let holder = held[ref] ?? (problem.heldTasks.contains(task.id) ? -1 : nil) {
                        // Fixed as the other unit has it, and free of cost here: only its holder's load counts.
                        currentPerson.append(-1)
                        emptyCost.append(.zero)
                        pinned.append(holder)
                        if holder >= 0 {
                            candidatePersons.append(holder)
                            candidateCosts.append(.zero)
                        }
                        candidateOffsets.append(Int32(candidatePersons.count))
                        continue
                    }
                    let cur = current[ref] ?? -1
                    currentPerson.append(cur)
                    var empty = requirement.optional ? Score.zero : unfilled.score(Int64(task.priority.value))
                    if cur >= 0 { empty += costs.disruption.score(1) }
                    emptyCost.append(empty)
                    let pin = pins[ref] ?? -1
                    pinned.append(pin)
                    var list = eligible, listCosts = eligibleCosts
                    if frozen {
                        // A frozen seat keeps its pinned person or nobody.
                        list = pin >= 0 ? [pin] : []
                        listCosts = pin >= 0 ? [eligible.firstIndex(of: pin).map { eligibleCosts[$0] } ?? baseCost(pin) + eligibilityWeighting.score(1)] : []
                    } else if pin >= 0 && !eligible.contains(pin) {
                        let at = list.firstIndex { $0 > pin } ?? list.count
                        list.insert(pin, at: at)
                        listCosts.insert(baseCost(pin) + eligibilityWeighting.score(1), at: at)
                    }
                    for (k, p) in list.enumerated() {
                        candidatePersons.append(p)
                        candidateCosts.append(cur >= 0 && cur != p ? listCosts[k] + costs.disruption.score(1) : listCosts[k])
                    }
                    candidateOffsets.append(Int32(candidatePersons.count))
                }
            }
        }

        // Invert: each person's candidate slots in timeline order.
        var perPerson = [[Int32]](repeating: [], count: people.count)
        for s in 0..<slotRefs.count {
            for c in Int(candidateOffsets[s])..<Int(candidateOffsets[s + 1]) { perPerson[Int(candidatePersons[c])].append(Int32(s)) }
        }
        var personSlotOffsets: [Int32] = [0], personSlots: [Int32] = []
        for var list in perPerson {
            list.sort { (facts[Int($0)].start, $0) < (facts[Int($1)].start, $1) }
            personSlots += list
            personSlotOffsets.append(Int32(personSlots.count))
        }

        let context = SolverModelContext(problem: problem, kinds: kinds, kindIndex: kindIndex, slotRefs: slotRefs, slotTask: slotTask,
                                         facts: facts, personIndex: personIndex, candidateSlots: perPerson,
                                         minutesPerKm: Float(minutesPerKm), pastWeeklyMinutes: problem.pastWeeklyMinutes)
        let personRules = people.enumerated().map { pi, person in
            var reachable: [Int32: Int] = [:]
            for s in perPerson[pi] { reachable[facts[Int(s)].kind, default: 0] += 1 }
            return PersonRuleCompiler.rules(for: person, labour: labourOf[pi], context: context, reachableByKind: reachable)
                + extensions.personRules(person, context)
        }

        var groups: [GroupSpec] = []
        let continuity = Weighting(.continuity, rules: rules)
        if continuity.weight > 0 {
            for (client, slots) in context.slotsByKey(\.client) where slots.count > 1 {
                groups.append(GroupSpec(name: ConstraintID.continuity.rawValue, key: client, slots: slots,
                                        constraint: ClientContinuity(allowance: Set(slots.map { slotTask[Int($0)] })
                                            .map { problem.tasks[Int($0)].seatCount }.max() ?? 1),
                                        weighting: continuity))
            }
        }
        groups += SocialWorkerDuty.groups(context: context)
        groups += extensions.groups(context)
        var perSlotGroups = [[Int32]](repeating: [], count: slotRefs.count)
        for (g, group) in groups.enumerated() { for s in group.slots { perSlotGroups[Int(s)].append(Int32(g)) } }
        var slotGroupOffsets: [Int32] = [0], slotGroups: [Int32] = []
        for list in perSlotGroups {
            slotGroups += list
            slotGroupOffsets.append(Int32(slotGroups.count))
        }

        return SolverModel(problem: problem, kinds: kinds, minutesPerKm: Float(minutesPerKm), slotRefs: slotRefs, slotTask: slotTask,
                           facts: facts, emptyCost: emptyCost, pinnedPerson: pinned, currentPerson: currentPerson, priority: priority,
                           candidateOffsets: candidateOffsets, candidatePersons: candidatePersons, candidateCosts: candidateCosts,
                           personSlotOffsets: personSlotOffsets, personSlots: personSlots, personRules: personRules,
                           groups: groups, slotGroupOffsets: slotGroupOffsets, slotGroups: slotGroups, warnings: warnings,
                           slotRules: extensions.slotRules, ruleWords: extensions.words)
    }
}

/// What plugin constraints may look at while a model is compiled.
public struct SolverModelContext: Sendable {
    public let problem: Problem
    public let kinds: [String]
    public let kindIndex: [String: Int32]
    public let slotRefs: [SeatRef]
    public let slotTask: [Int32]
    public let facts: [SlotFacts]
    public let personIndex: [String: Int32]
    /// Each person's candidate slots.
    public let candidateSlots: [[Int32]]
    public let minutesPerKm: Float
    /// Each person's average week over the four before the horizon (`Problem.pastWeeklyMinutes`).
    public let pastWeeklyMinutes: [String: Int64]

    /// The number of `kind` when `person` could take at least `atLeast` of its seats, else nil. A person-scope rule
    /// about a kind the person can never take, or never take enough of to break it, is better left out: every
    /// rule runs on every change to the person's timeline.
    public func kind(_ kind: String, reachableBy person: Person, atLeast: Int = 1) -> Int32? {
        guard let k = kindIndex[kind], let p = personIndex[person.id] else { return nil }
        var count = 0
        for s in candidateSlots[Int(p)] where facts[Int(s)].kind == k {
            count += 1
            if count >= atLeast { return k }
        }
        return nil
    }

    /// The task of slot `s`.
    public func task(ofSlot s: Int) -> ServiceTask { problem.tasks[Int(slotTask[s])] }

    /// The date of slot `s`.
    public func date(ofSlot s: Int) -> LocalDate { problem.horizon.start.adding(days: Int(facts[s].day)) }

    /// Slots grouped by a key of their task (nil leaves the task out), keys in first-seen order.
    public func slotsByKey(_ key: (ServiceTask) -> String?) -> [(key: String, slots: [Int32])] {
        var bySlot: [String: [Int32]] = [:]
        var order: [String] = []
        for s in 0..<slotRefs.count {
            guard let k = key(problem.tasks[Int(slotTask[s])]) else { continue }
            if bySlot[k] == nil { order.append(k) }
            bySlot[k, default: []].append(Int32(s))
        }
        return order.map { ($0, bySlot[$0]!) }
    }
}
