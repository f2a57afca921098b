extension Problem {
    /// Names and dates in a problem file that match nothing in it: a wish for a kind no task has, a request dated
    /// outside the horizon, a succession or a kind limit naming no task's kind, a labour group the rules do not define. The
    /// solve runs without them, so `tandem solve` says so. (A server's week leaves out other weeks' tasks and dates,
    /// where the same references are expected, so this is not part of `validate`.)
    public func unmatchedReferences() -> [ValidationIssue] {
        let kinds = Set(tasks.map(\.kind))
        var found: [ValidationIssue] = []
        func unknownKind(_ kind: String, at field: String) {
            if !kinds.contains(kind) { found.append(ValidationIssue(field: field, reason: "no task is of kind \"\(kind)\": ignored")) }
        }
        for (i, person) in people.enumerated() {
            let at = "people[\(i)]"
            for kind in person.preferences.preferredKinds { unknownKind(kind, at: "\(at).preferences.preferredKinds") }
            for kind in person.preferences.dislikedKinds { unknownKind(kind, at: "\(at).preferences.dislikedKinds") }
            for (j, request) in person.preferences.requests.enumerated() {
                let field = "\(at).preferences.requests[\(j)]"
                let day = request.date.dayNumber - horizon.start.dayNumber
                if day < 0 || day >= horizon.days {
                    found.append(ValidationIssue(field: "\(field).date", reason: "\(request.date) is outside the horizon \(horizon.start) + \(horizon.days) days: ignored"))
                }
                if let kind = request.kind { unknownKind(kind, at: "\(field).kind") }
            }
            if let group = person.labourGroup, rules.labour[group] == nil {
                let instead = rules.labour["default"] == nil ? "this person has no labour rules" : "the default group's rules apply"
                found.append(ValidationIssue(field: "\(at).labourGroup", reason: "rules.labour has no group \"\(group)\": \(instead)"))
            }
        }
        for group in rules.labour.keys.sorted() {
            guard let labour = rules.labour[group] else { continue }
            let at = "rules.labour.\(group)"
            for (j, succession) in labour.forbiddenSuccessions.enumerated() {
                unknownKind(succession.first, at: "\(at).forbiddenSuccessions[\(j)].first")
                unknownKind(succession.then, at: "\(at).forbiddenSuccessions[\(j)].then")
            }
            for kind in labour.maxTasksOfKind.keys.sorted() { unknownKind(kind, at: "\(at).maxTasksOfKind") }
        }
        return found
    }
}
