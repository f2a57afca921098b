extension InputRules {
    /// Everything about one person that breaks the input rules, fields named under `at` (`[0]`, `people[3]`).
    public static func issues(of person: Person, at: String) -> [ValidationIssue] {
        var out = IssueList(at: at)
        out.identifier(person.id, "id")
        out.text(person.name, "name", max: maxNameLength)
        out.optionalText(person.team, "team", max: maxLabelLength)
        out.optionalText(person.labourGroup, "labourGroup", max: maxLabelLength)
        out.labels(person.skills, "skills")
        out.labels(person.languages, "languages")
        out.labels(person.preferences.preferredKinds, "preferences.preferredKinds")
        out.labels(person.preferences.dislikedKinds, "preferences.dislikedKinds")
        out.count(person.credentials.count, "credentials")
        for (i, credential) in person.credentials.enumerated() {
            out.text(credential.kind, "credentials[\(i)].kind", max: maxLabelLength)
            if let level = credential.level, !(0...100).contains(level) { out.add("credentials[\(i)].level", "must be 0–100, got \(level)") }
            for (name, date) in [("validFrom", credential.validFrom), ("validTo", credential.validTo)] {
                // A certificate may have been issued long ago or last for decades; only nonsense years are refused.
                if let date, !(LocalDate(year: 1900, month: 1, day: 1)!...LocalDate(year: 2200, month: 12, day: 31)!).contains(date) {
                    out.add("credentials[\(i)].\(name)", "must be in the years 1900–2200, got \(date)")
                }
            }
        }
        out.count(person.availability.count, "availability")
        out.count(person.blockouts.count, "blockouts")
        for (i, blockout) in person.blockouts.enumerated() {
            out.date(blockout.start.date, "blockouts[\(i)].start")
            out.date(blockout.end.date, "blockouts[\(i)].end")
            out.optionalText(blockout.reason, "blockouts[\(i)].reason", max: maxTitleLength)
        }
        out.count(person.preferences.requests.count, "preferences.requests")
        for (i, request) in person.preferences.requests.enumerated() {
            out.date(request.date, "preferences.requests[\(i)].date")
            if let kind = request.kind { out.text(kind, "preferences.requests[\(i)].kind", max: maxLabelLength) }
            if request.weight > 1_000_000 { out.add("preferences.requests[\(i)].weight", "must be at most 1000000, got \(request.weight)") }
        }
        out.range(person.maxMinutesPerDay, 0...1440, "maxMinutesPerDay")
        out.range(person.maxMinutesPerWeek, 0...10080, "maxMinutesPerWeek")
        out.range(person.maxTasksPerDay, 0...100, "maxTasksPerDay")
        out.range(person.maxTasksPerWeek, 0...700, "maxTasksPerWeek")
        return out.issues
    }

    /// Everything about one task that breaks the input rules.
    public static func issues(of task: ServiceTask, at: String) -> [ValidationIssue] {
        var out = IssueList(at: at)
        out.identifier(task.id, "id")
        out.text(task.kind, "kind", max: maxLabelLength)
        out.optionalText(task.title, "title", max: maxTitleLength)
        out.optionalText(task.notes, "notes", max: maxNotesLength, multiline: true)
        out.optionalText(task.site.name, "site.name", max: maxTitleLength)
        if let site = task.site.id { out.identifier(site, "site.id") }
        if let client = task.client { out.identifier(client, "client") }
        out.date(task.start.date, "start")
        out.date(task.end.date, "end")
        out.count(task.seats.count, "seats")
        for (i, seat) in task.seats.enumerated() {
            out.labels(seat.credentials.map(\.kind), "seats[\(i)].credentials")
            out.labels(seat.skills, "seats[\(i)].skills")
            out.labels(seat.languages, "seats[\(i)].languages")
            if seat.fillCost > 1_000_000 { out.add("seats[\(i)].fillCost", "must be at most 1000000, got \(seat.fillCost)") }
        }
        out.count(task.fields.count, "fields")
        for (name, value) in task.fields {
            out.text(name, "fields", max: maxLabelLength)
            out.text(value, "fields.\(name)", max: maxNotesLength, multiline: true)
        }
        return out.issues
    }
}

/// Collects issues with their fields named under one prefix.
private struct IssueList {
    let at: String
    var issues: [ValidationIssue] = []

    mutating func add(_ field: String, _ reason: String) {
        issues.append(ValidationIssue(field: at.isEmpty ? field : "\(at).\(field)", reason: reason))
    }

    mutating func identifier(_ id: String, _ field: String) {
        if let problem = InputRules.identifierProblem(id) { add(field, problem) }
    }

    mutating func text(_ text: String, _ field: String, max: Int, multiline: Bool = false) {
        if let problem = InputRules.textProblem(text, max: max, multiline: multiline) { add(field, problem) }
    }

    mutating func optionalText(_ text: String?, _ field: String, max: Int, multiline: Bool = false) {
        if let text { self.text(text, field, max: max, multiline: multiline) }
    }

    mutating func labels(_ labels: [String], _ field: String) {
        count(labels.count, field)
        for (i, label) in labels.enumerated() { text(label, "\(field)[\(i)]", max: InputRules.maxLabelLength) }
    }

    mutating func count(_ count: Int, _ field: String) {
        if count > InputRules.maxListCount { add(field, "at most \(InputRules.maxListCount) items, got \(count)") }
    }

    mutating func date(_ date: LocalDate, _ field: String) {
        if let problem = InputRules.dateProblem(date) { add(field, problem) }
    }

    mutating func range(_ value: Int?, _ range: ClosedRange<Int>, _ field: String) {
        if let value, !range.contains(value) { add(field, "must be \(range.lowerBound)–\(range.upperBound), got \(value)") }
    }
}
