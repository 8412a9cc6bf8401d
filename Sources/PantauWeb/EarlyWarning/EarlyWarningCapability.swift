import Hummingbird
import Logging
import PantauCore
import PantauStore
import ServiceLifecycle

/// Early warning (deteksi dini): detection rules over the daily report counts and the alerts they
/// raise: the alert list and its handling, the rules analysts edit, their API, and the background
/// evaluation.
public struct EarlyWarningCapability: Capability {
    public init() {}

    public var name: String { "early-warning" }
    public var migrations: [Migration] { EarlyWarningSchema.migrations }
    public var actions: [Action] { Action.alertActions }
    public var auditEntities: [AuditEntity] { [.alert, .alertRule] }
    public var apiDocument: String? { "early-warning" }
    public var navigation: [NavigationEntry] {
        [NavigationEntry("Peringatan", href: AlertURL.list.path, section: .alerts, action: .viewAlerts, badge: Self.openCount)]
    }

    static func openCount(_ context: AppRequestContext, _ store: Store) async throws -> Int? {
        guard let principal = context.principal else { return nil }
        return try await store.alerts(Scope(principal)).openCount()
    }

    /// Situasi: the open alerts of the jurisdiction, newest first.
    public func situationPanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel? {
        guard let principal = context.principal, principal.can(.viewAlerts) else { return nil }
        var filter = AlertFilter()
        filter.statuses = [.new, .handling]
        filter.pageSize = 5
        let repository = capability.store.alerts(Scope(principal))
        let open = try await repository.list(filter).items
        let names = try await capability.store.regionNames(open.map(\.region.rawValue))
        let total = try await repository.openCount()
        return HomePanel(
            title: "Peringatan dini terbuka",
            figures: [HomePanel.Figure(Display.number(total), "peringatan baru atau sedang ditangani", href: AlertURL.list.path + "?status=terbuka")],
            entriesTitle: total > open.count ? "Lima terbaru" : nil,
            entries: open.map { alert in
                HomePanel.Entry(title: "\(alert.ruleName): \(names[alert.region.rawValue] ?? alert.region.rawValue)", href: AlertURL.alert(alert.id).path,
                                status: alert.status.label, statusClass: "alert-\(alert.status.rawValue)", meta: AlertRoutes.days(alert))
            },
            emptyText: "Tidak ada peringatan yang terbuka.")
    }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        AlertRoutes(store: context.store, renderer: context.renderer).register(on: router)
        AlertRuleRoutes(store: context.store, renderer: context.renderer).register(on: router)
    }

    /// Every instance evaluates; an alert's dedup key keeps two from raising it twice.
    public func services(_ context: CapabilityContext) -> [any Service] {
        [EarlyWarningWorker(store: context.store, logger: context.logger)]
    }
}

/// Evaluates the rules after reports change (every few seconds, over the kab/kota days that
/// changed, so a burst of reports is one pass) and over every area once an hour, after refreshing
/// the planner's statistics.
public struct EarlyWarningWorker: Service {
    let store: Store
    let logger: Logger
    var changeInterval: Duration = .seconds(10)
    var fullInterval: Duration = .seconds(3600)

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            var lastFull: ContinuousClock.Instant?
            while !Task.isCancelled {
                let today = DayCounts.day(store.clock.now())
                do {
                    if lastFull.map({ ContinuousClock.now - $0 >= fullInterval }) ?? true {
                        try await store.database.optimize()
                        let result = try await store.evaluateAlerts(today: today)
                        lastFull = .now
                        if result.raised > 0 { logger.info("Early warning: \(result.raised) alerts raised over \(result.areas) areas") }
                    }
                    let result = try await store.evaluateChangedAlerts(today: today)
                    if result.raised > 0 { logger.info("Early warning: \(result.raised) alerts raised after \(result.changes) changed days") }
                } catch {
                    logger.warning("Early warning: \(error)")
                }
                try? await Task.sleep(for: changeInterval)
            }
        }
    }
}
