import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

@Suite("Audit log and API description")
struct AuditAndAPITests {
    @Test("every write is audited with who, what and the changed fields; administrators filter it", arguments: TestBackend.available)
    func audit(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            _ = try await kit.post("/instansi", form: ["name": "Forum Kerukunan Umat Beragama", "type": "lainnya", "region": "36.73", "active": "on"], as: session)
            let agency = try #require(try await kit.store.agencies(scope: .national, query: "Forum Kerukunan").first?.agency)
            _ = try await kit.post("/instansi/\(agency.id)", form: ["name": "FKUB Kota Serang", "type": "lainnya", "region": "36.73", "active": "on"], as: session)
            let entries = try await kit.store.auditLog(scope: RegionCode("36.73")!, filter: AuditFilter(entity: "agency", entityID: String(agency.id)))
            #expect(entries.items.map(\.action) == ["update", "create"])
            let update = try #require(entries.items.first)
            #expect(update.actorName == "admin")
            #expect(update.changeSet.map { "\($0.field): \($0.old ?? "-") → \($0.new ?? "-")" } == ["nama: Forum Kerukunan Umat Beragama → FKUB Kota Serang"])
            let page = try await kit.get("/audit?entity=agency&entity_id=\(agency.id)", as: session)
            #expect(page.text.contains("FKUB Kota Serang"))
            #expect(page.text.contains("Forum Kerukunan Umat Beragama"))
            let byActor = try await kit.get("/audit?actor=admin&action=login", as: session)
            #expect(byActor.text.contains("admin masuk"))
            #expect(!byActor.text.contains("FKUB"))
        }
    }

    @Test("the audit page names actions and coded values in Indonesian; the log keeps the codes", arguments: TestBackend.available)
    func auditWords(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            _ = try await kit.post("/instansi", form: ["name": "Forum Kerukunan Umat Beragama", "type": "lainnya", "region": "36.73", "active": "on"], as: session)
            let page = try await kit.get("/audit?entity=agency", as: session)
            #expect(page.text.contains(#"<span class="tag">dibuat</span>"#))
            #expect(!page.text.contains(#"<span class="tag">create</span>"#))
            let logins = try await kit.get("/audit?action=login", as: session)
            #expect(logins.text.contains(#"<span class="tag">masuk</span>"#))
            #expect(AuditWords.value("peran", "analyst") == Role.analyst.label)
            #expect(AuditWords.value("status", "submitted") == ReportStatus.submitted.label)
            #expect(AuditWords.value("aktif", "0") == "tidak")
            #expect(AuditWords.action("verify") == ReportTransition.verify.label.lowercased())
            #expect(AuditWords.action("sesuatu_baru") == "sesuatu_baru")
            // A user moved to another agency: the audit page names both agencies, not their ids.
            let user = kit.fixtures.user("pemantau")
            let kpu = try #require(try await kit.store.agencies(scope: RegionCode("36.73")!, type: .kpu).first?.agency)
            _ = try await kit.store.updateUser(user.id, input: UserInput(displayName: user.displayName, role: user.role, jurisdiction: user.jurisdiction, agencyID: kpu.id),
                                               scope: .national, actor: .console("test"))
            let moved = try await kit.get("/audit?entity=user&entity_id=\(user.id)", as: session)
            #expect(moved.text.contains(kpu.name))
            #expect(moved.text.contains("<ins>\(kpu.name.replacingOccurrences(of: "&", with: "&amp;"))</ins>") && !moved.text.contains("<ins>\(kpu.id)</ins>"))
            #expect(AuditWords.value("instansi", "999999") == "instansi #999999")
            #expect(AuditWords.value("wilayah", "36.73", regions: ["36.73": "Kota Serang"]) == "Kota Serang (36.73)")
            let created = try await kit.get("/audit?entity=agency", as: session)
            #expect(created.text.contains("<ins>Kota Serang (36.73)</ins>"))
            let stored = try await kit.store.auditLog(scope: RegionCode("36.73")!, filter: AuditFilter(entity: "agency"))
            #expect(stored.items.first?.action == "create")
        }
    }

    @Test("passwords never reach the audit log", arguments: TestBackend.available)
    func noSecretsInAudit(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            _ = try await kit.post("/pengguna/\(kit.fixtures.user("mitra").id)/sandi", form: ["password": "Sandi-Rekanan-Baru-77", "password_confirm": "Sandi-Rekanan-Baru-77"], as: session)
            let all = try await kit.store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items
            #expect(all.filter { $0.action == "password" }.map(\.entityID) == [String(kit.fixtures.user("mitra").id)])
            #expect(!all.contains { ($0.changes ?? "").contains("Sandi-Rekanan-Baru-77") || ($0.changes ?? "").contains("$2") })
        }
    }

    @Test("the OpenAPI document is served and every path it lists answers", arguments: TestBackend.available)
    func openAPI(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let response = try await kit.get("/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try response.json()
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/v1/me", "/api/v1/regions", "/api/v1/regions/{kode}", "/api/v1/regions/{kode}/children", "/api/v1/agencies",
                         "/api/v1/reports", "/api/v1/reports/{id}", "/api/v1/reports/{id}/{action}",
                         "/api/v1/reports/{id}/lampiran", "/api/v1/reports/{id}/lampiran/{attachment}",
                         "/api/v1/elections", "/api/v1/elections/{id}", "/api/v1/elections/{id}/problems", "/api/v1/elections/{id}/problems/{problem}/status",
                         "/api/v1/elections/{id}/desk-reports", "/api/v1/elections/{id}/desk-reports/{report}",
                         "/api/v1/elections/{id}/stations", "/api/v1/elections/{id}/participation"] {
                #expect(paths[path] != nil, "\(path) not documented")
            }
            let token = try await kit.token(for: "analis")
            for path in paths.keys where (paths[path] as? [String: Any])?["get"] != nil && !path.contains("{id}") {
                let concrete = path.replacingOccurrences(of: "{kode}", with: "36.73") + (path == "/api/v1/regions" ? "?q=serang" : "")
                let answer = try await kit.api(.get, concrete, token: token)
                #expect(answer.status == .ok, "\(concrete)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            let docs = try await kit.get("/api")
            #expect(docs.text.contains("/api/v1/regions/{kode}/children"))
        }
    }

    @Test("a real HTTP server answers on a socket", arguments: TestBackend.available)
    func liveServer(backend: TestBackend) async throws {
        try await WebKit.run(backend, setup: .live) { kit in
            #expect(kit.client.port != nil)
            let health = try await kit.get("/health")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            let session = try await kit.login("admin")
            let page = try await kit.get("/wilayah/36.73", as: session)
            #expect(page.status == .ok)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
        }
    }
}

