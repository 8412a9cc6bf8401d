import Hummingbird
import Logging
import PantauCore
import PantauStore
import ServiceLifecycle

/// Early warning (deteksi dini): detection rules over the daily report counts and the alerts they
/// raise. This stage brings the schema, the detectors and the background evaluation; the pages
/// and the API for alerts and rules follow.
public struct EarlyWarningCapability: Capability {
    public init() {}

    public var name: String { "early-warning" }
    public var migrations: [Migration] { EarlyWarningSchema.migrations }
    public var auditEntities: [AuditEntity] { [.alert, .alertRule] }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {}

    /// Every instance evaluates; an alert's dedup key keeps two from raising it twice.
    public func services(_ context: CapabilityContext) -> [any Service] {
        [EarlyWarningWorker(store: context.store, logger: context.logger)]
    }
}

/// Evaluates the rules after reports change (every few seconds, over the kab/kota days that
/// changed, so a burst of reports is one pass) and over every area once an hour.
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
