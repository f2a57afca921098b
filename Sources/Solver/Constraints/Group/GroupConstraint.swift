import Scheduling

/// A constraint on the seats that share a key (one task, one client, one site and day). It sees only who sits
/// in those seats: `people[i]` is the person index in the group's i-th seat, or -1 when it is empty.
public protocol GroupConstraint: Sendable {
    func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64
}

/// Continuity of care: a client should meet as few different workers as possible over the horizon.
/// Magnitude: distinct workers beyond `allowance`, the most seats one of the client's tasks has (a class taught by
/// two tutors at a time is served by two familiar faces, not one).
public struct ClientContinuity: GroupConstraint {
    public var allowance: Int64

    public init(allowance: Int = 1) { self.allowance = Int64(max(1, allowance)) }

    public func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        var distinct: Int64 = 0
        for i in 0..<people.count where people[i] >= 0 {
            var seenBefore = false
            for j in 0..<i where people[j] == people[i] {
                seenBefore = true
                break
            }
            if !seenBefore { distinct += 1 }
        }
        return max(0, distinct - allowance)
    }
}

/// A group: its seats, its constraint, and how much it weighs.
public struct GroupSpec: Sendable {
    public var name: String
    /// A readable key (client id, task id) for explanations.
    public var key: String
    public var slots: [Int32]
    public var constraint: any GroupConstraint
    public var weighting: Weighting

    public init(name: String, key: String, slots: [Int32], constraint: any GroupConstraint, weighting: Weighting) {
        self.name = name
        self.key = key
        self.slots = slots
        self.constraint = constraint
        self.weighting = weighting
    }
}
