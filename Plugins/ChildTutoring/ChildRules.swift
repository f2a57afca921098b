import PluginKit

/// Red / yellow / green triage of children in difficulty (红黄绿三色动态管理): how often they must be visited.
enum Triage: String, CaseIterable {
    case red, yellow, green

    var intervalDays: Int {
        switch self {
        case .red: 7
        case .yellow: 14
        case .green: 28
        }
    }

    var priority: Priority {
        switch self {
        case .red: .red
        case .yellow: .yellow
        case .green: .green
        }
    }

    /// True when a visit on `date` is due: never visited, or the interval has run out by the end of that week.
    func isDue(lastVisit: LocalDate?, by date: LocalDate) -> Bool {
        guard let last = lastVisit else { return true }
        return last.adding(days: intervalDays).dayNumber <= date.dayNumber + 6
    }
}

/// A session needs one adult per `ratio` children. Magnitude: adults missing.
struct TutorRatio: GroupConstraint {
    static let defaultRatio = 6.0
    var needed: Int

    static func adultsNeeded(children: Int, ratio: Double?) -> Int {
        max(1, Int((Double(children) / max(1, ratio ?? defaultRatio)).rounded(.up)))
    }

    func magnitude(_ people: UnsafeBufferPointer<Int32>) -> Int64 {
        var filled = 0
        for p in people where p >= 0 { filled += 1 }
        return Int64(max(0, needed - filled))
    }
}
