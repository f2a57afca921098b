import Foundation

/// A change someone may need to see, before it is written. `orgPath` says which coordinators see it (those whose
/// scope contains it); `person` names the one volunteer or social worker it concerns, if any.
public struct NewEvent: Sendable, Hashable {
    public var type: String
    public var orgPath: String
    public var person: String?
    /// For everyone in and above `orgPath` (a notice), not only its person and coordinators.
    public var broadcast: Bool
    /// The event's data as a JSON object text.
    public var payload: String

    public init(type: String, orgPath: String, person: String? = nil, broadcast: Bool = false, payload: String) {
        self.type = type
        self.orgPath = orgPath
        self.person = person
        self.broadcast = broadcast
        self.payload = payload
    }
}

/// An event as written to the durable log: `seq` grows by commit order and is never reused.
public struct StoredEvent: Sendable, Hashable, Codable {
    public var seq: Int64
    public var type: String
    public var orgPath: String
    public var person: String?
    public var broadcast: Bool
    public var payload: String
    public var createdAt: Date

    public init(seq: Int64, type: String, orgPath: String, person: String?, broadcast: Bool = false, payload: String, createdAt: Date) {
        self.seq = seq
        self.type = type
        self.orgPath = orgPath
        self.person = person
        self.broadcast = broadcast
        self.payload = payload
        self.createdAt = createdAt
    }
}
