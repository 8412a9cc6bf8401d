import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

/// What the database said when it refused a statement: the whole SQLite or PostgreSQL error,
/// whose plain description PostgreSQL's client keeps generic.
func databaseMessage(_ error: (any Error)?) -> String {
    error.map { String(reflecting: $0) } ?? "no error"
}

@Suite("Accounts, tokens, throttling and audit in the store")
struct AccountStoreTests {
    func makeUser(_ store: Store, _ username: String = "budi", region: String = "36.73") async throws -> User {
        let agency = try #require(try await store.defaultAgency(for: RegionCode(region)!))
        return try await store.createUser(username: username, input: UserInput(displayName: "Budi", role: .monitor, jurisdiction: RegionCode(region)!, agencyID: agency.id),
                                          passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
    }

    @Test("migrations run once: a second run applies nothing", arguments: TestBackend.available)
    func migrationsIdempotent(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            #expect(try await store.migrate(TestDatabases.migrations).isEmpty)
            let versions = try await Migrator(database: store.database, migrations: TestDatabases.migrations).appliedVersions()
            #expect(versions == Array(1...18))
            #expect(TestDatabases.migrations.map(\.version) == Array(1...18))
        }
    }

    @Test("a user is created inside the creator's scope only, with a unique name", arguments: TestBackend.available)
    func users(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let user = try await makeUser(store)
            #expect(user.jurisdiction.rawValue == "36.73")
            await #expect(throws: ValidationFailure.self) { _ = try await makeUser(store) }
            let agency = try #require(try await store.defaultAgency(for: RegionCode("36.73")!))
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.createUser(username: "luas", input: UserInput(displayName: "L", role: .viewer, jurisdiction: RegionCode("36")!, agencyID: agency.id),
                                               passwordHash: "x", scope: RegionCode("36.73")!, actor: .console("test"))
            }
            #expect(try await store.user(username: "luas") == nil)
            let listed = try await store.users(scope: RegionCode("36.73.01")!)
            #expect(listed.items.isEmpty)
            let cityList = try await store.users(scope: RegionCode("36.73")!)
            #expect(cityList.items.map(\.user.username) == ["budi"])
        }
    }

    @Test("tokens are stored hashed, found by their secret, and dead once revoked", arguments: TestBackend.available)
    func tokens(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let user = try await makeUser(store)
            let (token, secret) = try await store.createToken(userID: user.id, name: "uji", actor: .console("test"))
            #expect(secret.hasPrefix("pantau_"))
            #expect(try await store.authenticateToken(secret)?.id == user.id)
            #expect(try await store.authenticateToken(secret + "a") == nil)
            #expect(try await store.authenticateToken("bukan-token") == nil)
            #expect(try await store.revokeToken(id: token.id, userID: user.id, actor: .console("test")))
            #expect(try await store.revokeToken(id: token.id, userID: user.id, actor: .console("test")) == false)
            #expect(try await store.authenticateToken(secret) == nil)
        }
    }

    @Test("throttle counters persist and lock after the threshold", arguments: TestBackend.available)
    func throttle(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            var states: [String: ThrottleState] = [:]
            for _ in 0..<5 {
                guard case .reserved(let now) = try await store.reserveLoginAttempt([("user:budi", .account), ("ip:10.0.0.1", .address)]) else {
                    Issue.record("locked before the threshold"); return
                }
                states = now
            }
            #expect(states["user:budi"]?.isLocked(at: store.clock.now()) == true)
            #expect(states["ip:10.0.0.1"]?.isLocked(at: store.clock.now()) == false)
            let sixth = try await store.reserveLoginAttempt([("user:budi", .account), ("ip:10.0.0.1", .address)])
            #expect(sixth == .locked(until: states["user:budi"]!.lockedUntil))
            #expect(try await store.throttleStates(["ip:10.0.0.1"])["ip:10.0.0.1"]?.failures == 5)
            try await store.resetLoginFailures("user:budi")
            #expect(try await store.throttleStates(["user:budi"]).isEmpty)
        }
    }

    @Test("the database refuses to change or delete the audit log", arguments: TestBackend.available)
    func auditAppendOnly(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            _ = try await makeUser(store)
            let before = try await store.auditLog(scope: .national, filter: AuditFilter()).items
            #expect(before.contains { $0.entity == "user" && $0.action == "create" })
            let update = await #expect(throws: (any Error).self) {
                try await store.database.write { db in try await db.raw("UPDATE audit_log SET summary = 'dihapus'").run() }
            }
            #expect(databaseMessage(update).contains("audit_log is append-only"), "\(databaseMessage(update))")
            let delete = await #expect(throws: (any Error).self) {
                try await store.database.write { db in try await db.raw("DELETE FROM audit_log").run() }
            }
            #expect(databaseMessage(delete).contains("audit_log is append-only"), "\(databaseMessage(delete))")
            let after = try await store.auditLog(scope: .national, filter: AuditFilter()).items
            #expect(after == before)
        }
    }

    @Test("a failing write leaves neither the record nor its audit line", arguments: TestBackend.available)
    func transactionRollsBack(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let before = try await store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count
            let refused = await #expect(throws: (any Error).self) {
                try await store.database.write { db in
                    try await store.audit(db, actor: .console("test"), action: "create", entity: .agency, entityID: "x", region: nil, summary: "setengah jalan")
                    try await db.raw("INSERT INTO agencies (name, type, region_kode, active, created_at, updated_at) VALUES ('X', 'bukan-jenis', '36.73', 1, 0, 0)").run()
                }
            }
            // The kind of agency is a reference to the agency_types table.
            #expect(databaseMessage(refused).lowercased().contains("foreign key"), "\(databaseMessage(refused))")
            #expect(try await store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count == before)
        }
    }

    @Test("sessions expire and are swept", arguments: TestBackend.available)
    func sessions(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            try await store.setSessionValue(key: "a", value: "{}", expiresAt: store.clock.now() + 60)
            try await store.setSessionValue(key: "b", value: "{}", expiresAt: store.clock.now() - 1)
            #expect(try await store.sessionValue(key: "a") != nil)
            #expect(try await store.sessionValue(key: "b") == nil)
            try await store.setSessionValue(key: "c", value: "{}", expiresAt: store.clock.now() + 60)
            let rows = try await store.database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM sessions").first(decodingColumn: "n", as: Int.self) }
            #expect(rows == 2)
            try await store.removeSessionValue(key: "a")
            #expect(try await store.sessionValue(key: "a") == nil)
        }
    }
}
