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
    /// The text encoding the uploaded file was read in (CSV imports only).
    var encoding: CSVText.Encoding?
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

    /// A finite number within `range`; anything else (text, `nan`, `inf`, `1e308`) is the row's issue.
    mutating func number(_ column: String, in range: ClosedRange<Double> = -1e9...1e9) -> Double? {
        guard let text = optional(column) else { return nil }
        guard let value = Double(text), value.isFinite else {
            issues.append(ValidationIssue(field: column, reason: "expected a number, got \(InputRules.quoted(text))"))
            return nil
        }
        guard range.contains(value) else {
            issues.append(ValidationIssue(field: column, reason: "must be \(Self.format(range.lowerBound))–\(Self.format(range.upperBound)), got \(InputRules.quoted(text))"))
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    mutating func integer(_ column: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = optional(column) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            issues.append(ValidationIssue(field: column, reason: "expected a whole number \(range.lowerBound)–\(range.upperBound), got \(InputRules.quoted(text))"))
            return nil
        }
        return value
    }

    private static func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    mutating func fail(_ column: String, _ reason: String) { issues.append(ValidationIssue(field: column, reason: reason)) }

    /// `;`-separated list, blanks dropped.
    func list(_ column: String, separator: Character = ";") -> [String] {
        (optional(column) ?? "").split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
