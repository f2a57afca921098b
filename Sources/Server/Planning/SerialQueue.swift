/// Runs operations one after another, in the order they were submitted, even across suspension points (an actor
/// alone would interleave two re-plans at their first `await`).
actor SerialQueue {
    private var last: Task<Void, Never>?

    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = last
        let task = Task { () async throws -> T in
            await previous?.value
            return try await operation()
        }
        last = Task { _ = try? await task.value }
        return try await task.value
    }
}
