import Scheduling
import Storage

/// Turns stored tasks (one-off and weekly templates) into the concrete tasks of one week. A weekly template's
/// occurrence is named `TEMPLATE@DATE`, so an offer names its occurrence and the occurrence can be rebuilt.
enum WeekTasks {
    static func occurrences(of records: [TaskRecord], week: LocalDate) -> [ServiceTask] {
        var out: [ServiceTask] = []
        let first = week.dayNumber, last = week.dayNumber + 6
        for record in records {
            let task = record.task
            let day = task.start.date.dayNumber
            switch record.recurrence {
            case .once:
                if (first...last).contains(day) { out.append(task) }
            case .weekly:
                guard day <= last else { continue }
                let weeksAhead = day >= first ? 0 : (first - day + 6) / 7
                let shifted = day + weeksAhead * 7
                if (first...last).contains(shifted) { out.append(shift(task, byDays: shifted - day)) }
            }
        }
        return out.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// The occurrence an offer names: a one-off task's id, or `TEMPLATE@DATE`.
    static func occurrence(_ id: String, in records: [String: TaskRecord]) -> ServiceTask? {
        if let record = records[id] { return record.task }
        guard let at = id.lastIndex(of: "@"), let date = LocalDate(id[id.index(after: at)...]),
              let record = records[String(id[..<at])], record.recurrence == .weekly else { return nil }
        let task = record.task
        return shift(task, byDays: date.dayNumber - task.start.date.dayNumber)
    }

    static func baseID(_ id: String) -> String {
        guard let at = id.lastIndex(of: "@") else { return id }
        return String(id[..<at])
    }

    private static func shift(_ task: ServiceTask, byDays days: Int) -> ServiceTask {
        guard days != 0 else { return task }
        var copy = task
        copy.id = "\(task.id)@\(task.start.date.adding(days: days))"
        copy.start = LocalDateTime(minutes: task.start.minutes + days * 1440)
        copy.end = LocalDateTime(minutes: task.end.minutes + days * 1440)
        return copy
    }
}
