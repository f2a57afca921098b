/// The three levels a constraint can weigh on, compared in this order.
public enum ScoreLevel: String, Codable, Sendable, CaseIterable {
    /// Rules that must not be broken.
    case hard
    /// Unfilled seats, weighted by priority.
    case medium
    /// Preferences, travel, fairness, continuity, disruption.
    case soft
}

/// A penalty in three levels, compared lexicographically: lower is better, all zero is perfect.
public struct Score: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var hard: Int64
    public var medium: Int64
    public var soft: Int64

    public init(hard: Int64 = 0, medium: Int64 = 0, soft: Int64 = 0) {
        self.hard = hard
        self.medium = medium
        self.soft = soft
    }

    public static let zero = Score()

    public init(level: ScoreLevel, _ amount: Int64) {
        switch level {
        case .hard: self.init(hard: amount)
        case .medium: self.init(medium: amount)
        case .soft: self.init(soft: amount)
        }
    }

    public var isFeasible: Bool { hard == 0 }

    public subscript(level: ScoreLevel) -> Int64 {
        switch level {
        case .hard: hard
        case .medium: medium
        case .soft: soft
        }
    }

    @inlinable public static func + (a: Score, b: Score) -> Score {
        Score(hard: a.hard &+ b.hard, medium: a.medium &+ b.medium, soft: a.soft &+ b.soft)
    }

    @inlinable public static func - (a: Score, b: Score) -> Score {
        Score(hard: a.hard &- b.hard, medium: a.medium &- b.medium, soft: a.soft &- b.soft)
    }

    @inlinable public static func += (a: inout Score, b: Score) { a = a + b }
    @inlinable public static func -= (a: inout Score, b: Score) { a = a - b }

    @inlinable public static func < (a: Score, b: Score) -> Bool {
        if a.hard != b.hard { return a.hard < b.hard }
        if a.medium != b.medium { return a.medium < b.medium }
        return a.soft < b.soft
    }

    public var description: String { "\(hard)hard/\(medium)medium/\(soft)soft" }
}
