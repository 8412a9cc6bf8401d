import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Public complaints, inbox and GeoJSON")
struct PublicAndInboxTests {
    func complaint(_ kit: WebKit, cookie: String, csrf: String, title: String, region: String = "36.73.04.1005", extra: [String: String] = [:]) async throws -> TestResponse {
        try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                              body: WebKit.encode(["_csrf": csrf, "judul": title, "uraian": "Saya melihat amplop dibagikan.", "kategori": "politik_uang",
                                                   "waktu_kejadian": "2026-11-21T19:00", "kode_wilayah": region, "kontak_pelapor": "0812 3456 7890"]
                                                  .merging(extra) { $1 }))
    }

    @Test("a complaint refused for a mistake does not count towards the limit, and its time may be approximate or a date only", arguments: TestBackend.available)
    func complaintCorrections(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let page = try await kit.get("/pengaduan")
            #expect(page.text.contains(#"<option value="approximate">Sekitar waktu itu</option>"#))
            let cookie = "pantau_csrf=" + (try #require(WebKit.cookie("pantau_csrf", in: page)))
            let csrf = try #require(WebKit.formToken(in: page.text))
            for _ in 1...6 {
                let wrong = try await complaint(kit, cookie: cookie, csrf: csrf, title: "")
                #expect(wrong.status == .unprocessableContent)
            }
            let about = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Sekitar jam tujuh", extra: ["presisi_waktu": "approximate"])
            #expect(about.status == .created)
            let day = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Hanya tanggal", extra: ["presisi_waktu": "day"])
            #expect(day.status == .created)
            let analyst = try await kit.token(for: "analis")
            let listed = try await kit.api(.get, "/api/v1/reports?sumber=public", token: analyst).json()["data"] as? [[String: Any]] ?? []
            #expect(listed.first { $0["judul"] as? String == "Sekitar jam tujuh" }?["presisi_waktu"] as? String == "approximate")
            let dated = try #require(listed.first { $0["judul"] as? String == "Hanya tanggal" })
            #expect(dated["presisi_waktu"] as? String == "day")
            // A date only is that day at midnight WIB.
            #expect(dated["waktu_kejadian"] as? String == "2026-11-20T17:00:00Z")
        }
    }

    @Test("a citizen files without an account; the report is new, public, and its contact is for Kesbangpol only; the address is rate-limited", arguments: TestBackend.available)
    func publicForm(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            let page = try await kit.get("/pengaduan")
            #expect(page.status == .ok)
            let cookie = "pantau_csrf=" + (try #require(WebKit.cookie("pantau_csrf", in: page)))
            let csrf = try #require(WebKit.formToken(in: page.text))
            let filed = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Amplop di Curug")
            #expect(filed.status == .created)
            #expect(filed.text.contains("tercatat dengan nomor"))
            let analyst = try await kit.token(for: "analis"), monitor = try await kit.token(for: "pemantau")
            let list = try await kit.api(.get, "/api/v1/reports?sumber=public", token: analyst).json()
            let report = try #require((list["data"] as? [[String: Any]])?.first)
            #expect(report["status"] as? String == "submitted")
            #expect(report["masyarakat"] as? Bool == true)
            #expect(report["kontak_pelapor"] as? String == "0812 3456 7890")
            let id = try #require(report["id"] as? Int)
            let forMonitor = try await kit.api(.get, "/api/v1/reports/\(id)", token: monitor).json()
            #expect(forMonitor["id"] as? Int == id)
            #expect(forMonitor["kontak_pelapor"] == nil)
            // Without the form's token nothing is filed.
            #expect(try await complaint(kit, cookie: cookie, csrf: "x", title: "Tanpa token").status == .forbidden)
            for index in 2...5 { #expect(try await complaint(kit, cookie: cookie, csrf: csrf, title: "Ke-\(index)").status == .created) }
            let limited = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Keenam")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("Sudah terlalu banyak pengaduan dari perangkat atau jaringan ini dalam satu jam terakhir."))
            #expect(!limited.text.contains("alamat ini"))
            let count = try await kit.api(.get, "/api/v1/reports?sumber=public", token: analyst).json()["data"] as? [Any]
            #expect(count?.count == 5)
            // In the next hour's window the address may file again, but not about a place outside the
            // installation: refused with the reason, and nothing stored.
            clock.advance(by: 3600)
            let outside = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Di Kalimantan", region: "64.01.01")
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("Wilayah 64.01.01 berada di luar wilayah kewenangan Anda."))
            let after = try await kit.api(.get, "/api/v1/reports?sumber=public", token: analyst).json()["data"] as? [[String: Any]]
            #expect(after?.count == 5)
            #expect(after?.contains { $0["judul"] as? String == "Di Kalimantan" } == false)
        }
    }

    @Test("the inbox shows analysts what to verify and agencies what is assigned to them", arguments: TestBackend.available)
    func inbox(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let created = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(monitor)", .contentType: "application/json"],
                                                body: ReportFixtures.json(title: "Menunggu verifikasi"))
            let id = try #require(try created.json()["id"] as? Int)
            let analystInbox = try await kit.get("/kotak-masuk", as: try await kit.login("analis"))
            #expect(analystInbox.text.contains("Menunggu verifikasi"))
            let partnerSession = try await kit.login("mitra")
            #expect(!(try await kit.get("/kotak-masuk", as: partnerSession)).text.contains("Menunggu verifikasi"))
            _ = try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst)
            _ = try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analyst,
                                  json: "{\"instansi\": [\(kit.fixtures.user("mitra").agencyID)], \"tenggat\": \"2099-01-01\"}")
            #expect(try await kit.get("/kotak-masuk", as: partnerSession).text.contains("Menunggu verifikasi"))
        }
    }

    @Test("GeoJSON export holds the located reports as points, scoped like the list", arguments: TestBackend.available)
    func geojson(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            // The caller is a monitor of Kecamatan Serang; the city's monitor also reports in Kasemen
            // and keeps a draft in Serang.
            try await kit.addUser("pemantau.serang", .monitor, "36.73.01")
            let city = try await kit.token(for: "pemantau"), district = try await kit.token(for: "pemantau.serang")
            let located = ", \"lintang\": -6.12, \"bujur\": 106.15"
            func create(_ token: String, _ title: String, region: String, draft: Bool = false, extra: String = located) async throws -> Int {
                let response = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: title, region: region, draft: draft, extra: extra))
                #expect(response.status == .created, "\(title)")
                return try #require(try response.json()["id"] as? Int)
            }
            let inSerang = try await create(city, "Bertitik di Serang", region: "36.73.01.1001")
            let unlocated = try await create(city, "Tanpa titik", region: "36.73.01.1001", extra: "")
            _ = try await create(city, "Bertitik di Kasemen", region: "36.73.02.1001")
            _ = try await create(city, "Draf orang lain", region: "36.73.01.1002", draft: true)
            let ownDraft = try await create(district, "Draf sendiri", region: "36.73.01.1002", draft: true)
            let response = try await kit.get("/laporan.geojson", as: try await kit.login("pemantau.serang"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/geo+json")
            let json = try response.json()
            let features = try #require(json["features"] as? [[String: Any]])
            // The one without a typed point is placed at its kelurahan's, marked approximate.
            #expect(features.compactMap { ($0["properties"] as? [String: Any])?["id"] as? Int }.sorted() == [inSerang, unlocated, ownDraft].sorted())
            let typed = features.filter { ($0["properties"] as? [String: Any])?["lokasi_perkiraan"] as? Bool == false }
            #expect(typed.map { ($0["geometry"] as? [String: Any])?["coordinates"] as? [Double] } == [[106.15, -6.12], [106.15, -6.12]])
            // The report list for the same caller holds the same reports, and the one without a point.
            let list = try await kit.api(.get, "/api/v1/reports", token: district).json()
            #expect(Set((list["data"] as? [[String: Any]] ?? []).compactMap { $0["judul"] as? String }) == ["Bertitik di Serang", "Tanpa titik", "Draf sendiri"])
        }
    }
}
