import Foundation
import Scheduling

/// The server's clock as planning sees it: what has started, what is frozen (starts within the offer lead time),
/// and how long an offer may wait for its answer. Every solve, publish, re-plan and answer asks it, never `Date()`.
struct PlanningTime: Sendable {
    let clock: any TandemClock
    let local: LocalClock
    /// A task starting sooner than this from now is not offered or re-planned.
    var lead: TimeInterval
    /// An offer's deadline comes at least this long before its task starts.
    var margin: TimeInterval
    /// How long an offer waits for an answer at most.
    var window: TimeInterval

    init(_ configuration: ServerConfiguration) {
        clock = configuration.clock
        local = LocalClock(timeZone: configuration.timeZone)
        lead = configuration.offerLeadTime
        margin = configuration.replanMargin
        window = configuration.offerWindow
    }

    /// The setting names a unit's rules use for its own timing, in minutes.
    static let leadSetting = "offerLeadMinutes", marginSetting = "replanMarginMinutes", windowSetting = "offerWindowMinutes"

    /// The same clock with a unit's own lead time, re-plan margin and offer window, where its rules set them.
    func adjusted(by rules: Rules?) -> PlanningTime {
        var out = self
        let settings = rules?.settings ?? [:]
        if let v = settings[Self.leadSetting] { out.lead = TimeInterval(v * 60) }
        if let v = settings[Self.marginSetting] { out.margin = TimeInterval(v * 60) }
        if let v = settings[Self.windowSetting] { out.window = TimeInterval(max(1, v) * 60) }
        return out
    }

    func now() -> Date { clock.now() }

    /// Tasks starting before this local time are frozen.
    func frozenBefore() -> LocalDateTime { local.local(clock.now().addingTimeInterval(lead)) }

    func isFrozen(_ task: ServiceTask) -> Bool { task.start < frozenBefore() }

    func hasStarted(_ task: ServiceTask) -> Bool { local.instant(task.start) <= clock.now() }

    /// The answer is due `window` from now, and no later than `margin` before the task starts (a frozen task is
    /// never offered, so this is after now).
    func deadline(for task: ServiceTask?, now: Date) -> Date {
        guard let task else { return now.addingTimeInterval(window) }
        return max(now.addingTimeInterval(60), min(now.addingTimeInterval(window), local.instant(task.start).addingTimeInterval(-margin)))
    }
}
