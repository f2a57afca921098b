import Foundation
import Hummingbird
import Scheduling
import Storage

/// People and tasks of an org unit: JSON lists and the coordinators' CSV spreadsheets.
struct NeedsController {
    let store: any TandemStore
    let plugins: OrgPlugins
    let limits: ServerConfiguration

    func add(to router: Router<TandemContext>) {
        router.get("/api/orgs/:org/people", use: listPeople)
        router.put("/api/orgs/:org/people", use: putPeople)
        router.post("/api/orgs/:org/people/import", use: importPeople)
        router.get("/api/orgs/:org/tasks", use: listTasks)
        router.put("/api/orgs/:org/tasks", use: putTasks)
        router.post("/api/orgs/:org/tasks/import", use: importTasks)
    }

    struct TaskInput: Codable, Sendable {
        let task: ServiceTask
        let recurrence: Recurrence
        init(from decoder: Decoder) throws {
            task = try ServiceTask(from: decoder)
            struct Extra: Decodable { let recurrence: Recurrence? }
            recurrence = try Extra(from: decoder).recurrence ?? .once
        }
        func encode(to encoder: Encoder) throws { try task.encode(to: encoder) }
    }

    @Sendable func listPeople(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: true)
        return try JSONBody.response(try await store.people(under: unit.path).map(\.person))
    }

    @Sendable func listTasks(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: true)
        struct Row: Encodable { let task: ServiceTask; let orgUnit: String; let recurrence: Recurrence }
        return try JSONBody.response(try await store.tasks(under: unit.path).map { Row(task: $0.task, orgUnit: $0.orgUnit, recurrence: $0.recurrence) })
    }

    /// People or tasks written with the event that tells every instance to drop the weeks compiled from them.
    static func store(_ records: [PersonRecord], in w: any StoreWriter, unit: OrgUnit) async throws {
        for record in records { try await w.upsert(record) }
        if !records.isEmpty { try await w.emit(InternalEvents.needsChanged(orgPath: unit.path)) }
    }

    static func store(_ records: [TaskRecord], in w: any StoreWriter, unit: OrgUnit) async throws {
        for record in records { try await w.upsert(record) }
        if !records.isEmpty { try await w.emit(InternalEvents.needsChanged(orgPath: unit.path)) }
    }

    @Sendable func putPeople(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: false)
        let people = try await JSONBody.decode([Person].self, from: request, limit: limits.maxBodyBytes)
        let issues = Self.validate(people: people, tasks: [])
        guard issues.isEmpty else { throw APIError.invalid(issues) }
        let records = try await place(people.map { ($0, unit) }, field: { "[\($0)].id" })
        _ = try await store.write { w in try await Self.store(records, in: w, unit: unit) }
        return try JSONBody.response(ImportReport(imported: records.count, errors: []))
    }

    @Sendable func putTasks(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: false)
        let inputs = try await JSONBody.decode([TaskInput].self, from: request, limit: limits.maxBodyBytes)
        var issues = Self.validate(people: [], tasks: inputs.map(\.task))
        for (i, input) in inputs.enumerated() { issues += try await plugins.validate(input.task, at: "[\(i)]", unit: unit) }
        guard issues.isEmpty else { throw APIError.invalid(issues) }
        let records = try await placeTasks(inputs.map { ($0.task, $0.recurrence, unit) })
        _ = try await store.write { w in try await Self.store(records, in: w, unit: unit) }
        return try JSONBody.response(ImportReport(imported: records.count, errors: []))
    }

    @Sendable func importPeople(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: false)
        let (table, encoding) = try await csv(request)
        var report = ImportReport(imported: 0, errors: [], encoding: encoding)
        var accepted: [(Person, OrgUnit)] = [], seen = Set<String>()
        for (line, cells) in table.rows {
            let (person, orgID, issues) = PeopleCSV.person(from: cells)
            var rowIssues = issues
            if let person {
                rowIssues += Self.validate(people: [person], tasks: []).map { ValidationIssue(field: Self.column($0.field), reason: $0.reason) }
                if !seen.insert(person.id).inserted { rowIssues.append(ValidationIssue(field: "id", reason: "appears twice in this file")) }
            }
            let target = try await rowUnit(orgID, default: unit, context: context, issues: &rowIssues)
            guard rowIssues.isEmpty, let person, let target else {
                report.errors += rowIssues.map { .init(line: line, field: $0.field, reason: $0.reason) }
                continue
            }
            accepted.append((person, target))
        }
        var records: [PersonRecord] = []
        for (person, target) in accepted {
            do { records += try await place([(person, target)], field: { _ in "id" }) } catch let error as APIError {
                report.errors.append(.init(line: table.rows.first { $0.cells["id"] == person.id }?.line ?? 0, field: "id", reason: error.reason))
            }
        }
        let stored = records
        _ = try await store.write { w in try await Self.store(stored, in: w, unit: unit) }
        report.imported = records.count
        return try JSONBody.response(report, status: report.errors.isEmpty ? .ok : .init(code: 207, reasonPhrase: "Multi-Status"))
    }

    @Sendable func importTasks(_ request: Request, context: TandemContext) async throws -> Response {
        let unit = try await scope(context, staffOnly: false)
        let (table, encoding) = try await csv(request)
        var report = ImportReport(imported: 0, errors: [], encoding: encoding)
        var accepted: [(ServiceTask, Recurrence, OrgUnit)] = [], seen = Set<String>()
        for (line, cells) in table.rows {
            let (task, orgID, recurrence, issues) = TasksCSV.task(from: cells)
            var rowIssues = issues
            if let task {
                rowIssues += Self.validate(people: [], tasks: [task]).map { ValidationIssue(field: Self.column($0.field), reason: $0.reason) }
                if !seen.insert(task.id).inserted { rowIssues.append(ValidationIssue(field: "id", reason: "appears twice in this file")) }
            }
            let target = try await rowUnit(orgID, default: unit, context: context, issues: &rowIssues)
            if let task, let target {
                rowIssues += try await plugins.validate(task, at: "row", unit: target).map { issue in
                    ValidationIssue(field: Self.column(issue.field.replacingOccurrences(of: "row.fields.", with: TasksCSV.fieldPrefix)
                        .replacingOccurrences(of: "row.", with: "")), reason: issue.reason)
                }
            }
            guard rowIssues.isEmpty, let task, let target else {
                report.errors += rowIssues.map { .init(line: line, field: $0.field, reason: $0.reason) }
                continue
            }
            accepted.append((task, recurrence, target))
        }
        var records: [TaskRecord] = []
        for (task, recurrence, target) in accepted {
            do { records += try await placeTasks([(task, recurrence, target)]) } catch let error as APIError {
                report.errors.append(.init(line: table.rows.first { $0.cells["id"] == task.id }?.line ?? 0, field: "id", reason: error.reason))
            }
        }
        let stored = records
        _ = try await store.write { w in try await Self.store(stored, in: w, unit: unit) }
        report.imported = records.count
        return try JSONBody.response(report, status: report.errors.isEmpty ? .ok : .init(code: 207, reasonPhrase: "Multi-Status"))
    }

    // MARK: - Shared steps

    private func scope(_ context: TandemContext, staffOnly: Bool) async throws -> OrgUnit {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        if staffOnly { try Access.requireStaff(user, of: unit) } else { try Access.requireManager(user, of: unit) }
        return unit
    }

    private func csv(_ request: Request) async throws -> (CSVTable, CSVText.Encoding) {
        let data = try await JSONBody.bytes(of: request, limit: limits.maxBodyBytes)
        guard let (text, encoding) = CSVText.decode(data) else {
            throw APIError.badRequest(field: "body", "the file is neither UTF-8 nor GB18030 text: save it as CSV (UTF-8) and upload it again")
        }
        do { return (try CSVTable(parsing: text), encoding) } catch let error as CSVTable.Malformed {
            throw APIError.badRequest(field: "line \(error.line)", error.reason)
        }
    }

    /// The unit a CSV row names in its `org` column: must exist and lie inside the caller's target unit.
    private func rowUnit(_ id: String?, default unit: OrgUnit, context: TandemContext,
                         issues: inout [ValidationIssue]) async throws -> OrgUnit? {
        guard let id, id != unit.id else { return unit }
        guard let named = try await store.orgUnit(id: id), named.path.hasPrefix(unit.path) else {
            issues.append(ValidationIssue(field: "org", reason: "\(id) is not \(unit.id) or a unit below it"))
            return nil
        }
        return named
    }

    /// Ids are global, units are not: an id that another unit's record holds is refused, never moved over, and the
    /// answer does not say which unit holds it (that unit may lie outside the caller's scope).
    private func place(_ people: [(Person, OrgUnit)], field: (Int) -> String) async throws -> [PersonRecord] {
        var records: [PersonRecord] = []
        for (index, (person, unit)) in people.enumerated() {
            if let existing = try await store.person(id: person.id), existing.orgUnit != unit.id {
                throw APIError.conflict(field: field(index), "the id \(person.id) is already used by a person of another unit: choose another id")
            }
            records.append(PersonRecord(person: person, orgUnit: unit.id, orgPath: unit.path))
        }
        return records
    }

    private func placeTasks(_ tasks: [(ServiceTask, Recurrence, OrgUnit)]) async throws -> [TaskRecord] {
        var records: [TaskRecord] = []
        for (index, (task, recurrence, unit)) in tasks.enumerated() {
            if let existing = try await store.task(id: task.id), existing.orgUnit != unit.id {
                throw APIError.conflict(field: "[\(index)].id", "the id \(task.id) is already used by a task of another unit: choose another id")
            }
            var task = task
            task.orgUnit = unit.id
            records.append(TaskRecord(task: task, orgUnit: unit.id, orgPath: unit.path, recurrence: recurrence))
        }
        return records
    }

    /// The domain's own validation (dates, windows, seats), run on the uploaded values alone.
    static func validate(people: [Person], tasks: [ServiceTask]) -> [ValidationIssue] {
        // Stored tasks are not tied to one week: check them against a horizon that spans them all.
        let first = tasks.map(\.start.date).min() ?? LocalDate(dayNumber: 0)
        let last = tasks.map(\.end.date).max() ?? first
        let days = min(Problem.maxHorizonDays, max(1, last.dayNumber - first.dayNumber + 1))
        let problem = Problem(horizon: Horizon(start: first, days: days), people: people, tasks: tasks)
        // Stored values meet the input rules first: the domain's checks then see sane ids, text and dates.
        let shape = people.enumerated().flatMap { InputRules.issues(of: $1, at: "[\($0)]") }
            + tasks.enumerated().flatMap { InputRules.issues(of: $1, at: "[\($0)]") }
        guard shape.isEmpty else { return shape }
        return problem.validate().errors.map { issue in
            var field = issue.field
            for prefix in ["people", "tasks"] where field.hasPrefix(prefix + "[") { field = String(field.dropFirst(prefix.count)) }
            return ValidationIssue(field: field, reason: issue.reason)
        }
    }

    /// `[0].end` → `end`: a CSV row is one item, so the column is the field.
    static func column(_ field: String) -> String {
        guard field.hasPrefix("["), let close = field.firstIndex(of: "]") else { return field }
        let rest = field[field.index(after: close)...]
        return rest.hasPrefix(".") ? String(rest.dropFirst()) : String(rest)
    }
}
