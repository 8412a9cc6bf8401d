import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

/// Guards against the changes that scripts/mutants.sh makes: each test here fails when one of
/// those mistakes is made in the code.
@Suite("Guards against known mistakes")
struct MutationGuardTests {
    @Test("another user's draft is in no list, export, map file, inbox or page", arguments: TestBackend.available)
    func othersDraftsStayHidden(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let author = try await kit.token(for: "pemantau")
            let draft = try await kit.api(.post, "/api/v1/reports", token: author,
                                          json: ReportFixtures.json(title: "Draf rahasia pemantau", draft: true, extra: #", "lintang": -6.12, "bujur": 106.15"#))
            let draftID = try #require(try draft.json()["id"] as? Int)
            let sent = try await kit.api(.post, "/api/v1/reports", token: author,
                                         json: ReportFixtures.json(title: "Laporan terkirim", extra: #", "lintang": -6.13, "bujur": 106.16"#))
            let sentID = try #require(try sent.json()["id"] as? Int)
            // The author sees both.
            let own = try await kit.api(.get, "/api/v1/reports", token: author).json()["data"] as? [[String: Any]]
            #expect(Set(own?.compactMap { $0["id"] as? Int } ?? []) == [draftID, sentID])

            for name in ["analis", "pimpinan", "admin"] {
                let token = try await kit.token(for: name)
                let list = try await kit.api(.get, "/api/v1/reports", token: token).json()["data"] as? [[String: Any]]
                #expect(list?.compactMap { $0["id"] as? Int } == [sentID], "\(name): list")
                #expect(try await kit.api(.get, "/api/v1/reports/\(draftID)", token: token).status == .notFound, "\(name): API page")
                let session = try await kit.login(name)
                #expect(try await kit.get("/laporan/\(draftID)", as: session).status == .notFound, "\(name): page")
                let page = try await kit.get("/laporan", as: session)
                #expect(page.text.contains("Laporan terkirim") && !page.text.contains("Draf rahasia pemantau"), "\(name): list page")
                let csv = try await kit.get("/laporan.csv", as: session)
                #expect(csv.text.contains("Laporan terkirim") && !csv.text.contains("Draf rahasia pemantau"), "\(name): CSV")
                let geojson = try await kit.get("/laporan.geojson", as: session).json()
                let ids = (geojson["features"] as? [[String: Any]])?.compactMap { ($0["properties"] as? [String: Any])?["id"] as? Int }
                #expect(ids == [sentID], "\(name): GeoJSON")
                let inbox = try await kit.get("/kotak-masuk", as: session)
                #expect(!inbox.text.contains("Draf rahasia pemantau"), "\(name): inbox")
            }
        }
    }

    @Test("an Idempotency-Key belongs to its user: another user reusing it files their own report", arguments: TestBackend.available)
    func idempotencyKeyPerUser(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            func create(_ token: String, _ title: String) async throws -> TestResponse {
                try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(token)", .contentType: "application/json",
                                                                       HTTPField.Name("Idempotency-Key")!: "kunci-bersama-1"],
                                      body: ReportFixtures.json(title: title))
            }
            let first = try await create(try await kit.token(for: "pemantau"), "Dari pemantau")
            #expect(first.status == .created)
            let second = try await create(try await kit.token(for: "mitra"), "Dari mitra")
            #expect(second.status == .created)
            let firstID = try #require(try first.json()["id"] as? Int), secondID = try #require(try second.json()["id"] as? Int)
            #expect(firstID != secondID)
            #expect(try second.json()["judul"] as? String == "Dari mitra")
            let author = try await kit.store.reports(.console).report(secondID)?.createdBy
            #expect(author == kit.fixtures.user("mitra").id)
        }
    }

