import Foundation
import Scheduling
import Solver
import Storage
import Synchronization

/// Compiled weeks, kept so that a re-plan after a decline starts from the week's model instead of compiling it
/// again (a hundred milliseconds on a 2,000-seat week). The cache follows the event log (`follow`), written by any
/// instance: a change to people, tasks or a unit's plugins or rules drops every model; a unit's offers changing
/// (published, answered, re-planned) drops the other units' models of that week, whose held seats they are.
final class WeekModels: LogReader, Sendable {
    private struct Key: Hashable { let unit: String; let week: LocalDate }
    private struct State {
        var generation = 0
        /// Bumped by a week's invalidation, so a model compiled meanwhile is not kept.
        var weekGenerations: [LocalDate: Int] = [:]
        var models: [Key: (generation: Int, model: SolverModel)] = [:]
    }
    private let state = Mutex(State())
    private let capacity = 16
    let plugins: OrgPlugins

    init(plugins: OrgPlugins) { self.plugins = plugins }

    /// The log's next events (from the `LogFollower`).
    func follow(_ events: [StoredEvent]) {
        struct Scope: Decodable { let orgUnit: String; let week: LocalDate }
        var weeks = Set<WeekScope>()
        for event in events {
            if event.type == InternalEvents.needsChangedType || event.type == "plugins.changed" || event.type == "rules.changed" {
                return invalidate()
            }
            guard event.type.hasPrefix("offer.") || event.type.hasPrefix("schedule.") else { continue }
            // Offer and schedule events both carry their unit and week.
            if let scope = try? JSONDecoder().decode(Scope.self, from: Data(event.payload.utf8)) {
                weeks.insert(WeekScope(unit: scope.orgUnit, week: scope.week))
            }
        }
        for scope in weeks { invalidate(week: scope.week, except: scope.unit) }
    }

    private struct WeekScope: Hashable { let unit: String; let week: LocalDate }

    /// People or tasks changed somewhere: every cached week may be stale.
    func invalidate() {
        state.withLock { s in
            s.generation += 1
            s.models.removeAll()
        }
    }

    /// A unit's offers of `week` changed: the other units' models of that week hold its seats as they were (nil
    /// `unit`: every unit's model of the week).
    func invalidate(week: LocalDate, except unit: String? = nil) {
        state.withLock { s in
            s.weekGenerations[week, default: 0] += 1
            for key in s.models.keys where key.week == week && key.unit != unit { s.models.removeValue(forKey: key) }
        }
    }

    /// The week's model, compiled on a Dispatch worker when missing.
    func model(unit: OrgUnit, week: LocalDate, store: any TandemStore) async throws -> SolverModel {
        let key = Key(unit: unit.id, week: week)
        let (cached, generation, weekGeneration) = state.withLock { s in
            (s.models[key].flatMap { $0.generation == s.generation ? $0.model : nil }, s.generation, s.weekGenerations[week, default: 0])
        }
        if let cached { return cached }
        let needs = try await WeekProblem(store: store).needs(unit: unit, week: week)
        let model = try await plugins.model(for: needs, unit: unit)
        state.withLock { s in
            guard s.generation == generation, s.weekGenerations[week, default: 0] == weekGeneration else { return }
            if s.models.count >= capacity, let any = s.models.keys.first { s.models.removeValue(forKey: any) }
            s.models[key] = (generation, model)
        }
        return model
    }
}
