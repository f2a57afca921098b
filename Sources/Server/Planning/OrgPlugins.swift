import Foundation
import PluginKit
import Scheduling
import Solver
import Storage

/// Which domain plugins an org unit uses, and solving with them. A unit's choice is the nearest one set on its path
/// (itself, then its parents up the tree); where nobody chose, every plugin of the registry is on.
struct OrgPlugins: Sendable {
    let registry: PluginRegistry
    let store: any TandemStore

    /// The enabled plugin ids of `unit`, and the unit whose setting decided it (nil: the default, all).
    func enabled(for unit: OrgUnit) async throws -> (ids: Set<String>, setAt: String?) {
        for id in unit.lineage.reversed() {
            let node = id == unit.id ? unit : try await store.orgUnit(id: id)
            if let chosen = node?.plugins { return (Set(chosen).intersection(registry.ids), id) }
        }
        return (Set(registry.ids), nil)
    }

    /// The issues of one task stored at `unit`, fields named under `path` (its kind must be enabled there).
    func validate(_ task: ServiceTask, at path: String, unit: OrgUnit) async throws -> [ValidationIssue] {
        let enabled = try await enabled(for: unit).ids
        guard registry.owner(ofKind: task.kind) != nil || ServiceTask.coreKinds.contains(task.kind) else {
            let known = ServiceTask.coreKinds.sorted() + registry.plugins.filter { enabled.contains($0.id) }.flatMap { $0.taskKinds.map(\.id) }
            return [ValidationIssue(field: "\(path).kind", reason: "unknown task kind \(InputRules.quoted(task.kind)): use one of \(known.joined(separator: ", "))")]
        }
        return registry.validate(task, at: path, enabled: enabled)
    }

    /// The week's problem compiled with the unit's plugins, on a Dispatch worker.
    func model(for problem: Problem, unit: OrgUnit) async throws -> SolverModel {
        let ids = try await enabled(for: unit).ids
        let registry = self.registry
        return try await Offload.run { Result { try registry.model(for: problem, enabled: ids) } }.get()
    }
}
