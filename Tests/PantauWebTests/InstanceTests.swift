import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Several instances on one database")
struct InstanceTests {
    @Test("a session, a lockout and a token begun on one instance hold on another", arguments: TestBackend.available)
    func sharedState(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store, location in
            let fixtures = try await Fixtures.make(store)
            // The second instance has its own connections and its own memory; only the database is shared.
            let otherDatabase = try await Database.open(location, readers: 2, logger: testLogger)
            let other = Store(database: otherDatabase, logger: testLogger, clock: store.clock)
            do {
                try await WebKit.serve(store: store, fixtures: fixtures) { first in
                    try await WebKit.serve(store: other, fixtures: fixtures) { second in
                        let session = try await first.login("analis")
                        let page = try await second.get("/akun", as: session)
                        #expect(page.status == .ok)
                        #expect(page.text.contains("Analis"))
                        // A form rendered by one instance is accepted by the other.
                        let write = try await second.post("/akun/token", form: ["name": "dari-instans-kedua"], as: session)
                        #expect(write.status == .created)
                        // The token the second instance made authenticates on the first.
                        let secret = try #require(write.text.range(of: "pantau_[A-Za-z0-9_-]{20,}", options: .regularExpression).map { String(write.text[$0]) })
                        let me = try await first.api(.get, "/api/v1/me", token: secret)
                        #expect(me.status == .ok)
                        #expect(try me.json()["username"] as? String == "analis")

                        for _ in 0..<ThrottlePolicy.account.threshold {
                            #expect(try await first.attemptLogin("pemantau", "bukan-sandinya-1").status == .unauthorized)
                        }
                        #expect(try await second.attemptLogin("pemantau", testPassword).status == .tooManyRequests)

                        // Signing out on the second ends the session on the first; the token lives on.
                        #expect(try await second.post("/keluar", form: [:], as: session).status == .seeOther)
                        let after = try await first.get("/akun", as: session)
                        #expect(after.status == .seeOther)
                        #expect(after.location?.hasPrefix("/masuk") == true)
                        #expect(try await second.api(.get, "/api/v1/me", token: secret).status == .ok)
                    }
                }
            } catch {
                await otherDatabase.close()
                throw error
            }
            await otherDatabase.close()
        }
    }
}
