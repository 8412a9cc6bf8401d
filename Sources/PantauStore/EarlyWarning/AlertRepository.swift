import PantauCore

/// Early-warning rules and alerts as one caller may reach them. Alerts of areas inside the
/// scope; rules that cover the scope (its own and those above it) or lie inside it; rules are
/// written only by their own jurisdiction.
public struct AlertRepository: Sendable {
    let store: Store
    public let scope: Scope

    public func list(_ filter: AlertFilter) async throws -> Page<Alert> { try await store.alerts(scope: scope.region, filter: filter) }
    public func get(_ id: Int) async throws -> Alert? { try await store.alert(id, scope: scope.region) }
    public func openCount() async throws -> Int { try await store.openAlertCount(scope: scope.region) }

    public func handle(_ id: Int, to status: AlertStatus, note: String?, agencyID: Int?, updatedAt: Int, actor: Actor) async throws -> Alert {
        try await store.handleAlert(id, to: status, note: note, agencyID: agencyID, updatedAt: updatedAt, scope: scope.region, actor: actor)
    }

    public func rules() async throws -> [AlertRule] { try await store.alertRules(scope: scope.region) }
    public func rule(_ id: Int) async throws -> AlertRule? { try await store.alertRule(id, scope: scope.region) }

    public func createRule(_ rule: DetectionRule, agencyID: Int?, actor: Actor) async throws -> AlertRule {
        try await store.createAlertRule(rule, owner: scope.region, agencyID: agencyID, actor: actor)
    }

    public func updateRule(_ id: Int, rule: DetectionRule, agencyID: Int?, active: Bool, version: Int, actor: Actor) async throws -> AlertRule {
        try await store.updateAlertRule(id, rule: rule, agencyID: agencyID, active: active, version: version, owner: scope.region, actor: actor)
    }
}

extension Store {
    /// The early-warning rules and alerts `scope` may reach.
    public func alerts(_ scope: Scope) -> AlertRepository { AlertRepository(store: self, scope: scope) }
}
