/// What the person-scope constraints need to know about one seat, packed for the inner loop.
public struct SlotFacts: Sendable, Equatable {
    /// Minutes from the start of the horizon's first day.
    public var start: Int32
    public var end: Int32
    /// Horizon day of the start (0-based), horizon week (day / 7), weekend number or -1 on a weekday.
    public var day: Int32
    public var week: Int32
    public var weekend: Int32
    /// Task kind number (index into the model's kind names).
    public var kind: Int32
    /// Site position in km on a local plane, for travel times.
    public var x: Float
    public var y: Float

    public init(start: Int32, end: Int32, day: Int32, week: Int32, weekend: Int32, kind: Int32, x: Float = 0, y: Float = 0) {
        self.start = start
        self.end = end
        self.day = day
        self.week = week
        self.weekend = weekend
        self.kind = kind
        self.x = x
        self.y = y
    }

    @inline(__always) public var minutes: Int32 { end &- start }

    /// True when `later` cannot be reached from here in time: it starts before this ends plus the travel time.
    /// Compares squares, so the usual case (a free hour or a day in between) needs no square root.
    @inline(__always) public func blocks(_ later: SlotFacts, minutesPerKm: Float) -> Bool {
        let gap = later.start &- end
        if gap < 0 { return true }
        let dx = x - later.x, dy = y - later.y
        let reach = (dx * dx + dy * dy) * minutesPerKm * minutesPerKm
        return Float(gap) * Float(gap) < reach
    }

    /// Travel minutes between two sites at `minutesPerKm`.
    @inline(__always) public func travelMinutes(to other: SlotFacts, minutesPerKm: Float) -> Int32 {
        let dx = x - other.x, dy = y - other.y
        if dx == 0 && dy == 0 { return 0 }
        return Int32(((dx * dx + dy * dy).squareRoot() * minutesPerKm).rounded(.up))
    }
}
