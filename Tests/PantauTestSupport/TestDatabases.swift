import Foundation
import Logging
import PantauApp
import PantauCore
@testable import PantauStore
import Synchronization

/// The clock every test runs on: it starts at a fixed instant (Wednesday 25 November 2026,
/// 10:00 WIB) and moves on with real time, so that times still advance within a test while no
/// test depends on the day it runs. `advance(by:)` jumps ahead (a lock that expires, a retry that
/// falls due).
public final class TestClock: Sendable {
    /// 2026-11-25 03:00:00 UTC.
    public static let start = 1_795_575_600

    private let origin: Int
    private let began = ContinuousClock.now
    private let offset = Mutex<Double>(0)

    public init(start: Int = TestClock.start) { origin = start }

    public var clock: AppClock {
        AppClock { [self] in
            let elapsed = ContinuousClock.now - began
            return Double(origin) + offset.withLock { $0 } + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    public func now() -> Int { clock.now() }

    public func advance(by seconds: Int) { offset.withLock { $0 += Double(seconds) } }
}

/// The databases the suites run on: SQLite always, PostgreSQL as well when
/// PANTAU_TEST_POSTGRES_URL names a server the tests may create databases on.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var available: [TestBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["PANTAU_TEST_POSTGRES_URL"]
        return (value?.isEmpty ?? true) ? nil : value
    }
}

public let testLogger: Logger = {
    var logger = Logger(label: "pantau.test")
    logger.logLevel = .warning
    return logger
}()

/// A fresh, migrated database holding the whole bundled region list, one per test. The regions
/// are imported once per run into a template, which each test then copies: a file copy on
/// SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL.
public actor TestDatabases {
    public static let shared = TestDatabases()

    /// Every capability's migrations, as the application runs them.
    public static let migrations: [Migration] = (try? Capabilities.list().migrations) ?? []

    private var sqliteTemplate: Task<String, any Error>?
    private var postgresTemplate: Task<String, any Error>?

    /// Runs `body` with a store on a new database and removes the database afterwards.
    public static func withStore<T: Sendable>(
        _ backend: TestBackend, jurisdiction: RegionCode = RegionCode("36.73")!, clock: TestClock = TestClock(),
        _ body: @Sendable (Store) async throws -> T
    ) async throws -> T {
        try await withStore(backend, jurisdiction: jurisdiction, clock: clock) { store, _ in try await body(store) }
    }

    /// The same, also handing over where the database is, so a test can open a second connection
    /// to it as a second instance would.
    public static func withStore<T: Sendable>(
        _ backend: TestBackend, jurisdiction: RegionCode = RegionCode("36.73")!, clock: TestClock = TestClock(),
        _ body: @Sendable (Store, DatabaseLocation) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await shared.makeDatabase(backend)
        let database = try await Database.open(location, readers: 2, logger: testLogger)
        let store = Store(database: database, logger: testLogger, clock: clock.clock)
        do {
            try await store.seedAgenciesIfEmpty(jurisdiction: jurisdiction)
            let result = try await body(store, location)
            await database.close()
            try await cleanup()
            return result
        } catch {
            await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// A new database location and the closure that removes it.
    public func makeDatabase(_ backend: TestBackend) async throws -> (DatabaseLocation, @Sendable () async throws -> Void) {
        switch backend {
        case .sqlite:
            let template = try await sqliteTemplatePath()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("pantau.sqlite").path
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let adminURL = TestBackend.postgresURL else { throw DatabaseError("PANTAU_TEST_POSTGRES_URL is not set") }
            let template = try await postgresTemplateName()
            let name = "pantau_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await Self.adminExecute(adminURL, "CREATE DATABASE \(name) TEMPLATE \(template)")
            return (.postgres(url: Self.url(adminURL, database: String(name))), {
                try await Self.adminExecute(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            })
        }
    }

    /// Opens the database at `location` for `body`, then closes it and removes it with `cleanup`,
    /// whether `body` returns or throws.
    public static func using<T: Sendable>(_ location: DatabaseLocation, cleanup: @Sendable () async throws -> Void, logger: Logger = testLogger,
                                          _ body: (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(location, readers: 1, logger: logger)
        do {
            let result = try await body(database)
            await database.close()
            try await cleanup()
            return result
        } catch {
            await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// A new, empty database (no schema, no regions) and the closure that removes it, for tests
    /// of migrations.
    public func makeEmptyDatabase(_ backend: TestBackend) async throws -> (DatabaseLocation, @Sendable () async throws -> Void) {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-empty-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (.sqlite(path: folder.appendingPathComponent("pantau.sqlite").path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let adminURL = TestBackend.postgresURL else { throw DatabaseError("PANTAU_TEST_POSTGRES_URL is not set") }
            let name = "pantau_e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await Self.adminExecute(adminURL, "CREATE DATABASE \(name)")
            return (.postgres(url: Self.url(adminURL, database: String(name))), {
                try await Self.adminExecute(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            })
        }
    }

    private func sqliteTemplatePath() async throws -> String {
        if sqliteTemplate == nil {
            sqliteTemplate = Task {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-template-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let path = folder.appendingPathComponent("template.sqlite").path
                let database = try await Database.open(.sqlite(path: path), readers: 1, logger: testLogger)
                try await Self.prepareTemplate(database)
                await database.close()
                return path
            }
        }
        return try await sqliteTemplate!.value
    }

    private func postgresTemplateName() async throws -> String {
        if postgresTemplate == nil {
            postgresTemplate = Task {
                guard let adminURL = TestBackend.postgresURL else { throw DatabaseError("PANTAU_TEST_POSTGRES_URL is not set") }
                let name = "pantau_template_\(ProcessInfo.processInfo.processIdentifier)"
                try await Self.adminExecute(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try await Self.adminExecute(adminURL, "CREATE DATABASE \(name)")
                let database = try await Database.open(.postgres(url: Self.url(adminURL, database: name)), readers: 1, logger: testLogger)
                try await Self.prepareTemplate(database)
                await database.close()
                return name
            }
        }
        return try await postgresTemplate!.value
    }

    private static func prepareTemplate(_ database: Database) async throws {
        let store = Store(database: database, logger: testLogger)
        do {
            _ = try await store.migrate(TestDatabases.migrations)
            _ = try await store.loadBundledRegionsIfNeeded()
            _ = try await store.loadBundledBoundariesIfNeeded()
        } catch {
            await database.close()
            throw error
        }
    }

    static func adminExecute(_ adminURL: String, _ sql: String) async throws {
        let database = try await Database.open(.postgres(url: adminURL), readers: 1, logger: testLogger)
        do {
            try await database.read { db in try await db.raw(.init(sql)).run() }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    /// The same server URL pointing at another database.
    static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }
}
