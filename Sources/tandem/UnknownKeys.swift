import Foundation
import Scheduling

/// The keys of a problem file that no part of the problem reads: a misspelt rule (`"fairnes"`,
/// `"maxConsecutiveDay"`) would otherwise be dropped without a word and the solve run without it.
///
/// Found without a second list of the format's keys: what was decoded is encoded again, and the file is walked beside
/// that encoding. A key of the file whose value is not empty or null and that the encoding lacks at the same place was
/// read by nothing. (Dictionaries keyed by the user's own names, such as `rules.labour`, come back with their keys.)
enum UnknownKeys {
    static func find<T: Encodable>(in file: Data, decodedAs value: T) throws -> [ValidationIssue] {
        let input = try JSONSerialization.jsonObject(with: file, options: [.fragmentsAllowed])
        let echo = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        var found: [ValidationIssue] = []
        walk(input, beside: echo, at: "", into: &found)
        return found
    }

    private static func walk(_ input: Any, beside echo: Any, at path: String, into found: inout [ValidationIssue]) {
        if let object = input as? [String: Any], let echoed = echo as? [String: Any] {
            for key in object.keys.sorted() {
                let field = path.isEmpty ? key : "\(path).\(key)"
                guard let value = object[key], !isEmpty(value) else { continue }
                if let counterpart = echoed[key] {
                    walk(value, beside: counterpart, at: field, into: &found)
                } else {
                    found.append(ValidationIssue(field: field, reason: "is not a key of the problem format (misspelt?); see docs/problem-format.md"))
                }
            }
        } else if let array = input as? [Any], let echoed = echo as? [Any], array.count == echoed.count {
            for (index, (item, counterpart)) in zip(array, echoed).enumerated() {
                walk(item, beside: counterpart, at: "\(path)[\(index)]", into: &found)
            }
        }
        // Anything else is a value written in another accepted form (a priority as "red", a requirement as its kind).
    }

    /// Null, `{}` and `[]` say nothing a type could have dropped.
    private static func isEmpty(_ value: Any) -> Bool {
        value is NSNull || (value as? [String: Any])?.isEmpty == true || (value as? [Any])?.isEmpty == true
    }
}
