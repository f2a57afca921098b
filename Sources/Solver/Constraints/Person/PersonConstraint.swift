/// One person's assigned seats in start order: the input of every person-scope constraint.
public typealias Timeline = UnsafeBufferPointer<SlotFacts>

/// A constraint on one person's timeline. It returns a magnitude (how badly the rule is broken, or how much the
/// soft cost is); the weighting turns that into a score. It must look at nothing but the timeline.
public protocol PersonConstraint: Sendable {
    static var id: ConstraintID { get }
    func magnitude(_ timeline: Timeline) -> Int64
}

extension PersonConstraint {
    public static var id: ConstraintID { .plugin }
}

extension Timeline {
    /// Calls `body(first, endExclusive)` for each run of entries that share a key (day, week), in order.
    @inline(__always) func forEachRun(of key: (SlotFacts) -> Int32, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < count {
            let k = key(self[i])
            var j = i + 1
            while j < count && key(self[j]) == k { j += 1 }
            body(i, j)
            i = j
        }
    }
}

/// Rounds a positive number of minutes up to whole hours, so that minute-based and count-based hard rules weigh alike.
@inline(__always) func startedHours(_ minutes: Int64) -> Int64 { minutes <= 0 ? 0 : (minutes + 59) / 60 }
