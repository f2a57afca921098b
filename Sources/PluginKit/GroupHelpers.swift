import Scheduling
import Solver

extension SolverModelContext {
    /// For each person (by index), whether `test` holds for them: the lookup table a group constraint keeps.
    public func people(where test: (Person) -> Bool) -> [Bool] { problem.people.map(test) }

    /// For each person, whether they hold a valid `credential` on `date`.
    public func holders(of credential: String, on date: LocalDate) -> [Bool] {
        let need = CredentialRequirement(kind: credential)
        return problem.people.map { need.isMet(by: $0, on: date) }
    }

    /// The seats of each task of the given kinds, by task id.
    public func seatsByTask(kinds: Set<String>) -> [(key: String, slots: [Int32])] {
        slotsByKey { kinds.contains($0.kind) ? $0.id : nil }
    }
}

/// "Whenever anyone sits in the group, one of them must qualify" (a first-aider on every station shift, a swimmer
/// on every patrol). Magnitude: 1 when the seats are not all empty and nobody seated qualifies.
public struct OneQualifiedPresent: GroupConstraint {
    /// qualified[p]: person p counts (a valid certificate on the group's date, a skill).
    public let qualified: [Bool]

    public init(qualified: [Bool]) { self.qualified = qualified }

    public func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        var anyone = false
        for p in people where p >= 0 {
            if qualified[Int(p)] { return 0 }
            anyone = true
        }
        return anyone ? 1 : 0
    }
}

/// "Nobody works alone here" unless they may (a social worker with children): magnitude 1 when exactly one seat of
/// the group is filled and its person may not be alone.
public struct NotAlone: GroupConstraint {
    /// mayBeAlone[p]: person p may cover the task alone.
    public let mayBeAlone: [Bool]

    public init(mayBeAlone: [Bool]) { self.mayBeAlone = mayBeAlone }

    public func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        var only: Int32 = -1
        for p in people where p >= 0 {
            if only >= 0 && only != p { return 0 }
            only = p
        }
        return only >= 0 && !mayBeAlone[Int(only)] ? 1 : 0
    }
}

/// A slot rule that keeps out of a plugin's kinds everyone lacking a credential valid on the task's date.
public struct CredentialGate: SlotRule {
    public let name: String
    public let credential: String
    public let kinds: Set<String>
    public let words: Words

    public init(name: String, credential: String, kinds: Set<String>, words: Words) {
        self.name = name
        self.credential = credential
        self.kinds = kinds
        self.words = words
    }

    public func applies(to task: ServiceTask) -> Bool { kinds.contains(task.kind) }

    public func exclusion(of person: Person, task: ServiceTask, seat: SeatRequirement) -> Words? {
        guard kinds.contains(task.kind) else { return nil }
        return CredentialRequirement(kind: credential).isMet(by: person, on: task.start.date) ? nil : words
    }
}
