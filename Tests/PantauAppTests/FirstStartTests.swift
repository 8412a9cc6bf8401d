import Foundation
@testable import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("First start")
struct FirstStartTests {
    /// PostgreSQL is where several instances share one database (SQLite serves one process).
    @Test("two instances starting together on one empty PostgreSQL database migrate, load the regions and seed the agencies once",
          arguments: TestBackend.available.filter { $0 == .postgres })
    func concurrentFirstStart(backend: TestBackend) async throws {
        let (location, cleanup) = try await TestDatabases.shared.makeEmptyDatabase(backend)
        let configuration = try Configuration(environment: ["PANTAU_LOG_LEVEL": "critical"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let database = try await Database.open(location, readers: 1, logger: testLogger)
                        let store = Store(database: database, logger: testLogger)
                        do {
                            try await Bootstrap(configuration: configuration, logger: testLogger).prepare(store)
                        } catch {
                            await database.close()
                            throw error
                        }
                        await database.close()
                    }
                }
                try await group.waitForAll()
            }
            let database = try await Database.open(location, readers: 1, logger: testLogger)
            let store = Store(database: database, logger: testLogger)
            struct Count: Decodable { var kind: String; var n: Int }
            let imports = try await database.read { db in
                try await db.raw("SELECT kind, COUNT(*) AS n FROM data_imports GROUP BY kind ORDER BY kind").all(decoding: Count.self)
            }
            let regions = try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM regions").first(decodingColumn: "n", as: Int.self) }
            let agencies = try await store.agencies(scope: .national).count
            // The default detection rules and index models are seeded once too (they were seeded
            // twice before the first-start lock covered them, or refused by a unique key).
            let seeded = try await database.read { db in
                (try await db.raw("SELECT COUNT(*) AS n FROM alert_rules").first(decodingColumn: "n", as: Int.self),
                 try await db.raw("SELECT COUNT(*) AS n FROM index_models").first(decodingColumn: "n", as: Int.self))
            }
            await database.close()
            #expect(seeded.0 == DetectionRule.defaults.count && seeded.1 == IndexModel.defaults.count)
            #expect(regions == 91_600)  // 91,599 and the root "ID"
            #expect(imports.map(\.kind) == ["boundaries", "regions"])
            #expect(imports.first { $0.kind == "regions" }?.n == 1)
            #expect(imports.first { $0.kind == "boundaries" }?.n == BundledData.boundaryFiles.count)
            let single = try await TestDatabases.withStore(backend) { store in try await store.agencies(scope: .national).count }
            #expect(agencies == single)
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }
}
