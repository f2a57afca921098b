/// The shape of every value a coordinator stores: ids, text, numbers and dates. The solver accepts any problem that
/// `Problem.validate` passes; these rules are stricter, because stored values end up in URLs, CSV and ICS exports,
/// the browser pages and other people's screens.
public enum InputRules {
    /// Ids of org units, people, tasks, clients and sites: 1–64 characters, ASCII letters, digits and `_ - . :`,
    /// starting with a letter or digit. No `/` (org paths), no `@` (a weekly task's occurrence is `ID@DATE`),
    /// no spaces, quotes or markup.
    public static let maxIdentifierLength = 64
    public static let maxNameLength = 100
    public static let maxTitleLength = 200
    public static let maxNotesLength = 2000
    /// Skills, languages, credential kinds, teams, task kinds and plugin field names.
    public static let maxLabelLength = 64
    /// Stored tasks, blockouts and requests must fall within these years.
    public static let years = 2000...2100
    /// At most this many items in one list of a person or task (credentials, skills, seats, windows).
    public static let maxListCount = 200

    private static let identifierCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:")

    /// Why `id` breaks the id rule, or nil when it follows it.
    public static func identifierProblem(_ id: String) -> String? {
        guard !id.isEmpty else { return "must not be empty" }
        guard id.count <= maxIdentifierLength else { return "must be at most \(maxIdentifierLength) characters, got \(id.count)" }
        guard id.allSatisfy({ identifierCharacters.contains($0) }), let first = id.unicodeScalars.first,
              ("0"..."9").contains(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return "use letters, digits and _ - . : (starting with a letter or digit), got \(quoted(id))"
        }
        return nil
    }

    /// Why a piece of text is unusable: blank when required, too long, or holding control characters (a line break
    /// is allowed in notes only).
    public static func textProblem(_ text: String, max: Int, multiline: Bool = false) -> String? {
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return "must not be blank" }
        if text.count > max { return "must be at most \(max) characters, got \(text.count)" }
        let control = text.unicodeScalars.first { scalar in
            if multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return true
            case .format: return scalar != "\u{200D}"  // the zero-width joiner inside emoji is fine
            default: return false
            }
        }
        if let control { return "must not contain control characters (found U+\(String(control.value, radix: 16, uppercase: true)))" }
        return nil
    }

    public static func dateProblem(_ date: LocalDate) -> String? {
        let first = LocalDate(year: years.lowerBound, month: 1, day: 1)?.dayNumber ?? 0
        let last = LocalDate(year: years.upperBound, month: 12, day: 31)?.dayNumber ?? 0
        guard (first...last).contains(date.dayNumber) else {
            return "must be in the years \(years.lowerBound)–\(years.upperBound), got \(date)"
        }
        return nil
    }

    /// Quotes a value for an error message, cut short and with control characters shown as escapes.
    public static func quoted(_ value: String) -> String {
        let shown = value.prefix(40).unicodeScalars.map { scalar -> String in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "\"" + shown + (value.count > 40 ? "…" : "") + "\""
    }
}
