import Foundation
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Early-warning pages and API")
struct AlertWebTests {
    @Test("an analyst sees why an alert was raised, cannot close it without a note, closes it with one; a neighbour and a monitor do not see it",
          arguments: TestBackend.available)
    func alertPages(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let alert = try await AlertFixtures.alert(kit.store)
            #expect(alert.observed == 3 && alert.region.rawValue == "36.73.01")
            let analyst = try await kit.login("analis")
            let list = try await kit.get("/peringatan", as: analyst)
            #expect(list.status == .ok && list.text.contains("/peringatan/\(alert.id)") && list.text.contains("Tiga laporan sehari"))
            let page = try await kit.get("/peringatan/\(alert.id)", as: analyst)
            #expect(page.status == .ok)
            #expect(page.text.contains("3 laporan dalam 1 hari sampai 24 November 2026; ambangnya 3 laporan."))
            #expect(page.text.contains("<svg") && page.text.contains("wilayah=36.73.01&amp;dari=2026-11-24&amp;sampai=2026-11-24"))
            // The link to the reports lists exactly the three that raised it.
            let reports = try await kit.api(.get, "/api/v1/reports?wilayah=36.73.01&dari=2026-11-24&sampai=2026-11-24", token: try await kit.token(for: "analis")).json()
            #expect((reports["data"] as? [Any])?.count == 3)
            let refused = try await kit.post("/peringatan/\(alert.id)", form: ["status": "alarm_palsu", "versi": String(alert.updatedAt), "catatan": ""], as: analyst)
            #expect(refused.status == .unprocessableContent && refused.text.contains("error-summary") && refused.text.contains("id=\"catatan-error\""))
            #expect(try await kit.store.alerts(.console).get(alert.id)?.status == .new)
            let closed = try await kit.post("/peringatan/\(alert.id)", form: ["status": "alarm_palsu", "versi": String(alert.updatedAt), "catatan": "Pawai budaya."],
                                            as: analyst)
            #expect(closed.status == .seeOther)
            #expect(try await kit.store.alerts(.console).get(alert.id)?.status == .falseAlarm)
            // The version the form carried is spent: a second form from the same page is refused.
            let stale = try await kit.post("/peringatan/\(alert.id)", form: ["status": "ditangani", "versi": String(alert.updatedAt), "catatan": "Dibuka lagi."], as: analyst)
            #expect(stale.status == .conflict)
            _ = try await kit.addUser("analis.tangsel", .analyst, "36.74")
            #expect(try await kit.get("/peringatan/\(alert.id)", as: try await kit.login("analis.tangsel")).status == .notFound)
            #expect(try await kit.get("/peringatan/\(alert.id)", as: try await kit.login("pemantau")).status == .forbidden)
            #expect(try await kit.get("/peringatan/\(alert.id)", as: try await kit.login("admin.serang")).status == .ok)
        }
    }

    @Test("the API lists, shows and handles alerts as its document says; rules are listed with their owner and version", arguments: TestBackend.available)
    func alertAPI(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let alert = try await AlertFixtures.alert(kit.store)
            let token = try await kit.token(for: "analis")
            let open = try await kit.api(.get, "/api/v1/alerts?status=terbuka", token: token).json()
            #expect(((open["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int } == [alert.id])
            let one = try await kit.api(.get, "/api/v1/alerts/\(alert.id)", token: token).json()
            #expect((one["hitungan"] as? [[String: Any]])?.last?["jumlah"] as? Int == 3)
            let noNote = try await kit.api(.post, "/api/v1/alerts/\(alert.id)/status", token: token, json: #"{"status": "selesai", "versi": \#(alert.updatedAt)}"#)
            #expect(noNote.status == .unprocessableContent)
            let handled = try await kit.api(.post, "/api/v1/alerts/\(alert.id)/status", token: token, json: #"{"status": "ditangani", "versi": \#(alert.updatedAt)}"#)
            #expect(handled.status == .ok)
            #expect(try handled.json()["status"] as? String == "ditangani")
            let rules = try await kit.api(.get, "/api/v1/alert-rules", token: token).json()
            #expect(((rules["data"] as? [[String: Any]]) ?? []).contains { $0["nama"] as? String == "Tiga laporan sehari" && $0["versi"] as? Int == 1 })
        }
    }

    @Test("a rule form with bad values names each field and saves nothing; a good one saves a rule the owner may edit into a new version",
          arguments: TestBackend.available)
    func ruleForm(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let analyst = try await kit.login("analis")
            let before = try await kit.store.alerts(Scope(try #require(try await kit.store.user(username: "analis")).principal)).rules().count
            let bad = try await kit.post("/peringatan/aturan", form: ["nama": "", "jenis": "c1", "tingkat_wilayah": "3", "ambang_k": "tiga", "hari_dasar": "2"], as: analyst)
            #expect(bad.status == .unprocessableContent)
            for field in ["nama", "ambang_k", "hari_dasar"] { #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)") }
            let repository = kit.store.alerts(Scope(try #require(try await kit.store.user(username: "analis")).principal))
            #expect(try await repository.rules().count == before)
            let saved = try await kit.post("/peringatan/aturan", form: ["nama": "Lonjakan hoaks", "jenis": "c2", "tingkat_wilayah": "3", "kode_kategori": "hoaks",
                                                                      "ambang_k": "3", "sigma_minimum": "1", "hari_dasar": "7", "jumlah_minimum": "3"], as: analyst)
            #expect(saved.status == .seeOther)
            let rule = try #require(try await repository.rules().first { $0.rule.name == "Lonjakan hoaks" })
            #expect(rule.region.rawValue == "36.73" && rule.rule.categoryCode == "hoaks" && rule.rule.kind == .c2)
            #expect(try await kit.get("/peringatan/aturan/\(rule.id)", as: analyst).status == .ok)
            let edited = try await kit.post("/peringatan/aturan/\(rule.id)", form: ["nama": "Lonjakan hoaks", "jenis": "c2", "tingkat_wilayah": "3", "kode_kategori": "hoaks",
                                                                                 "ambang_k": "2.5", "sigma_minimum": "1", "hari_dasar": "7", "jumlah_minimum": "3",
                                                                                 "versi": "1"], as: analyst)
            #expect(edited.status == .seeOther)
            let after = try #require(try await repository.rule(rule.id))
            #expect(after.version == 2 && after.rule.k == 2.5 && !after.active)
            // A kecamatan administrator sees the kota's rule but may not edit it.
            #expect(try await kit.get("/peringatan/aturan/\(rule.id)", as: try await kit.login("admin.serang")).status == .forbidden)
        }
    }
}
