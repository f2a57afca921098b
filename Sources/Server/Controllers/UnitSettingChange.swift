import Storage

/// A change to one unit's own settings (its plugins, its rules), which every solve at and below it reads: written
/// with its event in one transaction, whose commit drops every instance's compiled weeks (`WeekModels.follow`).
/// Returns the unit as stored now.
struct UnitSettingChange {
    let store: any TandemStore

    func apply(to unit: OrgUnit, event type: String, payload: some Encodable & Sendable,
               _ change: @escaping @Sendable (any StoreWriter) async throws -> Void) async throws -> OrgUnit {
        let text = PushMessage.json(payload)
        _ = try await Lookup.storing {
            try await store.write { w in
                try await change(w)
                try await w.emit(NewEvent(type: type, orgPath: unit.path, payload: text))
            }
        }
        guard let updated = try await store.orgUnit(id: unit.id) else { throw APIError.notFound("org unit \(unit.id)") }
        return updated
    }
}
