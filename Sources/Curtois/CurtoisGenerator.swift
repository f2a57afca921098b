import Scheduling

/// Seeded instances in the Curtois & Qu format, of any size, for tuning the solver beyond the benchmark's own files.
///
/// Their shape follows the benchmark's: shift types in time-of-day groups (early, day, late, night) where a later
/// group may not be followed by an earlier one the next day; staff on full-time (36 h a week) or part-time
/// contracts with 4–6 consecutive shifts at most, 1–3 at least, 1–3 days off in a row and a cap on weekends; staff
/// who may work only some types, a few with a count limit; about one fixed day off a staff member every 12 days;
/// shift-on requests on about 17% and shift-off requests on about 8% of staff-days, weighted 1–3; cover for every
/// day and type, 100 a missing person and 1 an extra one.
///
/// Every instance is feasible: each staff member's roster is planted first, within their rules, and their limits,
/// days off and the cover are drawn around it. The planted roster is returned too (so a checker can prove it), and
/// it is a start, not a target: the cover is drawn a little off it, and requests partly against it.
public enum CurtoisGenerator {
    public struct Generated: Sendable {
        public var instance: CurtoisInstance
        /// Staff id → the shift worked each day (nil for a day off): hard-feasible by construction.
        public var planted: [String: [String?]]
    }

    public static func instance(days: Int, staff count: Int, shiftTypes: Int, seed: UInt64) -> Generated {
        precondition(days > 0 && days % 7 == 0 && count > 0 && shiftTypes > 0)
        var random = RandomSource(seed: seed)
        let shifts = shiftTypesInGroups(shiftTypes, random: &random)
        var staff: [CurtoisInstance.Staff] = []
        var planted: [String: [String?]] = [:]
        var daysOff: [String: Set<Int>] = [:]
        var onRequests: [CurtoisInstance.Request] = [], offRequests: [CurtoisInstance.Request] = []
        for index in 0..<count {
            let id = staffID(index)
            var member = StaffPlan(id: id, days: days, shifts: shifts, random: &random)
            let roster = member.plant(random: &random)
            staff.append(member.rules)
            planted[id] = roster.map { $0.map { shifts[$0].shift.id } }
            let off = (0..<days).filter { roster[$0] == nil }
            daysOff[id] = Set(pick(max(1, days / 12), from: off, random: &random))
            for day in 0..<days {
                if random.chance(17, in: 100) {
                    // Mostly what the planted roster does, sometimes not: requests that cannot all be met.
                    let shift = roster[day].flatMap { random.chance(7, in: 10) ? $0 : nil } ?? member.eligible[random.below(member.eligible.count)]
                    onRequests.append(.init(staff: id, day: day, shift: shifts[shift].shift.id, weight: 1 + random.below(3)))
                } else if random.chance(8, in: 83) {
                    let shift = member.eligible[random.below(member.eligible.count)]
                    offRequests.append(.init(staff: id, day: day, shift: shifts[shift].shift.id, weight: 1 + random.below(3)))
                }
            }
        }
        var cover: [CurtoisInstance.Cover] = []
        for day in 0..<days {
            for shift in shifts {
                let worked = planted.values.reduce(0) { $0 + ($1[day] == shift.shift.id ? 1 : 0) }
                let drift = [-1, 0, 0, 0, 1, 1, 2][random.below(7)]
                cover.append(.init(day: day, shift: shift.shift.id, requirement: max(0, worked + drift), underWeight: 100, overWeight: 1))
            }
        }
        let instance = CurtoisInstance(horizon: days, shifts: shifts.map(\.shift), staff: staff, daysOff: daysOff,
                                       onRequests: onRequests, offRequests: offRequests, cover: cover)
        return Generated(instance: instance, planted: planted)
    }

    struct GroupedShift {
        var shift: CurtoisInstance.Shift
        /// 0 early, 1 day, 2 late, 3 night: a shift may not be followed by one of an earlier group.
        var group: Int
    }

    static func shiftTypesInGroups(_ count: Int, random: inout RandomSource) -> [GroupedShift] {
        let groups = min(4, count)
        let letters = ["a", "d", "p", "n"]
        // Types spread over the groups, the night group taking the fewest.
        var perGroup = [Int](repeating: count / groups, count: groups)
        for g in 0..<(count % groups) { perGroup[g] += 1 }
        let nightLong = random.chance(1, in: 2)
        var out: [GroupedShift] = []
        for g in 0..<groups {
            for k in 1...perGroup[g] {
                let minutes = g == 3 && nightLong ? 600 : 480
                let earlier = out.filter { $0.group < g }.map(\.shift.id)
                out.append(GroupedShift(shift: .init(id: "\(letters[g])\(k)", minutes: minutes, cannotFollow: earlier), group: g))
            }
        }
        return out
    }

    /// A, B, …, Z, AA, AB, …
    static func staffID(_ index: Int) -> String {
        var n = index, id = ""
        repeat {
            id = String(UnicodeScalar(UInt8(65 + n % 26))) + id
            n = n / 26 - 1
        } while n >= 0
        return id
    }

    static func pick(_ count: Int, from items: [Int], random: inout RandomSource) -> [Int] {
        var pool = items
        var chosen: [Int] = []
        while chosen.count < count, !pool.isEmpty { chosen.append(pool.removeSwapping(at: random.below(pool.count))) }
        return chosen
    }
}

private extension Array {
    /// Removes a random element in O(1) (order is not kept) and returns it.
    mutating func removeSwapping(at index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}
