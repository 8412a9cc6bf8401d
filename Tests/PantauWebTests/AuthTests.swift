import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Signing in, sessions, CSRF and tokens")
struct AuthTests {
    @Test("a correct password starts an HttpOnly, SameSite session stored in the database", arguments: TestBackend.available)
    func login(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let response = try await kit.attemptLogin("admin", testPassword)
            #expect(response.status == .seeOther)
            let header = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("pantau_session=") })
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
            #expect(!header.contains("Secure"))
            let rows = try await kit.store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sessions").first(decodingColumn: "n", as: Int.self)
            }
            #expect(rows == 1)
            let session = try await kit.login("admin")
            let home = try await kit.get("/", as: session)
            #expect(home.status == .ok)
            #expect(home.text.contains("Selamat datang"))
        }
    }

    @Test("a wrong password or unknown user is refused with the same message and no session", arguments: TestBackend.available)
    func wrongPassword(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            for (user, password) in [("admin", "salah-sekali-123"), ("tidak.ada", testPassword)] {
                let response = try await kit.attemptLogin(user, password)
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("Nama pengguna atau kata sandi salah."))
                #expect(WebKit.cookie("pantau_session", in: response) == nil)
            }
        }
    }

    @Test("pages need a session: a page redirects to sign-in, the API answers 401 problem+json", arguments: TestBackend.available)
    func anonymous(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let page = try await kit.get("/pengguna")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/masuk?next=") == true)
            let api = try await kit.api(.get, "/api/v1/me", token: nil)
            #expect(api.status == .unauthorized)
            #expect(api.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try api.json()["status"] as? Int == 401)
        }
    }

    @Test("five failures lock the account with back-off, even for the right password", arguments: TestBackend.available)
    func accountLockout(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            for _ in 0..<ThrottlePolicy.account.threshold {
                #expect(try await kit.attemptLogin("analis", "bukan-sandinya-1").status == .unauthorized)
            }
            let locked = try await kit.attemptLogin("analis", testPassword)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Terlalu banyak percobaan"))
            // Other accounts from elsewhere are not affected by this account's lock.
            #expect(try await kit.attemptLogin("admin", testPassword).status == .seeOther)
            let state = try await kit.store.throttleStates(["user:analis"])["user:analis"]
            #expect(state?.failures == 5)
            #expect((state?.lockedUntil ?? 0) > kit.store.clock.now())
        }
    }

    @Test("a good sign-in resets the account's failure count", arguments: TestBackend.available)
    func lockoutResets(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let below = ThrottlePolicy.account.threshold - 1
            for round in 1...2 {
                for _ in 0..<below {
                    #expect(try await kit.attemptLogin("analis", "bukan-sandinya-1").status == .unauthorized, "round \(round)")
                }
                let counted = try await kit.store.throttleStates(["user:analis"])["user:analis"]
                #expect(counted?.failures == below, "round \(round)")
                #expect(counted?.lockedUntil == 0, "round \(round)")
                // The fifth attempt of the round is the right password: had the first round's
                // failures been kept, the second round's fifth would be locked out.
                #expect(try await kit.attemptLogin("analis", testPassword).status == .seeOther, "round \(round)")
                let afterSuccess = try await kit.store.throttleStates(["user:analis"])
                #expect(afterSuccess.isEmpty, "round \(round)")
            }
        }
    }

    @Test("the lock ends by itself: after it the right password signs in", arguments: TestBackend.available)
    func lockExpires(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            for _ in 0..<ThrottlePolicy.account.threshold {
                #expect(try await kit.attemptLogin("analis", "bukan-sandinya-1").status == .unauthorized)
            }
            #expect(try await kit.attemptLogin("analis", testPassword).status == .tooManyRequests)
            let state = try #require(try await kit.store.throttleStates(["user:analis"])["user:analis"])
            #expect(state.lockedUntil - state.lastFailureAt == ThrottlePolicy.account.baseLockSeconds)
            // Still locked a little before the end (measured from now: the clock also moves with
            // real time, however slow the machine).
            clock.advance(by: state.lockedUntil - clock.now() - 5)
            #expect(try await kit.attemptLogin("analis", testPassword).status == .tooManyRequests)
            clock.advance(by: state.lockedUntil - clock.now() + 1)
            let signedIn = try await kit.attemptLogin("analis", testPassword)
            #expect(signedIn.status == .seeOther)
            #expect(WebKit.cookie("pantau_session", in: signedIn) != nil)
            let cleared = try await kit.store.throttleStates(["user:analis"])
            #expect(cleared.isEmpty)
        }
    }

    @Test("many failures from one address lock that address for every account", arguments: TestBackend.available)
    func addressLockout(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            for index in 0..<ThrottlePolicy.address.threshold {
                #expect(try await kit.attemptLogin("tebakan\(index)", "bukan-sandinya-1").status == .unauthorized, "attempt \(index)")
            }
            let locked = try await kit.attemptLogin("admin", testPassword)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Terlalu banyak percobaan"))
            #expect(WebKit.cookie("pantau_session", in: locked) == nil)
        }
    }

    @Test("a state-changing form without the session's CSRF token is refused and changes nothing", arguments: TestBackend.available)
    func csrf(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let form = ["name": "Ormas Baru", "type": "lainnya", "region": "36.73", "active": "on"]
            let missing = try await kit.request(.post, "/instansi", headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"], body: WebKit.encode(form))
            #expect(missing.status == .forbidden)
            let wrong = try await kit.post("/instansi", form: form, as: session, csrf: String(repeating: "0", count: 64))
            #expect(wrong.status == .forbidden)
            let count = try await kit.store.agencies(scope: RegionCode("36.73")!, query: "Ormas Baru").count
            #expect(count == 0)
            let right = try await kit.post("/instansi", form: form, as: session)
            #expect(right.status == .seeOther)
            #expect(try await kit.store.agencies(scope: RegionCode("36.73")!, query: "Ormas Baru").count == 1)
            // The sign-in form needs its double-submit token too.
            let login = try await kit.request(.post, "/masuk", headers: [.contentType: "application/x-www-form-urlencoded"],
                                              body: WebKit.encode(["username": "admin", "password": testPassword]))
            #expect(login.status == .forbidden)
        }
    }

    @Test("signing out ends the session", arguments: TestBackend.available)
    func logout(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("pemantau")
            #expect(try await kit.post("/keluar", form: [:], as: session).status == .seeOther)
            #expect(try await kit.get("/akun", as: session).status == .seeOther)
        }
    }

    @Test("changing a password ends the user's other sessions; disabling ends all", arguments: TestBackend.available)
    func sessionRevocation(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let first = try await kit.login("pemantau")
            let second = try await kit.login("pemantau")
            let change = try await kit.post("/akun/sandi", form: ["current_password": testPassword, "new_password": "Sandi-Baru-Lapangan-9", "new_password_confirm": "Sandi-Baru-Lapangan-9"], as: first)
            #expect(change.status == .seeOther)
            #expect(try await kit.get("/akun", as: second).status == .seeOther)
            #expect(try await kit.attemptLogin("pemantau", "Sandi-Baru-Lapangan-9").status == .seeOther)
            let fresh = try await kit.login("pemantau", password: "Sandi-Baru-Lapangan-9")
            let admin = try await kit.login("admin")
            let disable = try await kit.post("/pengguna/\(kit.fixtures.user("pemantau").id)/nonaktifkan", form: [:], as: admin)
            #expect(disable.status == .seeOther)
            #expect(try await kit.get("/akun", as: fresh).status == .seeOther)
            #expect(try await kit.attemptLogin("pemantau", "Sandi-Baru-Lapangan-9").status == .unauthorized)
        }
    }

    @Test("a bearer token authenticates the API until it is revoked or its user disabled", arguments: TestBackend.available)
    func tokens(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let created = try await kit.store.createToken(userID: kit.fixtures.user("mitra").id, name: "jembatan-wa", actor: .console("test"))
            let me = try await kit.api(.get, "/api/v1/me", token: created.secret)
            #expect(me.status == .ok)
            #expect(try me.json()["username"] as? String == "mitra")
            let stored = try await kit.store.database.read { db in
                try await db.raw("SELECT token_hash FROM api_tokens").all(decodingColumn: "token_hash", as: String.self)
            }
            #expect(!stored.contains(created.secret))
            #expect(try await kit.api(.get, "/api/v1/me", token: created.secret + "x").status == .unauthorized)
            let malformed = try await kit.request(.get, "/api/v1/me", headers: [.authorization: "Basic YWRtaW46YWRtaW4="])
            #expect(malformed.status == .unauthorized)
            try await kit.store.revokeToken(id: created.token.id, userID: kit.fixtures.user("mitra").id, actor: .console("test"))
            #expect(try await kit.api(.get, "/api/v1/me", token: created.secret).status == .unauthorized)

            let other = try await kit.token(for: "pimpinan")
            #expect(try await kit.api(.get, "/api/v1/me", token: other).status == .ok)
            try await kit.store.setUserDisabled(kit.fixtures.user("pimpinan").id, disabled: true, scope: .national, actor: .console("test"))
            #expect(try await kit.api(.get, "/api/v1/me", token: other).status == .unauthorized)
        }
    }

    @Test("tokens are created, listed without their secret and revoked from the account page", arguments: TestBackend.available)
    func tokenPages(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("analis")
            let created = try await kit.post("/akun/token", form: ["name": "rekap-harian"], as: session)
            #expect(created.status == .created)
            let secret = try #require(created.text.range(of: "pantau_[A-Za-z0-9_-]{20,}", options: .regularExpression).map { String(created.text[$0]) })
            #expect(try await kit.api(.get, "/api/v1/me", token: secret).status == .ok)
            let account = try await kit.get("/akun", as: session)
            #expect(account.text.contains("rekap-harian"))
            #expect(!account.text.contains(secret))
            let token = try #require(try await kit.store.tokens(userID: kit.fixtures.user("analis").id).first)
            // Another user cannot revoke it.
            let other = try await kit.login("pemantau")
            #expect(try await kit.post("/akun/token/\(token.id)/cabut", form: [:], as: other).status == .notFound)
            #expect(try await kit.post("/akun/token/\(token.id)/cabut", form: [:], as: session).status == .seeOther)
            #expect(try await kit.api(.get, "/api/v1/me", token: secret).status == .unauthorized)
        }
    }
}
