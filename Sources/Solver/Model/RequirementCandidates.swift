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
    let byRole: [Role: [Int32]]
    let everyone: [Int32]
    let pastWorkers: [String: Set<String>]
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
        byRole = Dictionary(grouping: people.indices.map { Int32($0) }, by: { people[Int($0)].role })
        everyone = people.indices.map { Int32($0) }
        pastWorkers = problem.pastWorkersByClient
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

    func run(chunk c: Int) {
        var chunk = RequirementCandidates.Chunk()
        var paletteIndex: [Score: UInt32] = [:]
        for t in bounds[c]..<bounds[c + 1] {
            let task = tasks[t]
            let applicable = slotRules.filter { $0.applies(to: task) }
            let past = task.client.flatMap { pastWorkers[$0] }
            for requirement in task.seats {
                for pi in requirement.role.map({ byRole[$0] ?? [] }) ?? everyone {
                    let person = people.baseAddress! + Int(pi)
                    guard fit.eligibility.explain(at: person, labour: labour.baseAddress! + Int(pi), task: task, seat: requirement) == nil,
                          !applicable.contains(where: { $0.exclusion(of: person.pointee, task: task, seat: requirement) != nil })
                    else { continue }
                    var cost = fit.costs.cost(at: person, personIndex: pi, task: task, seat: requirement, currentPerson: -1, pastWorkers: past)
                    for rule in applicable {
                        let magnitude = rule.cost(of: person.pointee, task: task, seat: requirement)
                        if magnitude != 0 { cost += rule.weighting.score(magnitude) }
                    }
                    let number: UInt32
                    if let known = paletteIndex[cost] { number = known } else {
                        number = UInt32(chunk.palette.count)
                        paletteIndex[cost] = number
                        chunk.palette.append(cost)
                    }
                    chunk.persons.append(pi)
                    chunk.numbers.append(number)
                }
                chunk.ends.append(chunk.persons.count)
            }
        }
        results[c] = chunk
    }
}
