import Foundation

/// Slows password guessing without handing anyone a way to lock others out. Failed logins are counted under three
/// keys, each with its own allowance before a wait that doubles with every further failure:
/// - one username from one address (5): the person mistyping, or a guesser at one account;
/// - one username from anywhere (20): guessing one account from many addresses;
/// - one address for any username (50): guessing many accounts from one address, so five failures for one user
///   never lock the others behind a shared address.
/// An attempt refused while waiting is not counted, so nobody can keep an account locked from a single address.
/// Counts fade after `window` without failures; at most `capacity` keys are kept, the least recent dropped first.
actor LoginLimiter {
    struct Allowance: Sendable {
        let failures: Int
        let firstWait: TimeInterval
    }

    private struct Entry {
        var failures: Int
        var last: Date
        var blockedUntil: Date?
    }

    static let pair = Allowance(failures: 5, firstWait: 30)
    static let user = Allowance(failures: 20, firstWait: 30)
    static let address = Allowance(failures: 50, firstWait: 30)

    private let window: TimeInterval
    private let maxWait: TimeInterval
    private let capacity: Int
    private var entries: [String: Entry] = [:]

    init(window: TimeInterval = 900, maxWait: TimeInterval = 900, capacity: Int = 10_000) {
        self.window = window
        self.maxWait = maxWait
        self.capacity = capacity
    }

    /// The keys of one attempt. Usernames are compared case-blind and cut to 64 characters (no longer one exists).
    static func keys(username: String, address: String) -> [(String, Allowance)] {
        let name = String(username.lowercased().prefix(64))
        return [("p:" + name + "|" + address, Self.pair), ("u:" + name, Self.user), ("a:" + address, Self.address)]
    }

    /// Seconds until this attempt may be made, or nil when it may be made now.
    func retryAfter(_ keys: [(String, Allowance)], now: Date) -> Int? {
        var wait: TimeInterval = 0
        for (key, _) in keys {
            guard var entry = entries[key] else { continue }
            if now.timeIntervalSince(entry.last) > window && (entry.blockedUntil ?? now) <= now {
                entries[key] = nil
                continue
            }
            if let until = entry.blockedUntil {
                if until > now { wait = max(wait, until.timeIntervalSince(now)) } else { entry.blockedUntil = nil; entries[key] = entry }
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    func recordFailure(_ keys: [(String, Allowance)], now: Date) {
        for (key, allowance) in keys {
            var entry = entries[key].flatMap { now.timeIntervalSince($0.last) > window ? nil : $0 } ?? Entry(failures: 0, last: now)
            entry.failures += 1
            entry.last = now
            if entry.failures >= allowance.failures {
                let doublings = Double(min(entry.failures - allowance.failures, 20))
                entry.blockedUntil = now.addingTimeInterval(min(maxWait, allowance.firstWait * pow(2, doublings)))
            }
            entries[key] = entry
        }
        if entries.count > capacity { evict() }
    }

    /// A correct password clears that user's counts (the address's stays: it may be guessing other accounts).
    func recordSuccess(_ keys: [(String, Allowance)]) {
        for (key, _) in keys.prefix(2) { entries[key] = nil }
    }

    var count: Int { entries.count }

    /// Drops the least recently failed tenth, keeping those still waiting when it can.
    private func evict() {
        let excess = entries.count - capacity + capacity / 10
        let order = entries.sorted { ($0.value.blockedUntil != nil ? 1 : 0, $0.value.last) < ($1.value.blockedUntil != nil ? 1 : 0, $1.value.last) }
        for (key, _) in order.prefix(excess) { entries[key] = nil }
    }
}
