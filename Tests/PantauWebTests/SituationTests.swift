import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Situation dashboard")
struct SituationTests {
    @Test("counts by status and category, shades verified reports per kecamatan, leaves out drafts and duplicates", arguments: TestBackend.available)
    func dashboard(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store, _ in
            let fixtures = try await Fixtures.make(store)
            try await WebKit.serve(store: store, fixtures: fixtures) { kit in
                let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
                var ids: [Int] = []
                for (region, severity) in [("36.73.01.1001", "kritis"), ("36.73.01.1002", "sedang"), ("36.73.02", "ringan")] {
                    let response = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(monitor)", .contentType: "application/json"],
                                                         body: ReportFixtures.json(title: "Kejadian \(region)", region: region, severity: severity))
                    ids.append(try #require(try response.json()["id"] as? Int))
                }
                _ = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(monitor)", .contentType: "application/json"], body: ReportFixtures.json(draft: true))
                _ = try await kit.api(.post, "/api/v1/reports/\(ids[0])/verify", token: analyst)
                _ = try await kit.api(.post, "/api/v1/reports/\(ids[1])/verify", token: analyst)
                _ = try await kit.api(.post, "/api/v1/reports/\(ids[2])/mark_duplicate", token: analyst, json: "{\"duplikat_dari\": \(ids[0])}")
                let situation = try await store.reports(Scope(fixtures.user("analis").principal)).situation(from: 1_763_000_000, until: store.clock.now() + 86_400)
                #expect(situation.byStatus == [.verified: 2])
                #expect(situation.verifiedByChild == ["36.73.01": 2])
                #expect(situation.byCategory.map(\.count) == [2])
                #expect(situation.severe.map(\.id) == [ids[0]])
                #expect(situation.byDay.values.reduce(0, +) == 2)

                let page = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("pimpinan"))
                #expect(page.status == .ok)
                #expect(page.text.contains("class=\"chart\""))
                #expect(page.text.contains("Laporan terverifikasi"))
                #expect(page.text.contains("<title>Serang: 2 laporan terverifikasi</title>"))
                #expect(page.text.contains("Kejadian 36.73.01.1001"))
                #expect(try await kit.get("/situasi?dari=kemarin", as: try await kit.login("pimpinan")).status == .badRequest)
                // A verified report in Kasemen counts for the city, not for Kecamatan Serang's
                // administrator, whose dashboard counts only that kecamatan.
                let kasemen = try await kit.api(.post, "/api/v1/reports", token: monitor,
                                                json: ReportFixtures.json(title: "Kejadian Kasemen", region: "36.73.02.1001", severity: "berat"))
                let kasemenID = try #require(try kasemen.json()["id"] as? Int)
                #expect(try await kit.api(.post, "/api/v1/reports/\(kasemenID)/verify", token: analyst).status == .ok)
                let city = try await store.reports(Scope(fixtures.user("analis").principal)).situation(from: 0, until: store.clock.now() + 86_400)
                #expect(city.byStatus == [.verified: 3])
                #expect(city.verifiedByChild == ["36.73.01": 2, "36.73.02": 1])
                let camat = try await store.reports(Scope(fixtures.user("admin.serang").principal)).situation(from: 0, until: store.clock.now() + 86_400)
                #expect(camat.byStatus == [.verified: 2])
                #expect(camat.verifiedByChild == ["36.73.01.1001": 1, "36.73.01.1002": 1])
                #expect(camat.severe.map(\.id) == [ids[0]])
                #expect(camat.byDay.values.reduce(0, +) == 2)
                let cityPage = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("pimpinan"))
                #expect(cityPage.text.contains("Kejadian Kasemen") && cityPage.text.contains("<title>Kasemen: 1 laporan terverifikasi</title>"))
                let camatPage = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("admin.serang"))
                #expect(camatPage.status == .ok)
                #expect(camatPage.text.contains("Kejadian 36.73.01.1001") && !camatPage.text.contains("Kejadian Kasemen"))
                #expect(camatPage.text.components(separatedBy: ": 1 laporan terverifikasi</title>").count - 1 == 2)  // its two kelurahan
                #expect(!camatPage.text.contains("<title>Kasemen"))
            }
        }
    }
}

@Suite("Charts")
struct ChartTests {
    @Test("choropleth classes run from pale zero to the darkest maximum")
    func scale() {
        let scale = ChoroplethScale(values: [0, 3, 10])
        #expect(scale.color(for: 0) == ChoroplethScale.colors[0])
        #expect(scale.color(for: 10) == ChoroplethScale.colors[5])
        #expect(scale.color(for: 1) == ChoroplethScale.colors[1])
        #expect(scale.legend.first?.label == "0")
        #expect(scale.legend.last?.label == "9–10")
    }
}
