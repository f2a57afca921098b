import Scheduling

/// What an import did: rows stored, and each rejected row with the column and the reason.
struct ImportReport: Codable, Sendable {
    struct RowError: Codable, Sendable {
        let line: Int
        let field: String
        let reason: String
    }
    var imported: Int
    var errors: [RowError]
}

/// Reading one row's cells with errors that name the column.
struct RowReader {
    let cells: [String: String]
    var issues: [ValidationIssue] = []

    init(_ cells: [String: String]) { self.cells = cells }

    func optional(_ column: String) -> String? {
        guard let value = cells[column], !value.isEmpty else { return nil }
        return value
    }

    mutating func required(_ column: String) -> String {
        guard let value = optional(column) else {
            issues.append(ValidationIssue(field: column, reason: "is required"))
            return ""
        }
        return value
    }

    mutating func number(_ column: String) -> Double? {
        guard let text = optional(column) else { return nil }
        guard let value = Double(text) else {
            issues.append(ValidationIssue(field: column, reason: "expected a number, got \"\(text)\""))
            return nil
        }
        return value
    }

    mutating func fail(_ column: String, _ reason: String) { issues.append(ValidationIssue(field: column, reason: reason)) }

    /// `;`-separated list, blanks dropped.
    func list(_ column: String, separator: Character = ";") -> [String] {
        (optional(column) ?? "").split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
