import Storage

/// Events written for the instances and never for a client, live or replayed: a session ended (each hub closes its
/// sockets, `SessionEvents`), and people or tasks changed (each instance drops its compiled weeks).
enum InternalEvents {
    static let needsChangedType = "needs.changed"

    static func isInternal(_ event: StoredEvent) -> Bool {
        event.type.hasPrefix("session.") || event.type == needsChangedType
    }

    /// People or tasks under `orgPath` were written.
    static func needsChanged(orgPath: String) -> NewEvent {
        NewEvent(type: needsChangedType, orgPath: orgPath, payload: "{}")
    }
}
