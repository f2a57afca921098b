/// Each person's candidate slots in start order (ties by slot number), in one array: person p's are
/// `slots[offsets[p]..<offsets[p + 1]]`.
public struct PersonSlots: Sendable {
    public let offsets: [Int32]
    public let slots: [Int32]

    /// Person p's candidate slots.
    public subscript(_ p: Int) -> ArraySlice<Int32> { slots[Int(offsets[p])..<Int(offsets[p + 1])] }

    /// Inverts the seats' candidate lists: a counting sort over the seats taken in start order, so each person's
    /// list comes out in that order without sorting it.
    init(slots assembly: SlotAssembly, personCount: Int) {
        let facts = assembly.facts, offsets = assembly.candidateOffsets, persons = assembly.candidatePersons
        var counts = [Int32](repeating: 0, count: personCount + 1)
        for c in 0..<persons.count { counts[Int(persons.base[c]) + 1] += 1 }
        for p in 0..<personCount { counts[p + 1] += counts[p] }
        self.offsets = counts
        let order = facts.indices.sorted { (facts[$0].start, $0) < (facts[$1].start, $1) }
        var cursor = counts
        self.slots = [Int32](unsafeUninitializedCapacity: persons.count) { out, initialised in
            for s in order {
                for c in Int(offsets[s])..<Int(offsets[s + 1]) {
                    let p = Int(persons.base[c])
                    out[Int(cursor[p])] = Int32(s)
                    cursor[p] += 1
                }
            }
            initialised = persons.count
        }
    }
}
