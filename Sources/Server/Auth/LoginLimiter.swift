import Foundation

/// Slows password guessing: after `maxFailures` failed logins for one username (or from one address) within
/// `window`, further attempts are refused until the oldest failure ages out.
actor LoginLimiter {
    private let maxFailures: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int = 5, window: TimeInterval = 300) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds until `keys` may try again, or nil when they may now.
    func retryAfter(_ keys: [String], now: Date) -> Int? {
        var wait: TimeInterval = 0
        for key in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= maxFailures, let oldest = recent.first {
                wait = max(wait, window - now.timeIntervalSince(oldest))
            }
        }
        return wait > 0 ? Int(wait.rounded(.up)) : nil
    }

    func recordFailure(_ keys: [String], now: Date) {
        for key in keys { failures[key, default: []].append(now) }
    }

    func recordSuccess(username key: String) { failures[key] = nil }
}
