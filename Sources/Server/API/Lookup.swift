import Foundation
import Hummingbird
import Scheduling
import Storage

/// Finding what a request names, with a 404 or 400 that says which field named it.
enum Lookup {
    static func unit(_ id: String, store: any TandemStore, field: String) async throws -> OrgUnit {
        guard let unit = try await store.orgUnit(id: id) else {
            throw APIError(.notFound, field: field, "no org unit with id \(id)")
        }
        return unit
    }

    static func person(_ id: String, within unit: OrgUnit, store: any TandemStore, field: String) async throws -> PersonRecord {
        guard let record = try await store.person(id: id), record.orgPath.hasPrefix(unit.path) else {
            throw APIError(.notFound, field: field, "no person \(id) in \(unit.id)")
        }
        return record
    }

    /// Runs a write, turning storage conflicts and validation failures into 409 and 400.
    static func storing<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as StorageError {
            if error.isConflict { throw APIError.conflict(field: error.field, error.description) }
            if error.isInvalid { throw APIError.badRequest(field: error.field, error.description) }
            if error.isNotFound { throw APIError(.notFound, field: error.field, error.description) }
            throw error
        }
    }

    static func week(_ text: String?, field: String = "week") throws -> LocalDate {
        guard let text else { throw APIError.badRequest(field: field, "is required (a Monday, YYYY-MM-DD)") }
        guard let date = LocalDate(text) else { throw APIError.badRequest(field: field, "expected a date as YYYY-MM-DD, got \(InputRules.quoted(text))") }
        guard date.weekday == 1 else { throw APIError.badRequest(field: field, "a week starts on a Monday; \(text) is not one") }
        return date
    }
}

/// Small checks shared by controllers; the rules themselves are `InputRules` (docs/security.md).
enum Validate {
    static func identifier(_ id: String, field: String) throws {
        if let problem = InputRules.identifierProblem(id) { throw APIError.badRequest(field: field, problem) }
    }

    static func username(_ name: String) throws {
        guard (3...64).contains(name.count), !name.contains(where: { $0.isWhitespace }),
              InputRules.textProblem(name, max: 64) == nil else {
            throw APIError.badRequest(field: "username", "use 3–64 characters without spaces or control characters")
        }
    }

    static func text(_ value: String, field: String, max: Int = InputRules.maxTitleLength, multiline: Bool = false) throws {
        if let problem = InputRules.textProblem(value, max: max, multiline: multiline) { throw APIError.badRequest(field: field, problem) }
    }
}
