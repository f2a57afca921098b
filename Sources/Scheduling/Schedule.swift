/// One constraint's share of the score.
public struct ConstraintShare: Hashable, Codable, Sendable {
    public var constraint: String
    public var level: ScoreLevel
    /// The penalty this constraint adds at its level.
    public var penalty: Int64
    /// How many times it fired (broken rules, unmet wishes, unfilled seats...).
    public var matches: Int

    public init(constraint: String, level: ScoreLevel, penalty: Int64, matches: Int) {
        self.constraint = constraint
        self.level = level
        self.penalty = penalty
        self.matches = matches
    }
}

/// A sentence in the two languages the interface speaks.
public struct Words: Hashable, Codable, Sendable {
    public var en: String
    public var zh: String

    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }
}

/// How many people fell out of the running for a seat, and why.
public struct ReasonCount: Hashable, Codable, Sendable {
    /// A stable code: `role`, `credential`, `skill`, `language`, `unavailable`, `blockout`, `tooFar`, `busy`,
    /// `dailyHours`, `weeklyHours`, `labour`, ...
    public var reason: String
    public var count: Int
    public var words: Words

    public init(reason: String, count: Int, words: Words) {
        self.reason = reason
        self.count = count
        self.words = words
    }
}

/// Why a seat holds the person it holds, or why it is empty.
public struct SeatExplanation: Hashable, Codable, Sendable {
    public var task: String
    public var seat: Int
    public var person: String?
    /// People who meet the seat's own requirements (role, credentials, skills, languages, time).
    public var eligible: Int
    /// Everyone considered.
    public var considered: Int
    public var reasons: [ReasonCount]
    /// What the chosen person costs here, by constraint (soft penalties, possibly negative for a met wish).
    public var costs: [ConstraintShare]
    public var summary: Words

    public init(task: String, seat: Int, person: String?, eligible: Int, considered: Int, reasons: [ReasonCount],
                costs: [ConstraintShare], summary: Words) {
        self.task = task
        self.seat = seat
        self.person = person
        self.eligible = eligible
        self.considered = considered
        self.reasons = reasons
        self.costs = costs
        self.summary = summary
    }
}

/// Figures about the solve that produced a schedule.
public struct SolveStatistics: Hashable, Codable, Sendable {
    public var milliseconds: Int
    public var evaluatedMoves: Int64
    public var workers: Int
    public var seed: UInt64
    public var movesPerSecond: Int64
    /// Phases of the solver that did not run on this problem, and why (nil or empty: all that apply ran).
    public var skippedPhases: [SkippedPhase]?

    public init(milliseconds: Int, evaluatedMoves: Int64, workers: Int, seed: UInt64, movesPerSecond: Int64,
                skippedPhases: [SkippedPhase]? = nil) {
        self.milliseconds = milliseconds
        self.evaluatedMoves = evaluatedMoves
        self.workers = workers
        self.seed = seed
        self.movesPerSecond = movesPerSecond
        self.skippedPhases = skippedPhases
    }
}

/// A phase of the solver left out of a solve (column generation on a model it cannot split), with the reason.
public struct SkippedPhase: Hashable, Codable, Sendable {
    public var phase: String
    public var reason: Words

    public init(phase: String, reason: Words) {
        self.phase = phase
        self.reason = reason
    }
}

/// The answer to a problem: who sits where, what stays empty, the score and why.
public struct Schedule: Hashable, Codable, Sendable {
    public var assignments: [Assignment]
    public var unfilled: [SeatRef]
    public var score: Score
    public var constraints: [ConstraintShare]
    public var explanations: [SeatExplanation]
    /// Warnings about the input that did not stop the solve (a credential nobody holds...).
    public var warnings: [ValidationIssue]
    public var statistics: SolveStatistics?

    public init(assignments: [Assignment], unfilled: [SeatRef], score: Score, constraints: [ConstraintShare],
                explanations: [SeatExplanation], warnings: [ValidationIssue] = [], statistics: SolveStatistics? = nil) {
        self.assignments = assignments
        self.unfilled = unfilled
        self.score = score
        self.constraints = constraints
        self.explanations = explanations
        self.warnings = warnings
        self.statistics = statistics
    }
}
