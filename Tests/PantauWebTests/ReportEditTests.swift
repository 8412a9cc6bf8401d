import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

/// Reports can be corrected: the author finishes a draft and changes a report not yet verified,
/// a verifier corrects its facts; every change is on the timeline with old and new values, and an
/// edit made from an old copy of the page is refused with 409.
@Suite("Correcting reports")
struct ReportEditTests {
    static let fields = ["judul": "Spanduk provokatif", "uraian": "Di pagar sekolah.", "kategori": "hoaks", "tingkat": "sedang", "sumber": "field_monitor",
                         "waktu_kejadian": "2026-11-20T08:00", "presisi_waktu": "exact", "kode_wilayah": "36.73.01.1008"]

    func version(_ page: TestResponse) throws -> String {
        let text = page.text
        let marker = #"name="versi" value=""#
        let start = try #require(text.range(of: marker)).upperBound
        return String(text[start...].prefix { $0 != "\"" })
    }

    @Test("the author finishes a draft and sends it; the change is on the timeline", arguments: TestBackend.available)
    func finishDraft(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.login("pemantau")
            let saved = try await kit.post("/laporan", form: Self.fields.merging(["simpan": "draf"]) { $1 }, as: monitor)
            let id = try #require(saved.location?.split(separator: "/").last?.split(separator: "?").first.flatMap { Int($0) })
            let page = try await kit.get("/laporan/\(id)", as: monitor)
            #expect(page.text.contains(#"<a class="button" href="/laporan/\#(id)/ubah">Lanjutkan draf</a>"#))
            let form = try await kit.get("/laporan/\(id)/ubah", as: monitor)
            #expect(form.status == .ok)
            // No example that looks like a typed value: examples are hints beside the field.
            for page in [form, try await kit.get("/laporan/baru", as: monitor)] {
                #expect(!page.text.contains("placeholder="))
                #expect(page.text.contains(#"<p class="hint" id="koordinat-hint">"#))
            }
            #expect(form.text.contains(#"value="Spanduk provokatif""#))
            #expect(form.text.contains("Simpan dan kirim"))
            let sent = try await kit.post("/laporan/\(id)/ubah", form: Self.fields.merging(["judul": "Spanduk provokatif di SDN 2", "tingkat": "berat", "sumber": "media",
                                                                                            "simpan": "kirim", "versi": try version(form)]) { $1 }, as: monitor)
            #expect(sent.location == "/laporan/\(id)?notice=created")
            let report = try #require(try await kit.store.reports(.console).report(id))
            #expect(report.status == .submitted)
            #expect(report.title == "Spanduk provokatif di SDN 2")
            #expect(report.severity == .berat)
            #expect(report.source == .media)
            let edit = try #require(try await kit.store.reports(.console).events(of: id).first { $0.action == "edit" })
            #expect(edit.note == "Judul: Spanduk provokatif → Spanduk provokatif di SDN 2; Tingkat: Sedang → Berat; Sumber: \(ReportSource.fieldMonitor.label) → \(ReportSource.media.label)")
            let audit = try await kit.store.auditLog(scope: RegionCode("36.73")!, filter: AuditFilter(entity: "report", entityID: String(id)))
            #expect(audit.items.contains { $0.action == "edit" })
        }
    }

    @Test("a verifier corrects category, severity, place and time but not the author's words", arguments: TestBackend.available)
    func verifierCorrects(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pemantau")
            let id = try #require(try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: "Amplop di Cipare")).json()["id"] as? Int)
            let analyst = try await kit.login("analis")
            let form = try await kit.get("/laporan/\(id)/ubah", as: analyst)
            #expect(form.status == .ok)
            #expect(form.text.contains("Isi lain hanya dapat diubah pelapornya."))
            #expect(form.text.contains(#"name="judul" value="Amplop di Cipare" maxlength="200" required readonly"#))
            let saved = try await kit.post("/laporan/\(id)/ubah", form: ["judul": "Diganti analis", "kategori": "hoaks", "tingkat": "berat",
                                                                        "kode_wilayah": "36.73.01.1001", "waktu_kejadian": "2026-11-20T10:15", "presisi_waktu": "approximate",
                                                                        "simpan": "ubah", "versi": try version(form)], as: analyst)
            #expect(saved.location == "/laporan/\(id)?notice=diubah")
            let report = try #require(try await kit.store.reports(.console).report(id))
            #expect(report.title == "Amplop di Cipare")
            #expect(report.category.code == "hoaks")
            #expect(report.severity == .berat)
            #expect(report.region.code.rawValue == "36.73.01.1001")
            #expect(report.precision == .approximate)
            #expect(report.status == .submitted)
            let note = try #require(try await kit.store.reports(.console).events(of: id).first { $0.action == "edit" }?.note)
            #expect(note.contains("Kategori: Politik uang → Hoaks"))
            #expect(note.contains("Tingkat: Sedang → Berat"))
            #expect(note.contains("Waktu kejadian: 2026-11-20 09:30 → 2026-11-20 10:15 (perkiraan)"))
            #expect(!note.contains("Judul"))
            let page = try await kit.get("/laporan/\(id)?notice=diubah", as: analyst)
            #expect(page.text.contains("Perubahan laporan #\(id) tersimpan dan tercatat di riwayatnya."))
            #expect(page.text.contains("Kategori: Politik uang → Hoaks"))
            #expect(page.text.contains("Diubah"))
            #expect(!page.text.contains(">edit<"))
        }
    }

    @Test("an edit from an old copy of the page is refused with 409 and changes nothing", arguments: TestBackend.available)
    func staleEdit(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pemantau")
            let id = try #require(try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json()).json()["id"] as? Int)
            let analyst = try await kit.login("analis"), author = try await kit.login("pemantau")
            let old = try version(try await kit.get("/laporan/\(id)/ubah", as: author))
            let first = try await kit.post("/laporan/\(id)/ubah", form: Self.fields.merging(["tingkat": "kritis", "simpan": "ubah", "versi": old]) { $1 }, as: analyst)
            #expect(first.status == .seeOther)
            let second = try await kit.post("/laporan/\(id)/ubah", form: Self.fields.merging(["judul": "Judul lain", "simpan": "ubah", "versi": old]) { $1 }, as: author)
            #expect(second.status == .conflict)
            #expect(second.text.contains("sudah diubah orang lain sejak Anda membukanya"))
            let report = try #require(try await kit.store.reports(.console).report(id))
            #expect(report.severity == .kritis)
            #expect(report.title == "Pembagian sembako oleh tim kampanye")
            #expect(try await kit.store.reports(.console).events(of: id).filter { $0.action == "edit" }.count == 1)
        }
    }

    @Test("nobody else edits: another monitor, the author after verification, anyone during follow-up", arguments: TestBackend.available)
    func whoMayEdit(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pemantau"), analystToken = try await kit.token(for: "analis")
            let id = try #require(try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json()).json()["id"] as? Int)
            #expect(try await kit.get("/laporan/\(id)/ubah", as: try await kit.login("mitra")).status == .forbidden)
            #expect(try await kit.get("/laporan/\(id)/ubah", as: try await kit.login("pimpinan")).status == .forbidden)
            #expect(try await kit.get("/laporan/\(id)/ubah", as: try await kit.login("admin.kaltim")).status == .notFound)
            // A kecamatan's administrator corrects the facts of reports in that kecamatan only.
            let serang = try await kit.login("admin.serang")
            #expect(try await kit.get("/laporan/\(id)/ubah", as: serang).status == .ok)
            let elsewhere = try #require(try await kit.api(.post, "/api/v1/reports", token: token,
                                                           json: ReportFixtures.json(region: "36.73.02")).json()["id"] as? Int)
            #expect(try await kit.get("/laporan/\(elsewhere)/ubah", as: serang).status == .notFound)
            #expect(try await kit.post("/laporan/\(elsewhere)/ubah", form: Self.fields.merging(["simpan": "ubah", "versi": "1"]) { $1 }, as: serang).status == .notFound)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analystToken).status == .ok)
            let author = try await kit.login("pemantau")
            #expect(try await kit.get("/laporan/\(id)/ubah", as: author).status == .forbidden)
            #expect(!(try await kit.get("/laporan/\(id)", as: author)).text.contains("/laporan/\(id)/ubah"))
            #expect(try await kit.get("/laporan/\(id)/ubah", as: try await kit.login("analis")).status == .ok)
            let kpu = try #require(try await kit.store.agencies(scope: RegionCode("36.73")!, type: .kpu).first?.agency.id)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analystToken, json: #"{"instansi": [\#(kpu)], "tenggat": "2026-12-01"}"#).status == .ok)
            let analyst = try await kit.login("analis")
            #expect(try await kit.get("/laporan/\(id)/ubah", as: analyst).status == .forbidden)
            let refused = try await kit.post("/laporan/\(id)/ubah", form: Self.fields.merging(["simpan": "ubah", "versi": "1"]) { $1 }, as: analyst)
            #expect(refused.status == .forbidden)
            #expect(ReportEditing.extent(role: .monitor, status: .draft, isAuthor: true) == .everything)
            #expect(ReportEditing.extent(role: .analyst, status: .submitted, isAuthor: false) == .facts)
            #expect(ReportEditing.extent(role: .analyst, status: .followUp, isAuthor: true) == nil)
            #expect(ReportEditing.extent(role: .partner, status: .verified, isAuthor: true) == nil)
        }
    }
}
