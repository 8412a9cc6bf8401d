import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Public complaints, inbox and GeoJSON")
struct PublicAndInboxTests {
    func complaint(_ kit: WebKit, cookie: String, csrf: String, title: String) async throws -> TestResponse {
        try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                              body: WebKit.encode(["_csrf": csrf, "judul": title, "uraian": "Saya melihat amplop dibagikan.", "kategori": "politik_uang",
                                                   "waktu_kejadian": "2026-11-21T19:00", "kode_wilayah": "36.73.04.1005", "kontak_pelapor": "0812 3456 7890"]))
    }

    @Test("a citizen files without an account; the report is new, public, and its contact is for Kesbangpol only; the address is rate-limited", arguments: TestBackend.available)
    func publicForm(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
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
            #expect(forMonitor["kontak_pelapor"] == nil || forMonitor["kontak_pelapor"] is NSNull)
            // Without the form's token nothing is filed.
            #expect(try await complaint(kit, cookie: cookie, csrf: "x", title: "Tanpa token").status == .forbidden)
            for index in 2...5 { #expect(try await complaint(kit, cookie: cookie, csrf: csrf, title: "Ke-\(index)").status == .created) }
            let limited = try await complaint(kit, cookie: cookie, csrf: csrf, title: "Keenam")
            #expect(limited.status == .tooManyRequests)
            let count = try await kit.api(.get, "/api/v1/reports?sumber=public", token: analyst).json()["data"] as? [Any]
            #expect(count?.count == 5)
            // A location outside the installation is refused.
            let outside = try await kit.request(.post, "/pengaduan", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: WebKit.encode(["_csrf": csrf, "judul": "x", "uraian": "y", "kategori": "hoaks", "waktu_kejadian": "2026-11-21", "kode_wilayah": "64.01.01"]))
            #expect(outside.status != .created)
        }
    }

    @Test("the inbox shows analysts what to verify and agencies what is assigned to them", arguments: TestBackend.available)
    func inbox(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let created = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(monitor)", .contentType: "application/json"],
                                                body: ReportFixtures.json(title: "Menunggu verifikasi"))
            let id = try #require(try created.json()["id"] as? Int)
            let analystInbox = try await kit.get("/inbox", as: try await kit.login("analis"))
            #expect(analystInbox.text.contains("Menunggu verifikasi"))
            let partnerSession = try await kit.login("mitra")
            #expect(!(try await kit.get("/inbox", as: partnerSession)).text.contains("Menunggu verifikasi"))
            _ = try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst)
            _ = try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analyst,
                                  json: "{\"instansi\": [\(kit.fixtures.user("mitra").agencyID)], \"tenggat\": \"2099-01-01\"}")
            #expect(try await kit.get("/inbox", as: partnerSession).text.contains("Menunggu verifikasi"))
        }
    }

    @Test("GeoJSON export holds the located reports as points, scoped like the list", arguments: TestBackend.available)
    func geojson(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            for (title, extra) in [("Bertitik", ", \"lintang\": -6.12, \"bujur\": 106.15"), ("Tanpa titik", "")] {
                _ = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(monitor)", .contentType: "application/json"],
                                          body: ReportFixtures.json(title: title, extra: extra))
            }
            let response = try await kit.get("/reports.geojson", as: try await kit.login("pemantau"))
            #expect(response.headers[.contentType] == "application/geo+json")
            let json = try response.json()
            let features = try #require(json["features"] as? [[String: Any]])
            #expect(features.count == 1)
            #expect(((features[0]["geometry"] as? [String: Any])?["coordinates"] as? [Double]) == [106.15, -6.12])
        }
    }
}
