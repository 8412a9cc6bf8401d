import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Desk Pilkada: elections, problems and desk reports")
struct ElectionWebTests {
    static func election(_ store: Store, name: String = "Pilwalkot Serang 2024") async throws -> Election {
        try await store.elections(.console).create(ElectionInput(type: .regent, name: name, region: RegionCode("36.73")!, votingDay: LocalDate("2024-11-27")!),
                                       template: .pilkada2024, actor: .system)
    }

    @Test("a desk creates an election from the template, sees its stages with their state, and enters candidates", arguments: TestBackend.available)
    func electionPages(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("analis")
            let created = try await kit.post("/pemilu", form: ["jenis": "pilkada_bupati_walikota", "nama": "Pilwalkot Serang 2029", "kode_wilayah": "36.73",
                                                               "hari_pemungutan": "2029-11-28", "templat": "pilkada-2024"], as: session)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location]).split(separator: "?")[0]
            let page = try await kit.get(String(location), as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Masa tenang") && page.text.contains("28 November 2029"))
            #expect(page.text.contains("Belum mulai"))
            let refused = try await kit.post("/pemilu", form: ["jenis": "pilkada_gubernur", "nama": "Pilgub", "kode_wilayah": "36.73", "hari_pemungutan": "2029-11-28"], as: session)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("meliputi satu provinsi"))
            let candidate = try await kit.post(String(location) + "/paslon", form: ["nomor": "1", "calon": "<script>alert(1)</script>", "wakil": "Wakil", "partai": "Partai A, Partai B"], as: session)
            #expect(candidate.status == .seeOther)
            let withCandidate = try await kit.get(String(location), as: session)
            #expect(withCandidate.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!withCandidate.text.contains("<script>alert(1)"))
            #expect(withCandidate.text.contains("Partai A, Partai B"))
            // Read-only for leadership; invisible elsewhere.
            let viewer = try await kit.login("pimpinan")
            let viewed = try await kit.get(String(location), as: viewer)
            #expect(viewed.status == .ok && !viewed.text.contains("Tambah tahapan"))
            #expect(try await kit.post(String(location) + "/paslon", form: ["nomor": "2", "calon": "X"], as: viewer).status == .forbidden)
            let kaltim = try await kit.login("admin.kaltim")
            #expect(try await kit.get(String(location), as: kaltim).status == .notFound)
        }
    }

    @Test("the API lists elections with their stage states and refuses bad input with a clear error", arguments: TestBackend.available)
    func electionAPI(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            let bad = try await kit.api(.post, "/api/v1/elections", token: token, json: #"{"jenis": "pilkada_bupati_walikota", "nama": "X", "kode_wilayah": "99.99", "hari_pemungutan": "2024-02-30"}"#)
            #expect(bad.status == .unprocessableContent)
            let malformed = try await kit.api(.post, "/api/v1/elections", token: token, json: "{nama:")
            #expect(malformed.status == .badRequest)
            let created = try await kit.api(.post, "/api/v1/elections", token: token,
                                            json: #"{"jenis": "pilkada_bupati_walikota", "nama": "Pilwalkot Serang 2024", "kode_wilayah": "36.73", "hari_pemungutan": "2024-11-27", "templat": "pilkada-2024"}"#)
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? Int)
            let shown = try await kit.api(.get, "/api/v1/elections/\(id)", token: token).json()
            let stages = try #require(shown["tahapan"] as? [[String: Any]])
            #expect(stages.count == ElectionTemplate.pilkada2024.stages.count)
            #expect(stages.allSatisfy { $0["status"] as? String == "selesai" })  // 2024 is over by the test's today
            #expect((shown["hari_menuju_pemungutan"] as? Int).map { $0 < 0 } == true)
            let kaltim = try await kit.token(for: "admin.kaltim")
            #expect(try await kit.api(.get, "/api/v1/elections/\(id)", token: kaltim).status == .notFound)
            let theirs = try await kit.api(.get, "/api/v1/elections", token: kaltim).json()
            #expect((theirs["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("problems are recorded, filtered, moved through their statuses and linked to reports, within the caller's area", arguments: TestBackend.available)
    func problems(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let stage = try await kit.store.elections(.console).stages(of: election.id).first { $0.plan.name == "Kampanye" }!
            let token = try await kit.token(for: "pemantau")
            let report = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(region: "36.73.01.1001")).json()["id"] as! Int
            let session = try await kit.login("pemantau")
            let created = try await kit.post("/pemilu/\(election.id)/masalah", form: [
                "judul": "APK di pohon pelindung", "uraian": "Banyak APK dipaku di pohon.", "kategori": "perusakan", "tahapan": String(stage.id),
                "kode_wilayah": "36.73.01.1001", "saran": "Penertiban bersama Satpol PP", "tenggat": "2024-11-20", "laporan": "#\(report)",
            ], as: session)
            #expect(created.status == .seeOther)
            let location = String(try #require(created.headers[.location]).split(separator: "?")[0])
            let page = try await kit.get(location, as: session)
            #expect(page.text.contains("APK di pohon pelindung") && page.text.contains("/laporan/\(report)") && page.text.contains("Teridentifikasi"))
            let untitled = try await kit.post("/pemilu/\(election.id)/masalah", form: ["judul": "", "kategori": "perusakan", "kode_wilayah": "36.73.01"], as: session)
            #expect(untitled.status == .unprocessableContent)
            #expect(untitled.text.contains("Permasalahan wajib diisi."))
            let outside = try await kit.post("/pemilu/\(election.id)/masalah", form: ["judul": "Di Kaltim", "kategori": "perusakan", "kode_wilayah": "64.01"], as: session)
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("Wilayah 64.01 berada di luar wilayah kewenangan Anda."))
            let moved = try await kit.post(location + "/status", form: ["status": "diantisipasi", "catatan": "Rapat koordinasi"], as: session)
            #expect(moved.status == .seeOther)
            let backwards = try await kit.post(location + "/status", form: ["status": "teridentifikasi"], as: session)
            #expect(backwards.status == .conflict)
            let list = try await kit.api(.get, "/api/v1/elections/\(election.id)/problems?status=diantisipasi&tahapan=\(stage.id)", token: token).json()
            #expect((list["data"] as? [[String: Any]])?.map { $0["judul"] as? String } == ["APK di pohon pelindung"])
            let none = try await kit.api(.get, "/api/v1/elections/\(election.id)/problems?status=selesai", token: token).json()
            #expect((none["data"] as? [Any])?.isEmpty == true)
            // A problem in another kecamatan (Kasemen): the city desk sees both, the administrator of
            // Kecamatan Serang only the one in Serang, and not the other one's page.
            let kasemen = try await kit.api(.post, "/api/v1/elections/\(election.id)/problems", token: token,
                                            json: #"{"judul": "Hoaks DPT ganda di Kasemen", "kategori": "hoaks", "kode_wilayah": "36.73.02.1001"}"#)
            #expect(kasemen.status == .created)
            let kasemenID = try #require(try kasemen.json()["id"] as? Int)
            let fromCity = try await kit.api(.get, "/api/v1/elections/\(election.id)/problems", token: token).json()
            #expect(Set((fromCity["data"] as? [[String: Any]] ?? []).compactMap { $0["judul"] as? String }) == ["APK di pohon pelindung", "Hoaks DPT ganda di Kasemen"])
            let serang = try await kit.token(for: "admin.serang")
            let fromSerang = try await kit.api(.get, "/api/v1/elections/\(election.id)/problems", token: serang).json()
            #expect((fromSerang["data"] as? [[String: Any]])?.map { $0["judul"] as? String } == ["APK di pohon pelindung"])
            let serangSession = try await kit.login("admin.serang")
            let serangPage = try await kit.get("/pemilu/\(election.id)/masalah", as: serangSession)
            #expect(serangPage.status == .ok)
            #expect(serangPage.text.contains("APK di pohon pelindung") && !serangPage.text.contains("Hoaks DPT ganda di Kasemen"))
            #expect(try await kit.get("/pemilu/\(election.id)/masalah/\(kasemenID)", as: serangSession).status == .notFound)
        }
    }

    @Test("a daily report compiles the day, is edited, exported as A4 page and .docx, finalised, and then never changes", arguments: TestBackend.available)
    func deskReports(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let admin = try await kit.login("admin")
            #expect(try await kit.post("/pengaturan/kop", form: ["kop": "PEMERINTAH KOTA SERANG\nBADAN KESATUAN BANGSA DAN POLITIK\nJl. Jend. Sudirman, Serang"], as: admin).status == .seeOther)
            let partner = try await kit.login("mitra")
            #expect(try await kit.post("/pemilu/\(election.id)/desk/catatan", form: ["tanggal": "2024-11-26", "catatan": "Logistik <b>siap</b> di 992 TPS."], as: partner).status == .seeOther)
            let session = try await kit.login("analis")
            let opened = try await kit.post("/pemilu/\(election.id)/desk", form: ["jenis": "harian", "tanggal": "2024-11-26"], as: session)
            #expect(opened.status == .seeOther)
            let location = try #require(opened.headers[.location])
            let page = try await kit.get(location, as: session)
            #expect(page.text.contains("Masa tenang") && page.text.contains("Logistik &lt;b&gt;siap&lt;/b&gt; di 992 TPS."))
            #expect(page.text.contains("H-1"))
            #expect(try await kit.post(location, form: ["narasi": "Situasi aman & kondusif."], as: session).status == .seeOther)
            let printed = try await kit.get(location + "/cetak", as: session)
            #expect(printed.text.contains("size: A4") && printed.text.contains("BADAN KESATUAN BANGSA DAN POLITIK") && printed.text.contains("Situasi aman &amp; kondusif."))
            let docx = try await kit.get(location + "/laporan.docx", as: session)
            #expect(docx.status == .ok)
            #expect(docx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            let archive = try Archive(data: Data(docx.body.readableBytesView), accessMode: .read)
            var xml = Data()
            _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
            let text = String(decoding: xml, as: UTF8.self)
            #expect(text.contains("Situasi aman &amp; kondusif.") && text.contains("Masa tenang") && text.contains("BADAN KESATUAN BANGSA DAN POLITIK"))
            #expect(XMLParser(data: xml).parse())
            // A draft's Word file carries DRAF on every page (in the page header, like Word's own watermarks).
            var header = Data()
            _ = try archive.extract(try #require(archive["word/header1.xml"])) { header.append($0) }
            #expect(String(decoding: header, as: UTF8.self).contains("string=\"DRAF\""))
            // "Finalkan" asks first, on a page of its own; only its button finalises.
            let asked = try await kit.post(location + "/final", form: [:], as: session)
            #expect(asked.status == .ok && asked.text.contains("Ya, finalkan") && asked.text.contains("name=\"konfirmasi\" value=\"ya\""))
            #expect(try await kit.get(location, as: session).text.contains("Finalkan laporan"))
            let finalised = try await kit.post(location + "/final", form: ["konfirmasi": "ya"], as: session)
            #expect(finalised.status == .seeOther && finalised.headers[.location]?.hasSuffix("notice=finalised") == true)
            let finalDocx = try Archive(data: Data(try await kit.get(location + "/laporan.docx", as: session).body.readableBytesView), accessMode: .read)
            #expect(finalDocx["word/header1.xml"] == nil)
            let after = try await kit.post(location, form: ["narasi": "Diubah setelah final"], as: session)
            #expect(after.status == .conflict)
            let final = try await kit.get(location, as: session)
            #expect(final.text.contains("Final") && !final.text.contains("Diubah setelah final") && final.text.contains("Buat versi perbaikan"))
            let kaltim = try await kit.login("admin.kaltim")
            #expect(try await kit.get(location + "/laporan.docx", as: kaltim).status == .notFound)
        }
    }
}

