import Scheduling

/// The model's per-seat arrays and its candidate table, assembled from the requirements' candidates: a seat takes
/// its requirement's list as it is, unless it is held by another unit, frozen, or pinned to someone outside the list.
struct SlotAssembly {
    var slotRefs: [SeatRef] = [], slotTask: [Int32] = [], facts: [SlotFacts] = [], emptyCost: [Score] = []
    var pinned: [Int32] = [], currentPerson: [Int32] = [], priority: [Int32] = []
    var candidateOffsets: [Int32] = [0]
    private(set) var candidatePersons = FrozenColumn<Int32>([])
    private(set) var candidateCosts = CostColumn([])

    /// Where a seat's candidates come from: its requirement's list (`task`, `requirement`), or a list of its own.
    private enum Source {
        case shared(task: Int32, requirement: Int32)
        case own(Int32)
    }

    private var sources: [Source] = []
    private var ownPersons: [[Int32]] = [], ownNumbers: [[UInt32]] = []
    private var palette: [Score] = [], paletteIndex: [Score: UInt32] = [:]

    init(problem: Problem, candidates: RequirementCandidates, fit: SeatFit, kindIndex: [String: Int32], personIndex: [String: Int32]) {
        let horizon = problem.horizon, rules = problem.rules
        let firstMinute = horizon.start.dayNumber * 1440
        let sites = problem.tasks.map(\.site.point)
        let origin = sites.isEmpty ? GeoPoint(lat: 0, lon: 0)
            : GeoPoint(lat: sites.map(\.lat).reduce(0, +) / Double(sites.count), lon: sites.map(\.lon).reduce(0, +) / Double(sites.count))
        let pins = Dictionary(problem.pins.map { ($0.seatRef, personIndex[$0.person]!) }, uniquingKeysWith: { a, _ in a })
        let current = Dictionary(problem.currentSchedule.map { ($0.seatRef, personIndex[$0.person]!) }, uniquingKeysWith: { a, _ in a })
        let pastWorkers = problem.pastWorkersByClient
        // Another unit's seats: the holder when among our people, else -1 (held, but by nobody of ours).
        let held = Dictionary(problem.heldSeats.map { ($0.seat, $0.person.flatMap { personIndex[$0] } ?? -1) },
                              uniquingKeysWith: { a, _ in a })
        let unfilled = Weighting(.unfilledSeat, rules: rules)
        let outsider = Weighting(.eligibility, rules: rules).score(1)
        let disruption = fit.costs.disruption.score(1)
        let translate = candidates.chunks.map { $0.palette.map { number($0) } }
        var disrupts = false

        for (ti, task) in problem.tasks.enumerated() {
            let start = task.start.minutes - firstMinute, day = start / 1440
            let date = horizon.start.adding(days: day)
            let weekend = date.isWeekend ? Int32(date.dayNumber - (date.weekday - 6) - horizon.start.dayNumber + 7) : -1
            let xy = task.site.point.planarKm(from: origin)
            let fact = SlotFacts(start: Int32(start), end: Int32(task.end.minutes - firstMinute), day: Int32(day), week: Int32(day / 7),
                                 weekend: weekend, kind: kindIndex[task.kind]!, x: Float(xy.x), y: Float(xy.y))
            let frozen = problem.isFrozen(task), past = task.client.flatMap { pastWorkers[$0] }
            var seatNumber = 0
            for (ri, requirement) in task.seats.enumerated() {
                let (chunk, range) = candidates.entries(task: ti, requirement: ri)
                let listed = candidates.chunks[chunk].persons[range]
                /// The cost of `p` in this seat, listed or not (a pin may name someone the rules keep out).
                func cost(of p: Int32) -> Score {
                    if let k = listed.firstIndex(of: p) { return palette[Int(translate[chunk][Int(candidates.chunks[chunk].numbers[k])])] }
                    var cost = outsider
                    for (_, weighting, magnitude) in fit.weightedCosts(person: problem.people[Int(p)], personIndex: p, task: task,
                                                                      seat: requirement, currentPerson: -1, pastWorkers: past) {
                        cost += weighting.score(magnitude)
                    }
                    return cost
                }
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
                        own(holder >= 0 ? [holder] : [], holder >= 0 ? [.zero] : [], current: -1, disruption: disruption)
                        continue
                    }
                    let cur = current[ref] ?? -1
                    currentPerson.append(cur)
                    var empty = requirement.optional ? Score.zero : unfilled.score(Int64(task.priority.value))
                    if cur >= 0 { empty += disruption }
                    emptyCost.append(empty)
                    let pin = pins[ref] ?? -1
                    pinned.append(pin)
                    if frozen {
                        // A frozen seat keeps its pinned person or nobody.
                        own(pin >= 0 ? [pin] : [], pin >= 0 ? [cost(of: pin)] : [], current: cur, disruption: disruption)
                    } else if pin >= 0 && !listed.contains(pin) {
                        var persons = Array(listed)
                        let at = persons.firstIndex { $0 > pin } ?? persons.count
                        persons.insert(pin, at: at)
                        own(persons, persons.map(cost(of:)), current: cur, disruption: disruption)
                    } else {
                        sources.append(.shared(task: Int32(ti), requirement: Int32(ri)))
                        candidateOffsets.append(candidateOffsets.last! + Int32(range.count))
                        if cur >= 0 { disrupts = true }
                    }
                }
            }
        }
        // A seat with a current holder charges everyone else the disruption: number those costs too.
        let numbered = palette.count
        let disrupted = disrupts ? (0..<numbered).map { number(palette[$0] + disruption) } : []
        fill(candidates: candidates, translate: translate, disrupted: disrupted)
    }

    private mutating func number(_ cost: Score) -> UInt32 {
        if let known = paletteIndex[cost] { return known }
        let n = UInt32(palette.count)
        paletteIndex[cost] = n
        palette.append(cost)
        return n
    }

    /// A seat with a list of its own; everyone but its current holder is charged the disruption.
    private mutating func own(_ persons: [Int32], _ costs: [Score], current: Int32, disruption: Score) {
        sources.append(.own(Int32(ownPersons.count)))
        ownPersons.append(persons)
        ownNumbers.append(zip(persons, costs).map { p, cost in number(current >= 0 && current != p ? cost + disruption : cost) })
        candidateOffsets.append(candidateOffsets.last! + Int32(persons.count))
    }

    private mutating func fill(candidates: RequirementCandidates, translate: [[UInt32]], disrupted: [UInt32]) {
        let total = Int(candidateOffsets.last!)
        let sources = self.sources, ownPersons = self.ownPersons, ownNumbers = self.ownNumbers, current = currentPerson
        candidatePersons = FrozenColumn(count: total) { out in
            for (s, source) in sources.enumerated() {
                let at = out + Int(candidateOffsets[s])
                switch source {
                case let .shared(task, requirement):
                    let (chunk, range) = candidates.entries(task: Int(task), requirement: Int(requirement))
                    candidates.chunks[chunk].persons.withUnsafeBufferPointer { at.initialize(from: $0.baseAddress! + range.lowerBound, count: range.count) }
                case let .own(k):
                    ownPersons[Int(k)].withUnsafeBufferPointer { if let b = $0.baseAddress { at.initialize(from: b, count: $0.count) } }
                }
            }
        }
        let persons = candidatePersons, offsets = candidateOffsets
        func numbers<N: FixedWidthInteger>(into out: UnsafeMutablePointer<N>) {
            for (s, source) in sources.enumerated() {
                let at = Int(offsets[s])
                switch source {
                case let .shared(task, requirement):
                    let (chunk, range) = candidates.entries(task: Int(task), requirement: Int(requirement))
                    let local = candidates.chunks[chunk].numbers, map = translate[chunk], cur = current[s]
                    for (k, c) in range.enumerated() {
                        let n = map[Int(local[c])]
                        (out + at + k).initialize(to: N(truncatingIfNeeded: cur >= 0 && persons[at + k] != cur ? disrupted[Int(n)] : n))
                    }
                case let .own(k):
                    for (j, n) in ownNumbers[Int(k)].enumerated() { (out + at + j).initialize(to: N(truncatingIfNeeded: n)) }
                }
            }
        }
        candidateCosts = palette.count <= Int(UInt16.max) + 1
            ? CostColumn(palette: palette, narrow: FrozenColumn(count: total) { numbers(into: $0) })
            : CostColumn(palette: palette, wide: FrozenColumn(count: total) { numbers(into: $0) })
    }
}
