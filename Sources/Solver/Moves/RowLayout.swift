/// How `PersonRow` numbers the states of its programme for one person: a state is what the rest of the row needs
/// to know of the days so far, packed into one key
/// `((run × unitRadix + units) × weekendRadix + weekends) × countRadix + counts`.
///
/// The run part says how the last days went: 0 while nothing has been worked yet (a leading run of days off is
/// exempt from the day-off rule); 1…offCap a run of days off that long (capped at the rule's minimum); and for a
/// working run, the succession class of yesterday's kind, the run's length (capped at the longest run allowed) and
/// whether it began on day 0 (such a run is exempt from the minimum run).
struct RowLayout {
    let offCap: Int32
    let workCap: Int32
    /// 2 when runs remember whether they began on day 0 (there is a minimum run), else 1.
    let flags: Int32
    let workBase: Int32
    let runCount: Int32
    /// Minutes are counted in units of `unitMinutes` (their greatest common divisor), up to `maxUnits`.
    let unitMinutes: Int32
    let minUnits: Int32
    let maxUnits: Int32
    let unitRadix: Int32
    /// Weekends worked are counted up to the limit (radix limit + 1) when there is one; a limit of 0 has radix 1.
    let tracksWeekends: Bool
    let weekendRadix: Int32
    /// Per kind, its place among the limited kinds, or -1; per limited kind, its radix (limit + 1) and stride.
    let limitedIndex: [Int32]
    let countLimit: [Int32]
    let countStride: [Int32]
    let countRadix: Int32
    let stateCount: Int

    /// `unitMinutes` nil: the person's total minutes do not matter. `mostUnits`: the most units the row could hold.
    /// `kindDays`: per kind, on how many days the row could hold it.
    init(_ shape: RowShape, unitMinutes: Int32?, mostUnits: Int32, kindDays: [Int32]) {
        let kindCount = kindDays.count
        offCap = max(1, shape.minOff)
        workCap = shape.maxRun.map { max(1, $0) } ?? max(1, shape.minRun)
        flags = shape.minRun > 1 ? 2 : 1
        workBase = 1 + offCap
        runCount = workBase + shape.classCount * workCap * flags
        if let unit = unitMinutes {
            self.unitMinutes = unit
            minUnits = Int32(clamping: (shape.minMinutes + Int64(unit) - 1) / Int64(unit))
            maxUnits = min(mostUnits, shape.maxMinutes.map { Int32(clamping: $0 / Int64(unit)) } ?? .max)
            unitRadix = max(0, maxUnits) + 1
        } else {
            (self.unitMinutes, minUnits, maxUnits, unitRadix) = (1, 0, 0, 1)
        }
        tracksWeekends = shape.maxWeekends != nil
        weekendRadix = shape.maxWeekends.map { max(0, $0) + 1 } ?? 1
        var index = [Int32](repeating: -1, count: kindCount), limits: [Int32] = [], strides: [Int32] = []
        var radix: Int64 = 1
        for (kind, limit) in shape.kindLimits where Int(kind) < kindCount && index[Int(kind)] < 0 && limit < kindDays[Int(kind)] {
            index[Int(kind)] = Int32(limits.count)
            limits.append(max(0, limit))
            strides.append(Int32(clamping: radix))
            radix *= Int64(max(0, limit) + 1)
            if radix > Int64(PersonRow.maxStates) { break }
        }
        (limitedIndex, countLimit, countStride) = (index, limits, strides)
        countRadix = Int32(clamping: radix)
        let count = Int64(runCount) * Int64(unitRadix) * Int64(weekendRadix) * radix
        stateCount = count > Int64(Int32.max) ? Int(Int32.max) : Int(count)
    }

    @inline(__always) func key(run: Int32, units: Int32, weekends: Int32, counts: Int32) -> Int32 {
        ((run &* unitRadix &+ units) &* weekendRadix &+ weekends) &* countRadix &+ counts
    }

    /// The parts `key(run:units:weekends:counts:)` packed.
    @inline(__always) func split(_ key: Int32) -> (run: Int32, units: Int32, weekends: Int32, counts: Int32) {
        var rest = key
        let counts = rest % countRadix
        rest /= countRadix
        let weekends = rest % weekendRadix
        rest /= weekendRadix
        return (rest / unitRadix, rest % unitRadix, weekends, counts)
    }

    @inline(__always) func workRun(succession: Int32, length: Int32, fromStart: Int32) -> Int32 {
        workBase &+ (succession &* workCap &+ length &- 1) &* flags &+ fromStart
    }

    /// The parts `workRun(succession:length:fromStart:)` packed; `run` is a working run (at least `workBase`).
    @inline(__always) func splitWorkRun(_ run: Int32) -> (succession: Int32, length: Int32, fromStart: Int32) {
        let r = (run &- workBase) / flags
        return (r / workCap, r % workCap &+ 1, (run &- workBase) % flags)
    }
}
