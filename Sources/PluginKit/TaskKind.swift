import Scheduling

/// A field a plugin's task kind carries beyond the core task (a dietary note, a subject, a river section).
public struct TaskField: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case text, number, choice, flag }
    public var name: String
    public var kind: Kind
    public var label: Words
    public var choices: [String]
    public var required: Bool

    public init(name: String, kind: Kind, label: Words, choices: [String] = [], required: Bool = false) {
        self.name = name
        self.kind = kind
        self.label = label
        self.choices = choices
        self.required = required
    }

    /// The issues of `task`'s value for this field: missing when required, not a number, not one of the choices.
    public func check(_ task: ServiceTask, at path: String) -> [ValidationIssue] {
        let field = "\(path).fields.\(name)"
        guard let value = task.fields[name], !value.isEmpty else {
            return required ? [ValidationIssue(field: field, reason: "is required for a \(task.kind) task")] : []
        }
        switch kind {
        case .text: return []
        case .number: return Double(value) == nil ? [ValidationIssue(field: field, reason: "must be a number, got \"\(value)\"")] : []
        case .flag: return ["true", "false"].contains(value) ? [] : [ValidationIssue(field: field, reason: "must be true or false, got \"\(value)\"")]
        case .choice:
            return choices.contains(value) ? []
                : [ValidationIssue(field: field, reason: "must be one of \(choices.joined(separator: ", ")), got \"\(value)\"")]
        }
    }
}

/// A kind of task a plugin adds, with its words and extra fields.
public struct TaskKind: Hashable, Codable, Sendable {
    public var id: String
    public var label: Words
    public var fields: [TaskField]

    public init(id: String, label: Words, fields: [TaskField] = []) {
        self.id = id
        self.label = label
        self.fields = fields
    }

    /// The issues of every field of `task`.
    public func check(_ task: ServiceTask, at path: String) -> [ValidationIssue] { fields.flatMap { $0.check(task, at: path) } }
}

extension ServiceTask {
    /// A numeric field, or nil when missing or not a number.
    public func number(_ field: String) -> Double? { fields[field].flatMap(Double.init) }
    /// A whole-number field, or nil when missing or not a whole number.
    public func integer(_ field: String) -> Int? { fields[field].flatMap { Int($0) } }
}
