import Foundation
import HTTPTypes
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

/// What a reader of the report list and a report page finds: a search matches every word in any
/// order, and a closed report does not show its unfinished follow-ups as waiting or late.
@Suite("Reading reports")
struct ReportReadingTests {
    @Test("a search matches all of its words, in any order, in the title or the narrative", arguments: TestBackend.available)
    func searchAllWords(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            func create(_ title: String) async throws -> Int {
                try #require(try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: title)).json()["id"] as? Int)
            }
            let wanted = try await create("Bagi-bagi beras di Cipare")
            _ = try await create("Bagi-bagi beras di Kasemen")
            _ = try await create("Spanduk di Cipare")
            func found(_ query: String) async throws -> [Int] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let data = try await kit.api(.get, "/api/v1/reports?q=\(encoded)", token: token).json()["data"] as? [[String: Any]] ?? []
                return data.compactMap { $0["id"] as? Int }
            }
            #expect(try await found("beras Cipare") == [wanted])
            #expect(try await found("CIPARE   beras") == [wanted])
            #expect(try await found("beras Cipare Kasemen") == [])
            #expect(try await found("beras").count == 2)
            // "Warga melihat pembagian paket sembako …" is every fixture's narrative: its words count too.
            #expect(try await found("paket Cipare").count == 2)
            #expect(ReportFilter.words("a  b a\tc") == ["a", "b", "c"])
        }
    }

    @Test("a resolved report shows an unfinished follow-up as closed with it, not as waiting or late", arguments: TestBackend.available)
    func closedAssignments(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            let analyst = try await kit.token(for: "analis")
            let id = try #require(try await kit.api(.post, "/api/v1/reports", token: analyst, json: ReportFixtures.json()).json()["id"] as? Int)
            let kpu = try #require(try await kit.store.agencies(scope: RegionCode("36.73")!, type: .kpu).first?.agency.id)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst).status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analyst, json: #"{"instansi": [\#(kpu)], "tenggat": "2026-11-26"}"#).status == .ok)
            clock.advance(by: 3 * 86_400)
            let session = try await kit.login("analis")
            let open = try await kit.get("/laporan/\(id)", as: session)
            #expect(open.text.contains("Belum ditanggapi"))
            #expect(open.text.contains("tag warn\">terlambat"))
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/resolve", token: analyst, json: #"{"catatan": "Selesai dimediasi"}"#).status == .ok)
            let closed = try await kit.get("/laporan/\(id)", as: session)
            #expect(closed.text.contains("Ditutup bersama laporan (belum ditanggapi)"))
            #expect(!closed.text.contains("— Belum ditanggapi"))
            #expect(!closed.text.contains("tag warn\">terlambat"))
            #expect(AssignmentStatus.done.label(onReport: .resolved) == "Selesai ditangani")
            #expect(AssignmentStatus.inProgress.label(onReport: .followUp) == "Sedang ditangani")
            #expect(AssignmentStatus.inProgress.label(onReport: .archived) == "Ditutup bersama laporan (sedang ditangani)")
        }
    }

    @Test("after each step the page says what happened to which report", arguments: TestBackend.available)
    func notices(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.login("pemantau")
            let fields = ["judul": "Spanduk provokatif", "uraian": "Di pagar sekolah.", "kategori": "hoaks", "tingkat": "sedang", "sumber": "field_monitor",
                          "waktu_kejadian": "2026-11-20T08:00", "kode_wilayah": "36.73.01.1008"]
            let sent = try await kit.post("/laporan", form: fields.merging(["simpan": "kirim"]) { $1 }, as: monitor)
            let sentPage = try await kit.get(try #require(sent.location), as: monitor)
            let id = try #require(sent.location?.split(separator: "/").last?.split(separator: "?").first.flatMap { Int($0) })
            #expect(sentPage.text.contains("Laporan #\(id) terkirim, menunggu verifikasi."))
            let drafted = try await kit.post("/laporan", form: fields.merging(["simpan": "draf"]) { $1 }, as: monitor)
            #expect(try await kit.get(try #require(drafted.location), as: monitor).text.contains("Lengkapi, lalu kirim bila sudah siap."))
            let analyst = try await kit.login("analis")
            let verified = try await kit.post("/laporan/\(id)/verifikasi", form: [:], as: analyst)
            #expect(verified.location == "/laporan/\(id)?notice=verifikasi")
            #expect(try await kit.get(try #require(verified.location), as: analyst).text.contains("Laporan #\(id) terverifikasi."))
            // A notice the list does not hold shows nothing.
            #expect(!(try await kit.get("/laporan/\(id)?notice=%3Cscript%3E", as: analyst)).text.contains("alert ok"))
            // A page that does not exist says so without jargon.
            let missing = try await kit.get("/tidak-ada", as: analyst)
            #expect(missing.text.contains("Halaman ini tidak ada."))
            // An error page keeps the menu and who is signed in.
            for page in [missing, try await kit.get("/laporan/424242", as: analyst), try await kit.get("/laporan?tingkat=raja", as: analyst)] {
                #expect(page.text.contains(#"<nav class="nav" aria-label="Menu utama">"#))
                #expect(page.text.contains(#"href="/kotak-masuk""#))
                #expect(page.text.contains("Analis"))
            }
        }
    }
}
