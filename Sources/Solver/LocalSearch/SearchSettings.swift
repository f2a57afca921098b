/// How local search accepts moves.
public enum SearchStrategy: String, Sendable, CaseIterable, Codable {
    /// Sample a batch of moves, take the best one not forbidden by the tabu list (unless it beats the best).
    case tabu
    /// Take one move at a time; accept it when it is no worse than the current score or the score L steps ago.
    case lateAcceptance
    /// Take one move at a time; accept a worse one with probability exp(-delta / T), T cooling over the time limit.
    case simulatedAnnealing
}

/// Tunables of local search. The defaults were measured on the Curtois instances and generated weeks.
public struct SearchSettings: Sendable, Hashable {
    public var strategy: SearchStrategy
    public var lateAcceptanceLength: Int
    /// Iterations a (seat, person) pair stays forbidden after the person left the seat; nil scales with the seats.
    public var tabuTenure: Int?
    /// Moves sampled per tabu iteration.
    public var tabuSample: Int
    /// Relative frequency of each move kind, indexed by `MoveKind.rawValue`.
    public var moveWeights: [Int]
    /// Move evaluations without a new best before a worker restarts from the best known solution, perturbed.
    public var restartAfter: Int64
    /// The lowest weight of a hard unit in acceptance, in units of the lowest level in use (medium when
    /// unfilled seats count there, soft otherwise).
    public var minimumHardWeight: Int64
    /// Starting temperature for simulated annealing; nil calibrates it from sampled moves.
    public var startTemperature: Double?
    /// The final temperature as a fraction of the starting one.
    public var coolingRatio: Double = 0.002
    /// When seats (medium) and wishes (soft) both weigh, the last share of the budget in which annealing cools
    /// from the soft level's own temperature instead of the seats' (`SearchWorker.annealingTemperature`).
    public var softCoolingShare: Double = 0.15
    /// The share of move evaluations spent on day matching (`DayMatching`), 0 to switch it off.
    public var dayMatchingShare: Double = 0.1
    /// The share spent re-choosing a person's days over a window (`PersonWindow`), 0 to switch it off. Off by
    /// default: at 0.1 the Curtois instances came out better on some seeds and worse on others, no clear gain at
    /// 30 or 60 s (docs/benchmarks.md); `tandem bench curtois --person-window` measures it.
    public var personWindowShare: Double = 0
    /// The share spent choosing a person's whole row again, exactly (`PersonRow`; over a horizon of more than 8
    /// weeks, the days of a window of two weeks, `PersonRow+Window`), 0 to switch it off; its
    /// programme's work is charged as evaluations (`PersonRow.transitionsPerEvaluation`). 0.2 and 0.5 measured
    /// alike on Curtois 5, 8 and 12 (docs/benchmarks.md); `tandem bench curtois --person-row` measures it.
    public var personRowShare: Double = 0.5
    /// A person's timeline of at least this many tasks is scored by the days a move reaches (`ScoreDirector+Window`),
    /// a shorter one whole; 0 scores every timeline whole. `tandem bench curtois --windowed-scoring-from` measures it.
    public var windowedScoringFrom = ScoreDirector.windowedTimelineLength
    /// Of those moves, the share that empties two or three people's rows and chooses them again in turn. Off: at
    /// 0.5 it did worse on Instances 8 and 12 (docs/benchmarks.md); `--row-rebuild` measures it.
    public var rowRebuildShare: Double = 0
    /// The most of the time limit spent on column generation over people's rows (`ColumnGeneration`), a member of
    /// the portfolio beside the search (the first worker, which then searches from its dive); 0 switches it off.
    /// Only models that split into rows and cover use it (rostering: one task a day, no pins, no group rules;
    /// `SkippedPhase` says why not). It dives again while its time lasts, stops early when a dive reaches the
    /// relaxation's bound, and gives its time back when the relaxation is not solved by a quarter of the limit.
    /// `tandem bench curtois --column-generation` measures it.
    public var columnGenerationShare: Double = 0.6
    /// The large moves (day matching, person windows, rows) start once a worker has made this many evaluations, so
    /// short re-plans never pay for them.
    public var largeMovesAfter: Int64 = 200_000

    public init(strategy: SearchStrategy = .simulatedAnnealing, lateAcceptanceLength: Int = 2000, tabuTenure: Int? = nil, tabuSample: Int = 40,
                moveWeights: [Int] = [4, 3, 4, 2, 1, 2], restartAfter: Int64 = 20_000_000, minimumHardWeight: Int64 = 1000) {
        self.minimumHardWeight = minimumHardWeight
        self.strategy = strategy
        self.lateAcceptanceLength = lateAcceptanceLength
        self.tabuTenure = tabuTenure
        self.tabuSample = tabuSample
        self.moveWeights = moveWeights
        self.restartAfter = restartAfter
    }
}
