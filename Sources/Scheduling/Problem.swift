/// The days the schedule covers: `days` days from `start`.
public struct Horizon: Hashable, Codable, Sendable {
    public var start: LocalDate
    public var days: Int

    public init(start: LocalDate, days: Int) {
        self.start = start
        self.days = days
    }

    public var end: LocalDate { start.adding(days: days) }

    /// The horizon day (0-based) of a date-time, possibly outside 0..<days.
    public func dayIndex(of time: LocalDateTime) -> Int { time.date.dayNumber - start.dayNumber }
}

/// One seat of one task, named by the task id and the seat's 0-based number within the task.
public struct SeatRef: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var task: String
    public var seat: Int

    public init(task: String, seat: Int) {
        self.task = task
        self.seat = seat
    }

    public var description: String { "\(task)#\(seat)" }

    public static func < (a: SeatRef, b: SeatRef) -> Bool { (a.task, a.seat) < (b.task, b.seat) }
}

/// A person in a seat.
public struct Assignment: Hashable, Codable, Sendable {
    public var task: String
    public var seat: Int
    public var person: String

    public init(task: String, seat: Int, person: String) {
        self.task = task
        self.seat = seat
        self.person = person
    }

    public var seatRef: SeatRef { SeatRef(task: task, seat: seat) }
}

/// Work a person did before the horizon: feeds continuity of care.
public struct PastAssignment: Hashable, Codable, Sendable {
    public var person: String
    public var kind: String?
    public var client: String?
    public var start: LocalDateTime?
    public var end: LocalDateTime?

    public init(person: String, kind: String? = nil, client: String? = nil, start: LocalDateTime? = nil, end: LocalDateTime? = nil) {
        self.person = person
        self.kind = kind
        self.client = client
        self.start = start
        self.end = end
    }
}

/// A seat another org unit's schedule staffs, seen from a problem that must leave it be: the seat is fixed, never
/// offered by this problem, and its person (when among the problem's people) is busy then and carries its load.
/// A seat of a task outside the problem comes with a copy of that task in `Problem.tasks`, so the person's
/// timeline is whole.
public struct HeldSeat: Hashable, Codable, Sendable {
    public var seat: SeatRef
    /// Nil when the seat is held open (the other unit's schedule has nobody there yet).
    public var person: String?
    /// The unit whose schedule holds it.
    public var unit: String

    public init(seat: SeatRef, person: String?, unit: String) {
        self.seat = seat
        self.person = person
        self.unit = unit
    }
}

/// One week (or any horizon) of one organisation: everything the solver needs, as plain values.
public struct Problem: Hashable, Codable, Sendable {
    public var name: String?
    public var horizon: Horizon
    public var people: [Person]
    public var tasks: [ServiceTask]
    public var history: [PastAssignment]
    /// The schedule in force, for re-planning: changing any of it costs `disruption`.
    public var currentSchedule: [Assignment]
    /// Assignments that must stay as they are (accepted offers, coordinator's choices).
    public var pins: [Assignment]
    public var rules: Rules
    /// Where planning starts: a task that starts before this moment (it has started, or starts too soon to offer)
    /// is frozen. Its seats keep their pinned person or stay empty; nobody else is put there. Nil plans everything.
    public var frozenBefore: LocalDateTime?
    /// Seats other units' schedules staff (one timeline per person across units).
    public var heldSeats: [HeldSeat]
    /// Tasks another unit plans, in `tasks` only for the seats this problem's people hold there: every seat of them
    /// is held (by whom, `heldSeats` says), however many seats a plugin's preparation gives them.
    public var heldTasks: Set<String>

    public init(name: String? = nil, horizon: Horizon, people: [Person], tasks: [ServiceTask], history: [PastAssignment] = [],
                currentSchedule: [Assignment] = [], pins: [Assignment] = [], rules: Rules = Rules(), frozenBefore: LocalDateTime? = nil,
                heldSeats: [HeldSeat] = [], heldTasks: Set<String> = []) {
        self.name = name
        self.horizon = horizon
        self.people = people
        self.tasks = tasks
        self.history = history
        self.currentSchedule = currentSchedule
        self.pins = pins
        self.rules = rules
        self.frozenBefore = frozenBefore
        self.heldSeats = heldSeats
        self.heldTasks = heldTasks
    }

    /// True when `task` is frozen: it starts before `frozenBefore`.
    public func isFrozen(_ task: ServiceTask) -> Bool { frozenBefore.map { task.start < $0 } ?? false }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        horizon = try c.decode(Horizon.self, forKey: .horizon)
        people = try c.decode([Person].self, forKey: .people)
        tasks = try c.decode([ServiceTask].self, forKey: .tasks)
        history = try c.decodeIfPresent([PastAssignment].self, forKey: .history) ?? []
        currentSchedule = try c.decodeIfPresent([Assignment].self, forKey: .currentSchedule) ?? []
        pins = try c.decodeIfPresent([Assignment].self, forKey: .pins) ?? []
        rules = try c.decodeIfPresent(Rules.self, forKey: .rules) ?? Rules()
        frozenBefore = try c.decodeIfPresent(LocalDateTime.self, forKey: .frozenBefore)
        heldSeats = try c.decodeIfPresent([HeldSeat].self, forKey: .heldSeats) ?? []
        heldTasks = try c.decodeIfPresent(Set<String>.self, forKey: .heldTasks) ?? []
    }
}

extension Problem {
    /// Each person's average minutes a week over the four weeks before the horizon, from `history` (entries with
    /// their times): what fairness weighs this week's load against.
    public var pastWeeklyMinutes: [String: Int64] {
        let from = horizon.start.adding(days: -28).dayNumber * 1440, to = horizon.start.dayNumber * 1440
        var out: [String: Int64] = [:]
        for h in history {
            guard let start = h.start, let end = h.end, start.minutes >= from, start.minutes < to, end > start else { continue }
            out[h.person, default: 0] += Int64(end.minutes - start.minutes)
        }
        return out.mapValues { $0 / 4 }
    }

    /// For each client, the people who served them before the horizon (continuity of care).
    public var pastWorkersByClient: [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for h in history { if let c = h.client { out[c, default: []].insert(h.person) } }
        return out
    }
}
