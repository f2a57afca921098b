import Dispatch
import Scheduling

/// Who may take the seats of each requirement and at what slot-scope cost, before pins, the current schedule and
/// held seats are taken into account: the seats of one requirement share the answer, so it is found once per
/// requirement. Found over chunks of tasks in parallel; each chunk numbers its costs into a palette of its own.
struct RequirementCandidates {
    struct Chunk {
        var persons: [Int32] = []
        /// Numbers into `palette`, one per entry of `persons`.
        var numbers: [UInt32] = []
        var palette: [Score] = []
        /// Per requirement of the chunk's tasks, in order: where its entries end.
        var ends: [Int] = []
    }

    let chunks: [Chunk]
    /// The chunk of each task, and the number of the task's first requirement within its chunk.
    let chunkOfTask: [Int32]
    let firstRequirement: [Int32]

    /// The persons and palette numbers of requirement `r` of task `t`.
    func entries(task t: Int, requirement r: Int) -> (chunk: Int, range: Range<Int>) {
        let c = Int(chunkOfTask[t]), k = Int(firstRequirement[t]) + r
        let chunk = chunks[c]
        return (c, (k == 0 ? 0 : chunk.ends[k - 1])..<chunk.ends[k])
    }

    init(problem: Problem, fit: SeatFit, slotRules: [any SlotRule]) {
        let tasks = problem.tasks
        // More chunks than cores, so that a chunk of heavy tasks does not leave a core idle at the end.
        let chunkCount = max(1, min(tasks.count, 32))
        let bounds = (0...chunkCount).map { $0 * tasks.count / chunkCount }
        let job = ChunkJob(problem: problem, fit: fit, slotRules: slotRules, bounds: bounds)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { job.run(chunk: $0) }
        chunks = job.finish()

        var chunkOfTask = [Int32](repeating: 0, count: tasks.count), firstRequirement = [Int32](repeating: 0, count: tasks.count)
        for c in 0..<chunkCount {
            var k: Int32 = 0
            for t in bounds[c]..<bounds[c + 1] {
                chunkOfTask[t] = Int32(c)
                firstRequirement[t] = k
                k += Int32(tasks[t].seats.count)
            }
        }
        self.chunkOfTask = chunkOfTask
        self.firstRequirement = firstRequirement
    }
}

/// One build's search for candidates, chunk by chunk on Dispatch's threads.
private final class ChunkJob: @unchecked Sendable {
    // Sharing is safe: every field but `results` is only read. `results[c]` is written by the iteration for
    // chunk c alone, and read (in `finish`) after `concurrentPerform` has returned, which orders the writes first.
    let tasks: [ServiceTask]
    let fit: SeatFit
    let slotRules: [any SlotRule]
    let bounds: [Int]
    let sieve: EligibilitySieve
    let homes: [GeoPoint.Prepared?]
    /// Each client's past workers, as person numbers in ascending order.
    let pastWorkers: [String: [Int32]]
    // Borrowing through buffers keeps the hot loop from copying each Person (and retaining its arrays).
    let people: UnsafeMutableBufferPointer<Person>
    let labour: UnsafeMutableBufferPointer<LabourRules?>
    let results: UnsafeMutableBufferPointer<RequirementCandidates.Chunk>

