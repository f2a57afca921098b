/// A CSV document (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order mark tolerated) read
/// into a header and rows of named cells.
struct CSVTable {
    let header: [String]
    /// Each row with its 1-based line number in the file (the header is line 1).
    let rows: [(line: Int, cells: [String: String])]

    struct Malformed: Error { let line: Int; let reason: String }

    init(parsing text: String) throws {
        var records: [(Int, [String])] = []
        var field = "", record: [String] = []
        var inQuotes = false, line = 1, recordLine = 1, fieldStarted = false
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else if c == "," {
                record.append(field); field = ""; fieldStarted = false
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                record.append(field); field = ""; fieldStarted = false
                if !(record.count == 1 && record[0].trimmingCharacters(in: .whitespaces).isEmpty) { records.append((recordLine, record)) }
                record = []
                line += 1
                recordLine = line
            } else {
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes { throw Malformed(line: recordLine, reason: "a quoted field is never closed") }
        guard let first = records.first else { throw Malformed(line: 1, reason: "the file is empty: expected a header row") }
        header = first.1.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [(Int, [String: String])] = []
        for (number, values) in records.dropFirst() {
            var cells: [String: String] = [:]
            for (index, name) in header.enumerated() where index < values.count {
                cells[name] = values[index].trimmingCharacters(in: .whitespaces)
            }
            rows.append((number, cells))
        }
        self.rows = rows
    }

    /// A cell as written to an exported file: a cell that a spreadsheet would run as a formula (starting with
    /// `= + - @`, a tab or a carriage return) gets a leading `'`, and one holding a comma, quote or line break is
    /// quoted.
    static func escape(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
