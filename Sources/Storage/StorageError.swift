/// A storage failure a caller can act on: what was wrong and with which field.
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Sendable, Equatable {
        case notFound(String)
        case conflict(String)
        case invalid(String)
        case unavailable(String)
    }

    private let code: Code
    /// The field the problem is about, when there is one.
    public let field: String?

    public static func notFound(_ what: String, field: String? = nil) -> StorageError { .init(code: .notFound(what), field: field) }
    public static func conflict(_ what: String, field: String? = nil) -> StorageError { .init(code: .conflict(what), field: field) }
    public static func invalid(_ what: String, field: String? = nil) -> StorageError { .init(code: .invalid(what), field: field) }
    public static func unavailable(_ what: String) -> StorageError { .init(code: .unavailable(what), field: nil) }

    public var isNotFound: Bool { if case .notFound = code { true } else { false } }
    public var isConflict: Bool { if case .conflict = code { true } else { false } }
    public var isInvalid: Bool { if case .invalid = code { true } else { false } }

    public var description: String {
        switch code {
        case .notFound(let what): "\(what) not found"
        case .conflict(let what): what
        case .invalid(let what): what
        case .unavailable(let what): "the database is unavailable: \(what)"
        }
    }
}
