import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Report categories")
struct CategoryTests {
    @Test("an administrator adds, renames and retires categories; a retired one is no longer offered", arguments: TestBackend.available)
    func manage(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            #expect(try await kit.post("/laporan/kategori", form: ["name": "Politisasi bansos"], as: session).status == .seeOther)
            #expect(try await kit.post("/laporan/kategori", form: ["name": "politisasi BANSOS"], as: session).status == .unprocessableContent)
            #expect(try await kit.post("/laporan/kategori", form: ["name": "  "], as: session).status == .unprocessableContent)
            let all = try await kit.store.reportCategories(includeInactive: true)
            #expect(all.count == 17)
            let added = try #require(all.first { $0.name == "Politisasi bansos" })
            #expect(added.code == "politisasi_bansos")
            #expect(try await kit.post("/laporan/kategori/\(added.id)", form: ["name": "Politisasi bantuan sosial"], as: session).status == .seeOther)
            let active = try await kit.store.reportCategories()
            #expect(!active.contains { $0.id == added.id })
            let form = try await kit.get("/laporan/baru", as: session)
            #expect(!form.text.contains("Politisasi bantuan sosial"))
            let token = try await kit.token(for: "pemantau")
            let refused = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(category: "politisasi_bansos"))
            #expect(refused.status == .unprocessableContent)
            let audit = try await kit.store.auditLog(scope: .national, filter: AuditFilter(entity: "category"))
            #expect(audit.items.count == 2)
        }
    }
}
