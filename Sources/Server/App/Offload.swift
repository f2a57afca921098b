import Dispatch

/// Runs CPU-heavy work (bcrypt, solving) on a Dispatch queue: Swift's shared task pool has as many threads as
/// cores, and blocking it would stall every request on the machine.
enum Offload {
    private static let queue = DispatchQueue(label: "tandem.offload", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
