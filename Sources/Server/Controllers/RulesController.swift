import Foundation
import Hummingbird
import PluginKit
import Scheduling
import Storage

/// Rules per org unit: labour rules, constraint weights and levels, plugin settings and distance limits. A unit sets
/// what it wants; the rest comes down the tree. Every solve and re-plan of the unit, and of the units below it,
/// uses the rules in force, and each version records them.
struct RulesController {
    let store: any TandemStore
    let plugins: OrgPlugins

    func add(to router: Router<TandemContext>) {
        router.get("/api/orgs/:org/rules", use: show)
        router.put("/api/orgs/:org/rules", use: change)
    }

    struct Setting: Encodable {
        let org: String
        /// What this unit sets itself.
        let own: UnitRules
        /// Each unit above that sets something, top first, and what it sets.
        let inherited: [Inherited]
        /// The rules a solve here uses.
        let effective: Rules
        /// Constraint ids a weight or level may name here (the core's and the enabled plugins').
        let constraints: [String]
    }
    struct Inherited: Encodable { let org: String; let rules: UnitRules }

    @Sendable func show(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireStaff(user, of: unit)
        return try JSONBody.response(try await setting(of: unit))
    }

    /// `PUT /api/orgs/:org/rules` with the unit's own `UnitRules` (an empty object: inherit everything). Refused with
    /// 400 naming the field when a value is out of range or names no constraint.
    @Sendable func change(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireManager(user, of: unit)
        let rules = try await JSONBody.decode(UnitRules.self, from: request, limit: 64 << 10)
        let issues = rules.validate(constraints: try await constraints(at: unit))
        guard issues.isEmpty else { throw APIError.invalid(issues) }
        let stored = rules.isEmpty ? nil : rules
        struct Changed: Encodable, Sendable { let org: String; let rules: UnitRules?; let by: String }
        let updated = try await UnitSettingChange(store: store).apply(
            to: unit, event: "rules.changed", payload: Changed(org: unit.id, rules: stored, by: user.username)
        ) { w in try await w.setRules(unitID: unit.id, rules: stored) }
        return try JSONBody.response(try await setting(of: updated))
    }

    private func setting(of unit: OrgUnit) async throws -> Setting {
        var inherited: [Inherited] = []
        for id in unit.lineage.dropLast() {
            if let rules = try await store.orgUnit(id: id)?.rules { inherited.append(Inherited(org: id, rules: rules)) }
        }
        return Setting(org: unit.id, own: unit.rules ?? UnitRules(), inherited: inherited,
                       effective: try await WeekProblem(store: store).effectiveRules(unit),
                       constraints: try await constraints(at: unit).sorted())
    }

    private func constraints(at unit: OrgUnit) async throws -> Set<String> {
        let enabled = try await plugins.enabled(for: unit).ids
        let core = ConstraintID.allCases.filter { $0 != .plugin }.map(\.rawValue)
        return Set(core + plugins.registry.enabled(enabled).flatMap { $0.constraints.map(\.name) })
    }
}