@Suite("Desk Pilkada through the API")
struct ElectionAPITests {
    @Test("stages, candidates, notes, desk reports and the TPS survey are all writable through the API, by those allowed", arguments: TestBackend.available)
    func writes(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await ElectionWebTests.election(kit.store)
            let token = try await kit.token(for: "analis")
            let stage = try await kit.api(.post, "/api/v1/elections/\(election.id)/stages", token: token, json: #"{"nama": "Debat publik", "mulai": "2024-10-16", "selesai": "2024-11-16"}"#)
            #expect(stage.status == .ok)
            #expect((try stage.json()["tahapan"] as? [[String: Any]])?.contains { $0["nama"] as? String == "Debat publik" } == true)
            let backwards = try await kit.api(.post, "/api/v1/elections/\(election.id)/stages", token: token, json: #"{"nama": "X", "mulai": "2024-11-16", "selesai": "2024-10-16"}"#)
            #expect(backwards.status == .unprocessableContent)
            let pair = try await kit.api(.post, "/api/v1/elections/\(election.id)/candidates", token: token,
                                         json: #"{"nomor": 2, "calon": "Calon Dua", "wakil": "Wakil Dua", "partai": ["Partai X", "Partai Y"]}"#)
            #expect((try pair.json()["paslon"] as? [[String: Any]])?.first?["partai"] as? [String] == ["Partai X", "Partai Y"])
            let viewer = try await kit.token(for: "pimpinan")
            #expect(try await kit.api(.post, "/api/v1/elections/\(election.id)/candidates", token: viewer, json: #"{"nomor": 3, "calon": "C"}"#).status == .forbidden)

            let partner = try await kit.token(for: "mitra")
            #expect(try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-notes", token: partner, json: #"{"tanggal": "2024-11-27", "catatan": "Pemungutan lancar."}"#).status == .noContent)
            let opened = try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-reports", token: token, json: #"{"jenis": "harian", "tanggal": "2024-11-27"}"#)
            let report = try #require(try opened.json()["id"] as? Int)
            let edited = try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-reports/\(report)", token: token, json: #"{"narasi": "Lancar.", "susun_ulang": true}"#)
            #expect(try edited.json()["narasi"] as? String == "Lancar.")
            let isi = try #require(try edited.json()["isi"] as? [String: Any])
            #expect((isi["notes"] as? [[String: Any]])?.first?["note"] as? String == "Pemungutan lancar.")
            #expect(try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-reports/\(report)/final", token: token).status == .ok)
            #expect(try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-reports/\(report)", token: token, json: #"{"narasi": "Ubah"}"#).status == .conflict)

            try await kit.store.participation(.console).importStations(into: election.id, rows: [PollingStationRow(region: RegionCode("36.73.01.1001")!, number: 1, address: "Balai warga", dpt: 300, location: nil)], actor: .system)
            let station = try #require(try await kit.store.participation(.console).stations(of: election.id, in: RegionCode("36.73")!).items.first)
            let indicators = try await kit.store.tpsIndicators()
            let chosen = indicators.filter { ["dptb", "sulit_dijangkau"].contains($0.code) }.map(\.id)
            let saved = try await kit.api(.post, "/api/v1/elections/\(election.id)/stations/\(station.id)/survey", token: token, json: #"{"indikator": \#(chosen)}"#)
            #expect(try saved.json()["jumlah_berlaku"] as? Int == 2)
            let unknown = try await kit.api(.post, "/api/v1/elections/\(election.id)/stations/\(station.id)/survey", token: token, json: #"{"indikator": [999999]}"#)
            #expect(unknown.status == .unprocessableContent)
            let kaltim = try await kit.token(for: "admin.kaltim")
            #expect(try await kit.api(.get, "/api/v1/elections/\(election.id)/stations/\(station.id)/survey", token: kaltim).status == .notFound)
        }
    }
}

@Suite("TPS survey indicators")
struct IndicatorTests {
    @Test("administrators add, rename and retire indicators; a retired one is no longer offered and old findings stay", arguments: TestBackend.available)
    func indicators(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let admin = try await kit.login("admin")
            #expect(try await kit.post("/pengaturan/indikator-tps", form: ["variabel": "keamanan", "indikator": "Riwayat <b>bentrok</b> antarwarga"], as: admin).status == .seeOther)
            #expect(try await kit.post("/pengaturan/indikator-tps", form: ["variabel": "tidak_ada", "indikator": "X"], as: admin).status == .unprocessableContent)
            let added = try #require(try await kit.store.tpsIndicators().first { $0.label == "Riwayat <b>bentrok</b> antarwarga" })
            #expect(added.variable == "keamanan" && added.variableName == "Keamanan")
            let page = try await kit.get("/pengaturan/indikator-tps", as: admin)
            #expect(page.text.contains("Riwayat &lt;b&gt;bentrok&lt;/b&gt; antarwarga"))
            // Listed right after the other Keamanan indicators.
            let order = try await kit.store.tpsIndicators().map(\.variable)
            #expect(order.firstIndex(of: "politik_uang")! > order.lastIndex(of: "keamanan")!)
            #expect(try await kit.post("/pengaturan/indikator-tps/\(added.id)", form: ["indikator": "Riwayat bentrok antarwarga"], as: admin).status == .seeOther)
            #expect(try await kit.store.tpsIndicators().contains { $0.id == added.id } == false)
            #expect(try await kit.store.tpsIndicators(includeInactive: true).first { $0.id == added.id }?.label == "Riwayat bentrok antarwarga")
            let analyst = try await kit.login("analis")
            #expect(try await kit.post("/pengaturan/indikator-tps", form: ["variabel": "keamanan", "indikator": "Y"], as: analyst).status == .forbidden)
        }
    }
}
