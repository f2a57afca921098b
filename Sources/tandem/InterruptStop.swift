import Dispatch
import Foundation
import Solver

/// Ctrl-C (SIGINT) during a solve stops the search and keeps its best schedule, written as a finished solve's is; a
/// second Ctrl-C ends the process at once (exit status 130).
final class InterruptStop {
    let cancellation = SolveCancellation()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)  // delivered to the source below instead of ending the process
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let cancellation = self.cancellation
        source.setEventHandler {
            if cancellation.isCancelled { exit(130) }
            Output.err("interrupted: stopping the search; the best schedule so far follows (Ctrl-C again to quit at once)")
            cancellation.cancel()
        }
        source.resume()
    }

    /// Ctrl-C ends the process again.
    func end() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    var interrupted: Bool { cancellation.isCancelled }
}