    @Test("without a cookie an empty CSRF token is no token: sign-in and the public complaint form refuse it", arguments: TestBackend.available)
    func emptyTokenWithoutCookie(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let login = try await kit.request(.post, "/masuk", headers: [.contentType: "application/x-www-form-urlencoded"],
                                              body: WebKit.encode(["_csrf": "", "username": "admin", "password": testPassword]))
            #expect(login.status == .forbidden)
            #expect(WebKit.cookie("pantau_session", in: login) == nil)
            let complaint = try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: WebKit.encode(["_csrf": "", "judul": "Tanpa cookie", "uraian": "x", "kategori": "hoaks",
                                                                       "waktu_kejadian": "2026-11-21", "kode_wilayah": "36.73.01.1001"]))
            #expect(complaint.status == .forbidden)
            let stored = try await kit.store.reports(.console).list(ReportFilter()).items
            #expect(stored.isEmpty)
        }
    }

    @Test("a public complaint is filed only inside the installation's region", arguments: TestBackend.available)
    func complaintsStayInTheInstallation(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let page = try await kit.get("/pengaduan")
            let cookie = "pantau_csrf=" + (try #require(WebKit.cookie("pantau_csrf", in: page)))
            let csrf = try #require(WebKit.formToken(in: page.text))
            let outside = try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: WebKit.encode(["_csrf": csrf, "judul": "Di Kalimantan", "uraian": "Amplop.", "kategori": "politik_uang",
                                                                     "waktu_kejadian": "2026-11-21", "kode_wilayah": "64.01.01"]))
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("64.01.01"))
            let stored = try await kit.store.reports(.console).list(ReportFilter()).items
            #expect(stored.isEmpty)
            let inside = try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                               body: WebKit.encode(["_csrf": csrf, "judul": "Di Serang", "uraian": "Amplop.", "kategori": "politik_uang",
                                                                    "waktu_kejadian": "2026-11-21", "kode_wilayah": "36.73.01.1001"]))
            #expect(inside.status == .created)
        }
    }

    @Test("a viewer may not point the webhook at their server nor change the letterhead", arguments: TestBackend.available)
    func installationSettingsNeedTheAdministrator(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            for name in ["pimpinan", "analis"] {
                let session = try await kit.login(name)
                let webhook = try await kit.post("/pengaturan/webhook", form: ["url": "https://203.0.113.99/curi", "secret": "rahasia-curian-000001"], as: session)
                #expect(webhook.status == .forbidden, "\(name)")
                let letterhead = try await kit.post("/pengaturan/kop", form: ["kop": "KOP PALSU"], as: session)
                #expect(letterhead.status == .forbidden, "\(name)")
            }
            #expect(try await kit.store.setting("webhook_url") == nil)
            #expect(try await kit.store.setting("letterhead") == nil)
        }
    }
}

@Suite("CSRF on every route")
struct CSRFRouteTests {
    /// Every POST route the application registers, with its parameters filled in.
    static func postPaths() async throws -> [String] {
        try await TestDatabases.withStore(.sqlite) { store in
            let web = try await buildRouter(store: store, settings: WebSettings(sessionSecret: String(repeating: "k", count: 32)),
                                            capabilities: try Capabilities.list(), logger: testLogger)
            return web.router.routes.filter { $0.method == .post }.map { route in
                route.path.description.split(separator: "/").map { component -> String in
                    guard component.hasPrefix(":") || component.hasPrefix("{") else { return String(component) }
                    return component.contains("action") ? "verify" : "1"
                }.joined(separator: "/")
            }.map { $0.hasPrefix("/") ? $0 : "/" + $0 }.sorted()
        }
    }

    @Test("a signed-in browser's POST without the session's CSRF token is refused on every registered route, form or upload", arguments: TestBackend.available)
    func everyPostRoute(backend: TestBackend) async throws {
        let paths = try await Self.postPaths()
        #expect(paths.contains("/masuk") && paths.contains("/api/v1/reports") && paths.contains("/laporan/1/lampiran"), "\(paths)")
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let before = try await kit.store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count
            for path in paths {
                let form = try await kit.request(.post, path, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                                 body: "nama=x&judul=x")
                #expect(form.status == .forbidden, "\(path) (form)")
                let json = try await kit.request(.post, path, headers: [.cookie: session.cookie, .contentType: "application/json"], body: #"{"nama": "x"}"#)
                #expect(json.status == .forbidden, "\(path) (JSON)")
                var upload = ByteBuffer()
                upload.writeString("--b7\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"a.csv\"\r\n\r\nx\r\n--b7--\r\n")
                let multipart = try await kit.client.execute(uri: path, method: .post,
                                                             headers: [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=b7"], body: upload)
                #expect(multipart.status == .forbidden, "\(path) (multipart)")
                let wrong = try await kit.post(path, form: ["nama": "x"], as: session, csrf: String(repeating: "0", count: 64))
                #expect(wrong.status == .forbidden, "\(path) (wrong token)")
            }
            let after = try await kit.store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count
            #expect(after == before)
        }
    }

    @Test("an API write without a token or session is unauthenticated (401 with WWW-Authenticate), not a CSRF refusal", arguments: TestBackend.available)
    func tokenlessAPIWrites(backend: TestBackend) async throws {
        let paths = try await Self.postPaths().filter { $0.hasPrefix("/api/") }
        #expect(paths.count >= 10, "\(paths)")
        try await WebKit.run(backend) { kit in
            for path in paths {
                let json = try await kit.request(.post, path, headers: [.contentType: "application/json"], body: #"{"nama": "x"}"#)
                #expect(json.status == .unauthorized && json.headers[.wwwAuthenticate] == "Bearer realm=\"pantau\"", "\(path)")
            }
            // A page's form without a session is still the form's business: refused as CSRF.
            let form = try await kit.request(.post, "/laporan/1/lampiran", headers: [.contentType: "application/x-www-form-urlencoded"], body: "x=1")
            #expect(form.status == .forbidden)
        }
    }
}
