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
                let situation = try await store.reports(Scope(fixtures.user("analis").principal)).situation(fromDay: DayCounts.day(1_763_000_000), untilDay: DayCounts.day(store.clock.now()) + 1)
                #expect(situation.byStatus == [.verified: 2])
                #expect(situation.byChild == ["36.73.01": 2])
                #expect(situation.byCategory.map(\.count) == [2])
                #expect(situation.severe.map(\.id) == [ids[0]])
                #expect(situation.byDay.values.reduce(0, +) == 2)

                let page = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("pimpinan"))
                #expect(page.status == .ok)
                #expect(page.text.contains("class=\"chart\""))
                #expect(page.text.contains("laporan yang tidak ditolak dan bukan duplikat"))
                #expect(page.text.contains("<title>Serang: 2 laporan</title>"))
                #expect(page.text.contains("Kejadian 36.73.01.1001"))
                // A bad date is shown at its field on the page itself, with the default period.
                let badDate = try await kit.get("/situasi?dari=kemarin", as: try await kit.login("pimpinan"))
                #expect(badDate.status == .ok)
                #expect(badDate.text.contains("class=\"error-summary\"") && badDate.text.contains("<a href=\"#dari\">Tanggal dari tidak valid: tulis TTTT-BB-HH, mis. 2026-11-30.</a>"))
                #expect(badDate.text.contains("id=\"dari-error\""))
                let inverted = try await kit.get("/situasi?dari=2026-11-30&sampai=2026-11-01", as: try await kit.login("pimpinan"))
                #expect(inverted.status == .ok && inverted.text.contains("Tanggal sampai harus sama dengan atau sesudah tanggal dari."))
                // A verified report in Kasemen counts for the city, not for Kecamatan Serang's
                // administrator, whose dashboard counts only that kecamatan.
                let kasemen = try await kit.api(.post, "/api/v1/reports", token: monitor,
                                                json: ReportFixtures.json(title: "Kejadian Kasemen", region: "36.73.02.1001", severity: "berat"))
                let kasemenID = try #require(try kasemen.json()["id"] as? Int)
                #expect(try await kit.api(.post, "/api/v1/reports/\(kasemenID)/verify", token: analyst).status == .ok)
                let city = try await store.reports(Scope(fixtures.user("analis").principal)).situation(fromDay: DayCounts.day(0), untilDay: DayCounts.day(store.clock.now()) + 1)
                #expect(city.byStatus == [.verified: 3])
                #expect(city.byChild == ["36.73.01": 2, "36.73.02": 1])
                let camat = try await store.reports(Scope(fixtures.user("admin.serang").principal)).situation(fromDay: DayCounts.day(0), untilDay: DayCounts.day(store.clock.now()) + 1)
                #expect(camat.byStatus == [.verified: 2])
                #expect(camat.byChild == ["36.73.01.1001": 1, "36.73.01.1002": 1])
                #expect(camat.severe.map(\.id) == [ids[0]])
                #expect(camat.byDay.values.reduce(0, +) == 2)
                let cityPage = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("pimpinan"))
                #expect(cityPage.text.contains("Kejadian Kasemen") && cityPage.text.contains("<title>Kasemen: 1 laporan</title>"))
                let camatPage = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: try await kit.login("admin.serang"))
                #expect(camatPage.status == .ok)
                #expect(camatPage.text.contains("Kejadian 36.73.01.1001") && !camatPage.text.contains("Kejadian Kasemen"))
                #expect(camatPage.text.components(separatedBy: ": 1 laporan</title>").count - 1 == 2)  // its two kelurahan
                #expect(!camatPage.text.contains("<title>Kasemen"))
            }
        }
    }

    @Test("every panel counts one basis, says so, and the map opens the list with the same period and basis", arguments: TestBackend.available)
    func oneBasis(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            func create(_ title: String, _ region: String) async throws -> Int {
                let response = try await kit.api(.post, "/api/v1/reports", token: monitor, json: ReportFixtures.json(title: title, region: region))
                return try #require(try response.json()["id"] as? Int)
            }
            let verified = try await create("Terverifikasi di Cipare", "36.73.01.1001")
            _ = try await create("Baru di Sumurpecung", "36.73.01.1002")
            let rejected = try await create("Ditolak di Cipare", "36.73.01.1001")
            let duplicate = try await create("Duplikat di Cipare", "36.73.01.1001")
            #expect(try await kit.api(.post, "/api/v1/reports/\(verified)/verify", token: analyst).status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(rejected)/reject", token: analyst, json: "{\"catatan\": \"Bukan kejadian politik\"}").status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(duplicate)/mark_duplicate", token: analyst, json: "{\"duplikat_dari\": \(verified)}").status == .ok)

            let reports = kit.store.reports(Scope(kit.fixtures.user("analis").principal))
            let counted = try await reports.situation(fromDay: DayCounts.day(0), untilDay: DayCounts.day(kit.store.clock.now()) + 1)
            // Rejected reports are shown per status but counted nowhere else; duplicates not at all.
            #expect(counted.byStatus == [.submitted: 1, .verified: 1, .rejected: 1])
            #expect(counted.total == 2)
            #expect(counted.byChild == ["36.73.01": 2])
            #expect(counted.byCategory.map(\.count).reduce(0, +) == 2)
            #expect(counted.byDay.values.reduce(0, +) == 2)
            let strict = try await reports.situation(fromDay: DayCounts.day(0), untilDay: DayCounts.day(kit.store.clock.now()) + 1, basis: .verified)
            #expect(strict.total == 1 && strict.byChild == ["36.73.01": 1] && strict.byDay.values.reduce(0, +) == 1)

            let session = try await kit.login("pimpinan")
            let page = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30", as: session)
            #expect(page.text.contains("2 laporan yang tidak ditolak dan bukan duplikat, kejadian 1 Nov 2026 – 30 Nov 2026"))
            #expect(page.text.contains("<span>Ditolak (tidak dihitung)</span>"))
            #expect(page.text.components(separatedBy: "class=\"small muted panel-basis\"").count - 1 == 5)
            // The map's area for Kecamatan Serang links to a list of exactly its number.
            let link = try #require(page.text.firstMatch(of: /<a class="area" href="([^"]+)" data-kode="36.73.01">/)?.1)
            let href = String(link).replacingOccurrences(of: "&amp;", with: "&")
            #expect(href.contains("dari=2026-11-01") && href.contains("sampai=2026-11-30") && href.contains("dasar=dihitung") && href.contains("wilayah=36.73.01"))
            let list = try await kit.get(href, as: session)
            #expect(list.status == .ok)
            #expect(list.text.components(separatedBy: "<td class=\"card-title\">").count - 1 == 2)
            #expect(!list.text.contains("Ditolak di Cipare") && !list.text.contains("Duplikat di Cipare"))
            // The verified basis: the map counts one, and so does its list.
            let strictPage = try await kit.get("/situasi?dari=2026-11-01&sampai=2026-11-30&dasar=terverifikasi", as: session)
            #expect(strictPage.text.contains("<title>Serang: 1 laporan terverifikasi</title>"))
            let strictLink = try #require(strictPage.text.firstMatch(of: /<a class="area" href="([^"]+)" data-kode="36.73.01">/)?.1)
            let strictList = try await kit.get(String(strictLink).replacingOccurrences(of: "&amp;", with: "&"), as: session)
            #expect(strictList.text.components(separatedBy: "<td class=\"card-title\">").count - 1 == 1)
            #expect(try await kit.get("/situasi?dasar=semua", as: session).text.contains("Dasar hitungan &quot;semua&quot; tidak dikenal."))
            // The list's own filter errors: shown at the field, the rest of the list still there.
            let badList = try await kit.get("/laporan?dari=2026-13-01&sampai=2026-11-30", as: session)
            #expect(badList.status == .ok)
            #expect(badList.text.contains("<a href=\"#dari\">Tanggal dari tidak valid: tulis TTTT-BB-HH, mis. 2026-11-30.</a>"))
            #expect(badList.text.contains("Terverifikasi di Cipare"))
            let invertedList = try await kit.get("/laporan?dari=2026-11-30&sampai=2026-11-01", as: session)
            #expect(invertedList.status == .ok && invertedList.text.contains("id=\"sampai-error\""))
            let invertedAPI = try await kit.api(.get, "/api/v1/reports?dari=2026-11-30&sampai=2026-11-01", token: analyst)
            let invertedData = try invertedAPI.json()["data"] as? [Any]
            #expect(invertedAPI.status == .ok && invertedData?.isEmpty == true)
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
