/// A problem with the input, naming the field (a JSON path like `tasks[3].end`) and the reason.
public struct ValidationIssue: Hashable, Codable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// The input could not be used. Carries every issue found, not just the first.
public struct InvalidProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) { self.issues = issues }

    public var description: String {
        "the problem is not valid:\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension ValidationIssue {
    /// Turns a Codable decoding error into a field path and a reason a person can act on.
    public init(decodingError error: DecodingError) {
        func path(_ keys: [CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(field: parent == "(document)" ? key.stringValue : "\(parent).\(key.stringValue)", reason: "is required but missing")
        case .typeMismatch(let type, let context):
            self.init(field: path(context.codingPath), reason: "has the wrong type: expected \(type)")
        case .valueNotFound(let type, let context):
            self.init(field: path(context.codingPath), reason: "is null but must be \(type)")
        case .dataCorrupted(let context):
            let detail = context.underlyingError.map { " (\($0))" } ?? ""
            self.init(field: path(context.codingPath), reason: context.debugDescription + detail)
        @unknown default:
            self.init(field: "(document)", reason: "could not be read")
        }
    }
}
