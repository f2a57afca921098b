import Scheduling

/// The slot-scope soft costs of putting an eligible person in a seat: preferences, distance from home,
/// a familiar face for the client, disruption of the current schedule, the cost of filling an optional seat.
public struct SlotCosts: Sendable {
    public var preference: Weighting
    public var homeDistance: Weighting
    public var familiarFace: Weighting
    public var disruption: Weighting
    public var optionalSeat: Weighting
    public var minutesPerKm: Double

    public init(rules: Rules) {
        preference = Weighting(.preference, rules: rules)
        homeDistance = Weighting(.homeDistance, rules: rules)
        familiarFace = Weighting(.familiarFace, rules: rules)
        disruption = Weighting(.disruption, rules: rules)
        optionalSeat = Weighting(.optionalSeat, rules: rules)
        minutesPerKm = 60 / rules.travelSpeedKmh
    }

    /// Each cost's constraint and magnitude (before weighting); zero magnitudes are left out.
    public func magnitudes(person: Person, personIndex: Int32, task: ServiceTask, seat: SeatRequirement,
                           currentPerson: Int32, pastWorkers: Set<String>?) -> [(ConstraintID, Int64)] {
        var out: [(ConstraintID, Int64)] = []
        withUnsafePointer(to: person) { p in
            forEachMagnitude(at: p, personIndex: personIndex, task: task, seat: seat, currentPerson: currentPerson,
                             newFace: pastWorkers.map { !$0.isEmpty && !$0.contains(person.id) } ?? false,
                             homeMetres: person.home.map { $0.distance(to: task.site.point) }) { out.append(($0, $1)) }
        }
        return out
    }

    /// The weighted sum of the costs: what the model build stores for every candidate.
    @inline(__always) func cost(at person: UnsafePointer<Person>, personIndex: Int32, task: ServiceTask, seat: SeatRequirement,
                                currentPerson: Int32, newFace: Bool, homeMetres: Double?) -> Score {
        var sum = Score.zero
        forEachMagnitude(at: person, personIndex: personIndex, task: task, seat: seat, currentPerson: currentPerson,
                         newFace: newFace, homeMetres: homeMetres) { sum += weighting(of: $0).score($1) }
        return sum
    }

    /// Calls `body` with each cost's constraint and magnitude, zero magnitudes left out: the one definition of the
    /// costs, which the build sums and explanations list. `newFace`: the client has had workers before and this
    /// person is not one of them. `homeMetres` is the distance from the person's home to the task's site, nil
    /// without a home. Reads the person in place: the build asks it for every eligible pair of a city's week, and a
    /// copy of a person retains all its arrays.
    @inline(__always) func forEachMagnitude(at person: UnsafePointer<Person>, personIndex: Int32, task: ServiceTask,
                                            seat: SeatRequirement, currentPerson: Int32, newFace: Bool,
                                            homeMetres: Double?, _ body: (ConstraintID, Int64) -> Void) {
        var wish: Int64 = 0
        if person.pointee.preferences.preferredKinds.contains(task.kind) { wish -= 1 }
        if person.pointee.preferences.dislikedKinds.contains(task.kind) { wish += 1 }
        if person.pointee.preferences.avoidedTimes.contains(where: { $0.overlaps(from: task.start, to: task.end) }) { wish += 1 }
        if !person.pointee.preferences.preferredTimes.isEmpty
            && !person.pointee.preferences.preferredTimes.contains(where: { $0.contains(from: task.start, to: task.end) }) { wish += 1 }
        if wish != 0 { body(.preference, wish) }
        if let metres = homeMetres {
            let minutes = Int64((metres / 1000 * minutesPerKm).rounded())
            if minutes > 0 { body(.homeDistance, minutes) }
        }
        if newFace { body(.familiarFace, 1) }
        if currentPerson >= 0 && currentPerson != personIndex { body(.disruption, 1) }
        if seat.optional && seat.fillCost > 0 { body(.optionalSeat, Int64(seat.fillCost)) }
    }

    public func weighting(of id: ConstraintID) -> Weighting {
        switch id {
        case .preference: preference
        case .homeDistance: homeDistance
        case .familiarFace: familiarFace
        case .disruption: disruption
        default: optionalSeat
        }
    }
}
