import Storage

import Foundation

/// Events written for the instances and never for a client, live or replayed: a session ended (each hub closes its
/// sockets, `SessionEvents`), people or tasks changed (each instance drops its compiled weeks), a running solve is
/// to stop (the instance running it stops it).
enum InternalEvents {
    static let needsChangedType = "needs.changed"
    static let cancelSolveType = "solve.cancel-requested"

    static func isInternal(_ event: StoredEvent) -> Bool {
        event.type.hasPrefix("session.") || event.type == needsChangedType || event.type == cancelSolveType
    }

    private struct SolveRef: Codable { let job: String }

    static func cancelSolve(_ job: String, orgPath: String) -> NewEvent {
        NewEvent(type: cancelSolveType, orgPath: orgPath, payload: PushMessage.json(SolveRef(job: job)))
    }

    /// The job a cancel request names.
    static func cancelledSolve(_ event: StoredEvent) -> String? {
        guard event.type == cancelSolveType else { return nil }
        return try? JSONDecoder().decode(SolveRef.self, from: Data(event.payload.utf8)).job
    }

    /// People or tasks under `orgPath` were written.
    static func needsChanged(orgPath: String) -> NewEvent {
        NewEvent(type: needsChangedType, orgPath: orgPath, payload: "{}")
    }
}
