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
        let prefs = person.preferences
        var wish: Int64 = 0
        if prefs.preferredKinds.contains(task.kind) { wish -= 1 }
        if prefs.dislikedKinds.contains(task.kind) { wish += 1 }
        if prefs.avoidedTimes.contains(where: { $0.overlaps(from: task.start, to: task.end) }) { wish += 1 }
        if !prefs.preferredTimes.isEmpty && !prefs.preferredTimes.contains(where: { $0.contains(from: task.start, to: task.end) }) { wish += 1 }
        if wish != 0 { out.append((.preference, wish)) }
        if let home = person.home {
            let minutes = Int64((home.distance(to: task.site.point) / 1000 * minutesPerKm).rounded())
            if minutes > 0 { out.append((.homeDistance, minutes)) }
        }
        if let past = pastWorkers, !past.isEmpty, !past.contains(person.id) { out.append((.familiarFace, 1)) }
        if currentPerson >= 0 && currentPerson != personIndex { out.append((.disruption, 1)) }
        if seat.optional && seat.fillCost > 0 { out.append((.optionalSeat, Int64(seat.fillCost))) }
        return out
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