@Suite("The API document and the routes")
struct APIDocumentTests {
    @Test("every /api/v1 route the server registers is in the OpenAPI document, and every documented operation is a registered route")
    func routesMatchTheDocument() async throws {
        let registered = try await TestDatabases.withStore(.sqlite) { store in
            let web = try await buildRouter(store: store, settings: WebSettings(sessionSecret: String(repeating: "k", count: 32)),
                                            capabilities: try Capabilities.list(), logger: testLogger)
            return Set(web.router.routes.compactMap { route -> String? in
                // Hummingbird writes parameters as {name}, as OpenAPI does.
                let path = "/" + route.path.description.split(separator: "/").joined(separator: "/")
                return path.hasPrefix("/api/v1/") && path != "/api/v1/openapi.json" ? "\(route.method.rawValue) \(path)" : nil
            })
        }
        var documented = Set<String>()
        for (path, operations) in APIContract.paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
        #expect(registered.count > 30)
    }

    @Test("the contract check finds a body that does not match its schema, an undocumented status and an undocumented path")
    func contractCheckCanFail() {
        let wrong = Data(#"{"id": "tujuh", "username": "x"}"#.utf8)
        #expect(!APIContract.problems(method: .get, path: "/api/v1/me", status: 200, contentType: "application/json", body: wrong).isEmpty)
        #expect(!APIContract.problems(method: .get, path: "/api/v1/me", status: 418, contentType: "application/json", body: Data("{}".utf8)).isEmpty)
        #expect(!APIContract.problems(method: .delete, path: "/api/v1/me", status: 200, contentType: nil, body: Data()).isEmpty)
        #expect(!APIContract.problems(method: .get, path: "/api/v1/rahasia", status: 200, contentType: nil, body: Data()).isEmpty)
    }
}

@Suite("Templates")
struct TemplateTests {
    @Test("a page whose template is not in the bundle is an error, not an empty page")
    func missingTemplate() async throws {
        let renderer = try await Renderer()
        #expect(throws: MissingTemplate.self) { try renderer.standalone("reports/tidak-ada", ["a": 1]) }
        let page = try renderer.standalone("elections/desk-print", ["title": "Uji"])
        #expect(page.status == .ok)
    }
}
