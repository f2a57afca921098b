import Scheduling

/// A quick "no" before the full eligibility check: bit sets of the credential kinds, skills, languages and weekdays
/// each person has at all. Every "no" it gives, `Eligibility.explain` would give too (a seat needing a credential
/// kind the person holds none of, a skill they lack, none of its languages, a weekday outside all their
/// availability), so the candidates are the same; it only spares the full check, most of a city's pairs.
struct EligibilitySieve {
    /// What a seat requirement of a task asks, as bits; a need with no bit (past the 64th name) is left to the full check.
    struct Need {
        var credentials: UInt64 = 0
        var skills: UInt64 = 0
        /// Any one of these; 0 when the seat has no language need or one of its languages has no bit.
        var languages: UInt64 = 0
        var weekday: UInt8 = 0
    }

    private var credentialBit: [String: UInt64] = [:], skillBit: [String: UInt64] = [:], languageBit: [String: UInt64] = [:]
    private var credentials: [UInt64] = [], skills: [UInt64] = [], languages: [UInt64] = []
    /// Bit d set when the person has availability on ISO weekday d; every bit when they give none (always available).
    private var weekdays: [UInt8] = []

    init(tasks: [ServiceTask], people: [Person]) {
        func number(_ name: String, in table: inout [String: UInt64]) {
            if table[name] == nil && table.count < 64 { table[name] = 1 << UInt64(table.count) }
        }
        for task in tasks {
            for seat in task.seats {
                for need in seat.credentials { number(need.kind, in: &credentialBit) }
                for skill in seat.skills { number(skill, in: &skillBit) }
                for language in seat.languages { number(language, in: &languageBit) }
            }
        }
        func bits(_ names: some Sequence<String>, _ table: [String: UInt64]) -> UInt64 { names.reduce(0) { $0 | (table[$1] ?? 0) } }
        credentials = people.map { bits($0.credentials.lazy.map(\.kind), credentialBit) }
        skills = people.map { bits($0.skills, skillBit) }
        languages = people.map { bits($0.languages, languageBit) }
        weekdays = people.map { person in
            person.availability.isEmpty ? 0xFF : person.availability.reduce(0) { mask, window in window.days.reduce(mask) { $0 | UInt8(truncatingIfNeeded: 1 << $1) } }
        }
    }

    func need(_ seat: SeatRequirement, of task: ServiceTask) -> Need {
        var need = Need(weekday: UInt8(1 << task.start.date.weekday))
        for c in seat.credentials { need.credentials |= credentialBit[c.kind] ?? 0 }
        for s in seat.skills { need.skills |= skillBit[s] ?? 0 }
        if seat.languages.allSatisfy({ languageBit[$0] != nil }) {
            need.languages = seat.languages.reduce(0) { $0 | languageBit[$1]! }
        }
        return need
    }

    /// False when person p certainly may not take a seat with this need.
    @inline(__always) func mayFit(_ p: Int, _ need: Need) -> Bool {
        credentials[p] & need.credentials == need.credentials && skills[p] & need.skills == need.skills
            && (need.languages == 0 || languages[p] & need.languages != 0) && weekdays[p] & need.weekday != 0
    }
}
