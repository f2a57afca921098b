import Foundation
import Hummingbird
import PluginKit
import Scheduling
import Storage

/// The domain plugins: what each org unit has enabled (the console renders task forms from it), and changing that.
struct PluginController {
    let store: any TandemStore
    let plugins: OrgPlugins

    func add(to router: Router<TandemContext>) {
        router.get("/api/plugins", use: list)
        router.get("/api/orgs/:org/plugins", use: show)
        router.put("/api/orgs/:org/plugins", use: change)
    }

    struct PluginView: Encodable {
        let id: String
        let name: Words
        let enabled: Bool
        let taskKinds: [TaskKind]
        let constraints: [PluginConstraint]
        let vocabulary: [String: Words]
    }

    struct Setting: Encodable {
        let org: String
        /// The enabled plugin ids, sorted.
        let enabled: [String]
        /// The unit whose choice applies here; nil when nobody chose (every plugin is on).
        let setAt: String?
        let plugins: [PluginView]
    }

    /// `GET /api/plugins?org=ID`: the plugins enabled for a unit (the caller's own by default), with their task kinds,
    /// fields, constraints and words. Every signed-in user may read it for their own unit and, staff, their subtree.
    @Sendable func list(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(request.uri.queryParameters.get("org") ?? user.orgUnit, store: store, field: "org")
        if unit.id != user.orgUnit { try Access.requireStaff(user, of: unit) }
        let setting = try await setting(of: unit)
        return try JSONBody.response(setting.plugins.filter(\.enabled))
    }

    @Sendable func show(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireStaff(user, of: unit)
        return try JSONBody.response(try await setting(of: unit))
    }

    /// `PUT /api/orgs/:org/plugins` with `{"enabled": [ids]}` sets the unit's plugins (its subtree inherits them);
    /// `{"enabled": null}` goes back to inheriting from the parent.
    @Sendable func change(_ request: Request, context: TandemContext) async throws -> Response {
        let user = try context.requireUser()
        let unit = try await Lookup.unit(try context.parameters.require("org"), store: store, field: "org")
        try Access.requireManager(user, of: unit)
        struct Body: Decodable { let enabled: [String]? }
        let body = try await JSONBody.decode(Body.self, from: request, limit: 16 << 10)
        let known = Set(plugins.registry.ids)
        if let ids = body.enabled {
            for (i, id) in ids.enumerated() where !known.contains(id) {
                throw APIError.badRequest(field: "enabled[\(i)]", "unknown plugin \(id); this server has \(plugins.registry.ids.joined(separator: ", "))")
            }
        }
        let chosen = body.enabled.map { Array(Set($0)).sorted() }
        struct Changed: Encodable, Sendable { let org: String; let enabled: [String]?; let by: String }
        let updated = try await UnitSettingChange(store: store).apply(
            to: unit, event: "plugins.changed", payload: Changed(org: unit.id, enabled: chosen, by: user.username)
        ) { w in try await w.setPlugins(unitID: unit.id, plugins: chosen) }
        return try JSONBody.response(try await setting(of: updated))
    }

    private func setting(of unit: OrgUnit) async throws -> Setting {
        let (ids, setAt) = try await plugins.enabled(for: unit)
        let views = plugins.registry.plugins.map { p in
            PluginView(id: p.id, name: p.name, enabled: ids.contains(p.id), taskKinds: p.taskKinds, constraints: p.constraints,
                       vocabulary: p.vocabulary)
        }
        return Setting(org: unit.id, enabled: ids.sorted(), setAt: setAt, plugins: views)
    }
}