    init(problem: Problem, fit: SeatFit, slotRules: [any SlotRule], bounds: [Int]) {
        let people = problem.people
        tasks = problem.tasks
        self.fit = fit
        self.slotRules = slotRules
        self.bounds = bounds
        sieve = EligibilitySieve(tasks: problem.tasks, people: people)
        homes = people.map { $0.home?.prepared }
        let number = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.id, Int32($0)) })
        pastWorkers = problem.pastWorkersByClient.mapValues { $0.compactMap { number[$0] }.sorted() }
        self.people = .allocate(capacity: people.count)
        _ = self.people.initialize(from: people)
        labour = .allocate(capacity: people.count)
        _ = labour.initialize(from: people.map { problem.rules.labourRules(forGroup: $0.labourGroup) })
        results = .allocate(capacity: bounds.count - 1)
        results.initialize(repeating: RequirementCandidates.Chunk())
    }

    deinit {
        people.deinitialize().deallocate()
        labour.deinitialize().deallocate()
        results.deinitialize().deallocate()
    }

    func finish() -> [RequirementCandidates.Chunk] {
        let out = Array(results)
        for c in results.indices { results[c] = RequirementCandidates.Chunk() }
        return out
    }

    /// One chunk, in tiles of people: each tile's data stays in cache while the chunk's requirements pass over it
    /// (reading a person's arrays from memory once per requirement was most of the time on a city's week).
    func run(chunk c: Int) {
        struct Requirement {
            let task: Int
            let seat: SeatRequirement
            let site: GeoPoint.Prepared
            let need: EligibilitySieve.Need
            let rules: [any SlotRule]
            /// The client's past workers among the people (nil when the client has no history: nobody is a new face;
            /// empty when none of them is among the people: everyone is).
            let past: [Int32]?
        }
        var requirements: [Requirement] = []
        for t in bounds[c]..<bounds[c + 1] {
            let task = tasks[t]
            let applicable = slotRules.filter { $0.applies(to: task) }
            for seat in task.seats {
                requirements.append(Requirement(task: t, seat: seat, site: task.site.point.prepared, need: sieve.need(seat, of: task), rules: applicable,
                                                past: task.client.flatMap { pastWorkers[$0] }))
            }
        }
        var persons = [[Int32]](repeating: [], count: requirements.count), numbers = [[UInt32]](repeating: [], count: requirements.count)
        var chunk = RequirementCandidates.Chunk()
        var palette = PaletteIndex()
        for tile in stride(from: 0, to: people.count, by: Self.tile) {
            let tileEnd = min(tile + Self.tile, people.count)
            for (k, requirement) in requirements.enumerated() {
                let task = tasks[requirement.task], seat = requirement.seat, need = requirement.need, rules = requirement.rules
                for pi in tile..<tileEnd where sieve.mayFit(pi, need) {
                    let person = people.baseAddress! + pi
                    guard fit.eligibility.explainBeforeDistance(at: person, labour: labour.baseAddress! + pi, task: task, seat: seat) == nil
                    else { continue }
                    let metres = homes[pi].map { GeoPoint.distance($0, requirement.site) }
                    guard !fit.eligibility.isTooFar(metres), rules.isEmpty || !Self.excluded(&person.pointee, by: rules, task: task, seat: seat)
                    else { continue }
                    var cost = fit.costs.cost(at: person, personIndex: Int32(pi), task: task, seat: seat, currentPerson: -1,
                                              newFace: requirement.past.map { !Self.contains($0, Int32(pi)) } ?? false, homeMetres: metres)
                    if !rules.isEmpty { cost += Self.ruleCosts(&person.pointee, of: rules, task: task, seat: seat) }
                    persons[k].append(Int32(pi))
                    numbers[k].append(palette.number(of: cost, in: &chunk.palette))
                }
            }
        }
        // Into one run each, letting go of each requirement's lists as they are copied (a city's week holds some
        // 17 million entries here).
        let total = persons.reduce(0) { $0 + $1.count }
        chunk.persons.reserveCapacity(total)
        chunk.numbers.reserveCapacity(total)
        for k in requirements.indices {
            chunk.persons += persons[k]
            chunk.numbers += numbers[k]
            persons[k] = []
            numbers[k] = []
            chunk.ends.append(chunk.persons.count)
        }
        results[c] = chunk
    }

    // The person is passed in place: a slot rule takes a Person, and reading one from the buffer for each call
    // copied it, retaining every array it holds, for every pair. `inout` is only the way to pass the address; the
    // person is never written, so chunks on other threads reading the same person do not race.
    private static func excluded(_ person: inout Person, by rules: [any SlotRule], task: ServiceTask, seat: SeatRequirement) -> Bool {
        for i in rules.indices where rules[i].exclusion(of: person, task: task, seat: seat) != nil { return true }
        return false
    }

    private static func ruleCosts(_ person: inout Person, of rules: [any SlotRule], task: ServiceTask, seat: SeatRequirement) -> Score {
        var cost = Score.zero
        for i in rules.indices {
            let magnitude = rules[i].cost(of: person, task: task, seat: seat)
            if magnitude != 0 { cost += rules[i].weighting.score(magnitude) }
        }
        return cost
    }

    /// Whether the ascending `list` holds `value`.
    static func contains(_ list: [Int32], _ value: Int32) -> Bool {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] == value { return true }
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    /// People per tile: some tens of kilobytes of their data, which stays in the core's cache.
    static let tile = 64
}

/// Numbers the distinct costs of a chunk as they come: open addressing on the score's three levels, since the
/// standard dictionary's hashing was a tenth of the build on a city's week.
private struct PaletteIndex {
    private var keys: [Score] = []
    private var numbers: [UInt32] = []
    private var used = 0

    init() {
        keys = [Score](repeating: .zero, count: 256)
        numbers = [UInt32](repeating: .max, count: 256)
    }

    mutating func number(of cost: Score, in palette: inout [Score]) -> UInt32 {
        if 2 * (used + 1) > keys.count { grow() }
        var h = Self.hash(cost) & (keys.count - 1)
        while numbers[h] != .max {
            if keys[h] == cost { return numbers[h] }
            h = (h + 1) & (keys.count - 1)
        }
        let n = UInt32(palette.count)
        palette.append(cost)
        keys[h] = cost
        numbers[h] = n
        used += 1
        return n
    }

    private static func hash(_ s: Score) -> Int {
        var x = UInt64(bitPattern: s.soft) &* 0x9E37_79B9_7F4A_7C15
        x ^= UInt64(bitPattern: s.medium) &* 0xC2B2_AE3D_27D4_EB4F
        x ^= UInt64(bitPattern: s.hard) &* 0x1656_67B1_9E37_79F9
        return Int(truncatingIfNeeded: x >> 32)
    }

    private mutating func grow() {
        let old = zip(keys, numbers).filter { $0.1 != .max }
        keys = [Score](repeating: .zero, count: keys.count * 2)
        numbers = [UInt32](repeating: .max, count: numbers.count * 2)
        for (key, n) in old {
            var h = Self.hash(key) & (keys.count - 1)
            while numbers[h] != .max { h = (h + 1) & (keys.count - 1) }
            keys[h] = key
            numbers[h] = n
        }
    }
}
