import Foundation
import Hummingbird
import Logging
import PantauCore
import PantauStore
import PantauWeb

/// Opens the database and brings it to the current schema, with the bundled regions and a first
/// agency list. Every command that touches data starts here.
public struct Bootstrap {
    public let configuration: Configuration
    public let logger: Logger
    /// The one clock of the application; the store and everything built on it read this.
    public let clock: AppClock

    public init(configuration: Configuration, logger: Logger, clock: AppClock = .system) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    /// Opens the store, runs `body`, and closes the store again.
    public func withStore<T: Sendable>(prepare: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
        let database = try await Database.open(configuration.database, readers: configuration.databaseConnections, logger: logger)
        let store = Store(database: database, logger: logger, clock: clock)
        do {
            if prepare { try await self.prepare(store) }
            let result = try await body(store)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Migrates, loads the bundled regions once, checks the jurisdiction and seeds its agencies.
    public func prepare(_ store: Store) async throws {
        let applied = try await store.migrate(try Capabilities.list().migrations)
        if !applied.isEmpty { logger.info("Applied migrations \(applied.map(String.init).joined(separator: ", "))") }
        try await store.database.optimize()
        var started = ContinuousClock.now
        if let loaded = try await store.loadBundledRegionsIfNeeded() {
            print("Loaded \(loaded.inserted) regions in \(Self.seconds(since: started)).")
        }
        started = ContinuousClock.now
        if let loaded = try await store.loadBundledBoundariesIfNeeded() {
            print("Loaded \(loaded.inserted) region boundaries in \(Self.seconds(since: started)).")
        }
        guard try await store.region(configuration.jurisdiction) != nil else {
            throw Configuration.Invalid(description: "PANTAU_JURISDICTION \(configuration.jurisdiction) is not in the region list")
        }
        let seeded = try await store.seedAgenciesIfEmpty(jurisdiction: configuration.jurisdiction)
        if seeded > 0 { print("Created a first list of \(seeded) agencies for \(configuration.jurisdiction).") }
        let rules = try await store.seedAlertRulesIfEmpty(jurisdiction: configuration.jurisdiction)
        if rules > 0 { print("Created \(rules) early-warning rules for \(configuration.jurisdiction).") }
        let models = try await store.seedIndexModelsIfEmpty(jurisdiction: configuration.jurisdiction)
        if models > 0 { print("Created \(models) vulnerability index models for \(configuration.jurisdiction).") }
    }
}

extension Bootstrap {
    static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%.2f s", seconds)
    }
}

/// The composition root: the store and the web layer wired into one application.
public func buildApplication(configuration: Configuration, store: Store, logger: Logger) async throws -> some ApplicationProtocol {
    let secret = try await configuration.sessionSecret.asyncOr { try await store.sharedSecret("session_secret") }
    var settings = WebSettings(secureCookies: configuration.secureCookies, trustProxy: configuration.trustProxy, sessionSecret: secret,
                               sessionTTL: .seconds(configuration.sessionHours * 3600), bcryptCost: configuration.bcryptCost,
                               jurisdiction: configuration.jurisdiction, publicReportsPerHour: configuration.publicReportsPerHour)
    settings.dataDirectory = configuration.dataDirectory
    settings.maxUploadBytes = configuration.maxUploadMegabytes << 20
    settings.maxAttachmentsPerReport = configuration.maxAttachmentsPerReport
    settings.uploadBytesPerDay = configuration.uploadMegabytesPerDay << 20
    settings.webhookAllowPrivate = configuration.webhookAllowPrivate
    settings.zone = configuration.zone
    settings.runJobs = configuration.runJobs
    let web = try await buildRouter(store: store, settings: settings, capabilities: try Capabilities.list(), logger: logger)
    let host = configuration.host, port = configuration.port
    return Application(
        router: web.router,
        configuration: .init(address: .hostname(host, port: port), serverName: "Pantau"),
        services: web.services,
        onServerRunning: { channel in
            print("Pantau is running at http://\(host):\(channel.localAddress?.port ?? port)/")
            fflush(nil)  // a pipe buffers stdout; whoever waits for this line should see it now
        },
        logger: logger
    )
}

extension Optional where Wrapped: Sendable {
    func asyncOr(_ fallback: () async throws -> Wrapped) async rethrows -> Wrapped {
        if let value = self { return value }
        return try await fallback()
    }
}
