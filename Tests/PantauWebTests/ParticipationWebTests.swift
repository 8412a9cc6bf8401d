import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PantauCore
import PantauDocuments
import PantauStore
import PantauTestSupport
import Testing

@Suite("Desk Pilkada: TPS, TPS rawan and voter participation")
struct ParticipationWebTests {
    static let stationHeader = "kode_wilayah,nomor_tps,alamat,dpt,lintang,bujur"
    static let participationHeader = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah,paslon_1,paslon_2"

    static func election(_ store: Store, name: String = "Pilwalkot Serang 2024", day: String = "2024-11-27", candidates: Bool = true) async throws -> Election {
        let election = try await store.elections(.console).create(ElectionInput(type: .regent, name: name, region: RegionCode("36.73")!, votingDay: LocalDate(day)!),
                                                      template: nil, actor: .system)
        if candidates {
            try await store.elections(.console).saveCandidate(of: election.id, CandidateInput(number: 1, head: "Calon Satu", deputy: "Wakil Satu", parties: ["Partai A"]), actor: .system)
            try await store.elections(.console).saveCandidate(of: election.id, CandidateInput(number: 2, head: "Calon Dua", deputy: "Wakil Dua", parties: []), actor: .system)
        }
        return election
    }

    /// The fill of the map area for `code` in an SVG (the first map in `svg`).
    static func fill(of code: String, in svg: String) -> String? {
        guard let area = svg.range(of: "data-kode=\"\(code)\""), let fill = svg[area.upperBound...].range(of: "fill=\"") else { return nil }
        return svg[fill.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    func upload(_ kit: WebKit, _ path: String, csv: String, as session: BrowserSession) async throws -> TestResponse {
        try await upload(kit, path, file: Data(csv.utf8), name: "data.csv", as: session)
    }

    func upload(_ kit: WebKit, _ path: String, file: Data, name: String, as session: BrowserSession) async throws -> TestResponse {
        try await kit.upload(path, file: file, name: name, as: session)
    }

    @Test("a TPS file with bad rows among good ones imports nothing and shows every bad row's line, column and reason; a good one imports, escaped", arguments: TestBackend.available)
    func stationImport(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let session = try await kit.login("analis")
            let page = try await kit.get("/pemilu/\(election.id)/tps", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains(Self.stationHeader) && page.text.contains("multipart/form-data"))
            let bad = [Self.stationHeader, "36.73.01.1001,1,Jl. Veteran,300,-6.12,106.15", "36.73.01.1001,1,Jl. Lain,300,,",
                       "36.74.01.1001,1,Cilegon,300,,", "36.73.01.1002,2,Jl. C,banyak,,"].joined(separator: "\n")
            let refused = try await upload(kit, "/pemilu/\(election.id)/tps/impor", csv: bad, as: session)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Tidak ada yang diimpor"))
            for (line, column, reason) in [(3, "nomor_tps", "sudah ada pada baris 2"), (4, "kode_wilayah", "di luar wilayah pemilihan"), (5, "dpt", "bukan bilangan bulat")] {
                #expect(refused.text.contains("<td class=\"num\">\(line)</td><td><code>\(column)</code></td>"), "line \(line)")
                #expect(refused.text.contains(reason))
            }
            #expect(try await kit.store.participation(.console).stations(of: election.id, in: RegionCode("36.73")!).items.isEmpty)

            // Excel in an Indonesian locale: semicolons and decimal commas.
            let good = "\u{FEFF}kode_wilayah;nomor_tps;alamat;dpt;lintang;bujur\r\n36.73.01.1001;1;<script>alert(1)</script>;300;-6,12;106,15\r\n36.73.02.1001;1;Kp. Kasemen;250;;\r\n"
            let imported = try await upload(kit, "/pemilu/\(election.id)/tps/impor", csv: good, as: session)
            #expect(imported.status == .seeOther)
            let list = try await kit.get(try #require(imported.location), as: session)
            #expect(list.text.contains("2 baris TPS diimpor"))
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !list.text.contains("<script>alert(1)"))
            #expect(try await kit.store.participation(.console).stations(of: election.id, in: RegionCode("36.73")!).items.first?.location == GeoPoint(lng: 106.15, lat: -6.12))

            // Leadership reads but does not import.
            let viewer = try await kit.login("pimpinan")
            let read = try await kit.get("/pemilu/\(election.id)/tps", as: viewer)
            #expect(read.status == .ok && !read.text.contains("Periksa dan impor"))
            #expect(try await upload(kit, "/pemilu/\(election.id)/tps/impor", csv: good, as: viewer).status == .forbidden)
        }
    }

    @Test("the TPS survey records the indicators that hold; TPS rawan are listed by variable and region and mapped", arguments: TestBackend.available)
    func survey(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let rows = [PollingStationRow(region: RegionCode("36.73.01.1001")!, number: 1, address: "Jl. Veteran", dpt: 300, location: nil),
                        PollingStationRow(region: RegionCode("36.73.02.1001")!, number: 4, address: "Kp. Kasemen", dpt: 250, location: nil)]
            try await kit.store.participation(.console).importStations(into: election.id, rows: rows, actor: .system)
            let stations = try await kit.store.participation(.console).stations(of: election.id, in: RegionCode("36.73")!).items
            let indicators = try await kit.store.tpsIndicators()
            let money = try #require(indicators.first { $0.code == "riwayat_politik_uang" }), asn = try #require(indicators.first { $0.code == "asn" })
            let session = try await kit.login("analis")
            let form = try await kit.get("/pemilu/\(election.id)/tps/\(stations[1].id)", as: session)
            #expect(form.status == .ok)
            #expect(form.text.components(separatedBy: "<fieldset").count - 1 == 8)
            #expect(form.text.contains("Politik uang") && form.text.contains("Jaringan listrik dan internet"))
            let body = "_csrf=\(session.csrf)&indikator=\(money.id)&indikator=\(asn.id)"
            let saved = try await kit.request(.post, "/pemilu/\(election.id)/tps/\(stations[1].id)",
                                              headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"], body: body)
            #expect(saved.status == .seeOther)
            let shown = try await kit.get("/pemilu/\(election.id)/tps/\(stations[1].id)", as: session)
            #expect(shown.text.contains("value=\"\(money.id)\" checked"))

            let rawan = try await kit.get("/pemilu/\(election.id)/tps?variabel=politik_uang", as: session)
            #expect(rawan.text.contains("Kp. Kasemen") && !rawan.text.contains("Jl. Veteran"))
            #expect(rawan.text.contains("<svg") && rawan.text.contains("data-kode=\"36.73.02\""))
            let kasemen = try await kit.get("/pemilu/\(election.id)/tps?rawan=1&wilayah=36.73.01", as: session)
            #expect(kasemen.text.contains("Tidak ada TPS yang cocok dengan saringan ini."))
            #expect(!kasemen.text.contains("Kp. Kasemen") && !kasemen.text.contains("Jl. Veteran"))
            let map = try await kit.get("/pemilu/\(election.id)/tps/peta.svg?variabel=netralitas", as: session)
            #expect(map.status == .ok && map.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            #expect(map.text.contains("1 TPS rawan netralitas"))
            let api = try await kit.api(.get, "/api/v1/elections/\(election.id)/stations?rawan=1", token: try await kit.token(for: "pimpinan")).json()
            #expect((api["data"] as? [[String: Any]])?.map { $0["nomor_tps"] as? Int } == [4])
            #expect((api["tps_rawan_per_variabel"] as? [String: Int])?["politik_uang"] == 1 && api["jumlah_tps"] as? Int == 2)
            // Leadership sees the survey read-only.
            let viewer = try await kit.login("pimpinan")
            let readOnly = try await kit.get("/pemilu/\(election.id)/tps/\(stations[1].id)", as: viewer)
            #expect(readOnly.text.contains("disabled") && !readOnly.text.contains("Simpan pemetaan"))
        }
    }

    @Test("participation shows rates computed from the counts, totals per part with drill-down, and where an entered total disagrees", arguments: TestBackend.available)
    func participationPage(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let session = try await kit.login("analis")
            let csv = [Self.participationHeader,
                       "36.73.01.1001,1,150,150,100,110,0,0,1,200,10,120,80",
                       "36.73.01.1001,2,140,160,90,100,2,1,0,185,5,85,100",
                       "36.73.02.1001,1,250,240,160,170,0,0,0,318,12,100,218",
                       // The city total as entered, with DPT men off by ten.
                       "36.73,,550,550,350,380,2,1,1,703,27,305,398"].joined(separator: "\n")
            let imported = try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", csv: csv, as: session)
            #expect(imported.status == .seeOther)
            let page = try await kit.get("/pemilu/\(election.id)/partisipasi", as: session)
            #expect(page.status == .ok)
            // 730 of 1,093 (DPT 1,090 plus 2 DPTb and 1 DPK) = 66.79%; invalid 27 of 730 = 3.70%.
            #expect(page.text.contains("66,79%") && page.text.contains("1.090") && page.text.contains("3,70%"))
            #expect(page.text.contains("Calon Satu – Wakil Satu") && page.text.contains("43,39%"))  // 305 of 703
            #expect(page.text.contains("href=\"/pemilu/\(election.id)/partisipasi?wilayah=36.73.01\""))
            #expect(page.text.contains("Pemeriksaan konsistensi") && page.text.contains("DPT laki-laki"))
            #expect(page.text.contains("<td class=\"num\">550</td><td class=\"num\">540</td><td class=\"num\">+10</td>"))
            #expect(page.text.contains("data-kode=\"36.73.02\""))
            let village = try await kit.get("/pemilu/\(election.id)/partisipasi?wilayah=36.73.01.1001", as: session)
            #expect(village.text.contains("TPS 2") && village.text.contains("Per TPS"))
            let map = try await kit.get("/pemilu/\(election.id)/partisipasi/peta.svg", as: session)
            #expect(map.headers[.contentType]?.hasPrefix("image/svg+xml") == true && map.text.contains("Kasemen"))

            // One bad row among good ones: nothing changes, every problem is listed.
            let bad = [Self.participationHeader, "36.73.01.1002,1,100,100,50,50,0,0,0,100,0,60,40",
                       "36.73.01.1002,2,100,100,50,50,0,0,0,100,0,60,41", "36.73.01.1002,3,100,100,50,-1,0,0,0,100,0,60,40"].joined(separator: "\n")
            let refused = try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", csv: bad, as: session)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<td class=\"num\">3</td><td><code>suara_sah</code></td>"))
            #expect(refused.text.contains("<td class=\"num\">4</td><td><code>memilih_p</code></td>"))
            let after = try await kit.store.participation(.console).participation(of: election.id, in: RegionCode("36.73.01")!)
            #expect(after.parts.map(\.region.code.rawValue) == ["36.73.01.1001"])
        }
    }

    @Test("a figure never entered reads \"tidak diketahui\", not 0, in pages, sums and the API; each rate says what it divides by", arguments: TestBackend.available)
    func unknownFigures(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store, name: "Pilwalkot Serang 2018", day: "2018-06-27", candidates: false)
            let session = try await kit.login("analis")
            // The 2018 recapitulation gives no DPTb, DPK or disabled voters for Serang; Kasemen's row has them.
            let header = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah"
            let csv = [header, "36.73.01.1001,1,150,150,100,110,,,,200,10", "36.73.02.1001,1,250,240,160,170,4,2,1,318,12"].joined(separator: "\n")
            #expect(try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", csv: csv, as: session).status == .seeOther)
            let serang = try await kit.get("/pemilu/\(election.id)/partisipasi?wilayah=36.73.01", as: session)
            #expect(serang.text.contains("<strong>tidak diketahui / tidak diketahui</strong><span>DPTb / DPK</span>"))
            #expect(serang.text.contains("<strong>tidak diketahui</strong><span>Pemilih disabilitas</span>"))
            #expect(serang.text.contains("memilih ÷ DPT; DPTb dan DPK tidak diketahui"))
            let kasemen = try await kit.get("/pemilu/\(election.id)/partisipasi?wilayah=36.73.02", as: session)
            #expect(kasemen.text.contains("<strong>4 / 2</strong><span>DPTb / DPK</span>"))
            #expect(kasemen.text.contains("memilih ÷ (DPT + DPTb + DPK), definisi KPU"))
            // 330 of 490 on the DPT alone = 67,35%; by sex on the same basis: 160/250 and 170/240.
            #expect(kasemen.text.contains("67,35%") && kasemen.text.contains("L 64,00% · P 70,83%; memilih ÷ DPT"))
            // The city's sum is known only where every part is: DPTb stays unknown.
            let api = try await kit.api(.get, "/api/v1/elections/\(election.id)/participation", token: try await kit.token(for: "analis")).json()
            let total = try #require(api["total"] as? [String: Any])
            #expect(total["dptb"] is NSNull && total["dpk"] is NSNull && total["disabilitas"] is NSNull)
            #expect(total["dpt"] as? Int == 790)
            let parts = try #require(api["bagian"] as? [[String: Any]])
            let kasemenPart = try #require(parts.first { $0["kode_wilayah"] as? String == "36.73.02" }?["angka"] as? [String: Any])
            #expect(kasemenPart["dptb"] as? Int == 4 && kasemenPart["disabilitas"] as? Int == 1)
            #expect((kasemenPart["partisipasi_dpt"] as? Double).map { abs($0 - 330.0 / 490) < 1e-9 } == true)
        }
    }

    @Test("participation and TPS import an Excel workbook as they import CSV: numbers, text cells and a bad row named by its line", arguments: TestBackend.available)
    func excelImport(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let session = try await kit.login("analis")
            let header = Self.participationHeader.split(separator: ",").map { XlsxColumn(String($0)) }
            func workbook(_ rows: [[XlsxCell]]) throws -> Data {
                try XlsxWorkbook(sheets: [XlsxSheet(name: "Partisipasi", columns: header, rows: rows)], timeZone: TimeZone(identifier: "Asia/Jakarta")!).data()
            }
            let good = try workbook([["36.73.01.1001", 1, 150, 150, 100, 110, 0, 0, 1, 200, 10, 120, 80],
                                     ["36.73.01.1001", "2", 140, 160, 90, 100, 2, 1, 0, 185, 5, 85, 100]])
            let imported = try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", file: good, name: "rekap.xlsx", as: session)
            #expect(imported.status == .seeOther)
            let view = try await kit.store.participation(.console).participation(of: election.id, in: RegionCode("36.73.01.1001")!)
            #expect(view.parts.map(\.tps) == [1, 2] && view.total.voted == 400)
            // Line 3 of the sheet (the second data row) is wrong: nothing more is imported.
            let bad = try workbook([["36.73.01.1002", 1, 150, 150, 100, 110, 0, 0, 1, 200, 10, 120, 80],
                                    ["36.73.01.1002", 2, 140, 160, 90, 100, 2, 1, 0, 185, 5, 85, 99]])
            let refused = try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", file: bad, name: "rekap.xlsx", as: session)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<td class=\"num\">3</td><td><code>suara_sah</code></td>"))
            // An old .xls or a damaged file is named as such.
            let legacy = try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", file: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)),
                                          name: "rekap.xls", as: session)
            #expect(legacy.status == .unprocessableContent && legacy.text.contains("xlsx"))
            let stations = try XlsxWorkbook(sheets: [XlsxSheet(name: "TPS", columns: ["kode_wilayah", "nomor_tps", "dpt"].map { XlsxColumn($0) },
                                                              rows: [["36.73.01.1001", 1, 300], ["36.73.01.1001", 2, 280]])], timeZone: .gmt).data()
            #expect(try await upload(kit, "/pemilu/\(election.id)/tps/impor", file: stations, name: "tps.xlsx", as: session).status == .seeOther)
            #expect(try await kit.store.participation(.console).stations(of: election.id, in: RegionCode("36.73")!).items.count == 2)
        }
    }

    @Test("the recapitulation and the TPS list download as Excel and CSV with the page's figures; an unknown figure stays empty", arguments: TestBackend.available)
    func downloads(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store, candidates: false)
            let session = try await kit.login("analis")
            let header = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah"
            let csv = [header, "36.73.01.1001,1,150,150,100,110,,,,200,10", "36.73.02.1001,1,250,240,160,170,4,2,1,318,12"].joined(separator: "\n")
            #expect(try await upload(kit, "/pemilu/\(election.id)/partisipasi/impor", csv: csv, as: session).status == .seeOther)
            let page = try await kit.get("/pemilu/\(election.id)/partisipasi", as: session)
            #expect(page.text.contains("href=\"/pemilu/\(election.id)/partisipasi.xlsx?wilayah=36.73\""))
            let workbook = try XlsxReader.rows(of: Data(try await kit.get("/pemilu/\(election.id)/partisipasi.xlsx", as: session).body.readableBytesView))
            let columns = try #require(workbook.first?.cells)
            func cell(_ row: XlsxRow, _ name: String) -> String { row[columns.firstIndex(of: name)!] }
            let serang = try #require(workbook.first { $0.cells.first == "36.73.01" })
            let kasemen = try #require(workbook.first { $0.cells.first == "36.73.02" })
            let total = try #require(workbook.last)
            #expect(cell(serang, "DPT") == "300" && cell(serang, "Memilih dari DPTb") == "" && cell(kasemen, "Memilih dari DPTb") == "4")
            #expect(cell(kasemen, "Partisipasi terhadap DPT (memilih ÷ DPT)") == "0.6735")
            #expect(cell(total, "Wilayah") == "Jumlah Kota Serang" && cell(total, "DPT") == "790" && cell(total, "Memilih dari DPTb") == "")
            let semicolons = try await kit.get("/pemilu/\(election.id)/partisipasi.csv?wilayah=36.73.02&pemisah=titik-koma", as: session)
            #expect(semicolons.status == .ok && semicolons.text.contains("\"36.73.02.1001\";\"") && semicolons.text.hasPrefix("\u{FEFF}\"Kode wilayah\";"))

            let stations = "kode_wilayah,nomor_tps,alamat,dpt\n36.73.01.1001,1,=HYPERLINK(\"x\"),300\n36.73.01.1001,2,Jl. Veteran,280"
            #expect(try await upload(kit, "/pemilu/\(election.id)/tps/impor", csv: stations, as: session).status == .seeOther)
            let list = try XlsxReader.rows(of: Data(try await kit.get("/pemilu/\(election.id)/tps.xlsx", as: session).body.readableBytesView))
            #expect(list.count == 3 && list[1].cells[2] == "1" && list[1].cells[3] == "=HYPERLINK(\"x\")" && list[2].cells[4] == "280")
            let tpsCSV = try await kit.get("/pemilu/\(election.id)/tps.csv", as: session)
            #expect(tpsCSV.text.contains("\"'=HYPERLINK(\"\"x\"\")\""))
            #expect(try await kit.get("/pemilu/\(election.id)/tps.xlsx", as: try await kit.login("admin.kaltim")).status == .notFound)
        }
    }

    @Test("the participation API takes rows all or nothing, answers problem+json listing every bad row, and returns computed rates", arguments: TestBackend.available)
    func participationAPI(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let token = try await kit.token(for: "analis")
            let path = "/api/v1/elections/\(election.id)/participation"
            let bad = """
                [{"kode_wilayah": "36.73.01.1001", "tps": 1, "dpt_l": 150, "dpt_p": 150, "memilih_l": 100, "memilih_p": 110, "suara_sah": 200, "suara_tidak_sah": 10, "paslon_1": 120, "paslon_2": 80},
                 {"kode_wilayah": "36.73.01.1001", "tps": 2, "dpt_l": "x", "dpt_p": 150, "memilih_l": 100, "memilih_p": 110, "suara_sah": 200, "suara_tidak_sah": 10, "paslon_1": 120, "paslon_2": 80},
                 {"kode_wilayah": "64.71.01.1001", "tps": 1, "dpt_l": 150, "dpt_p": 150, "memilih_l": 100, "memilih_p": 110, "suara_sah": 200, "suara_tidak_sah": 10, "paslon_1": 120, "paslon_2": 80}]
                """
            let refused = try await kit.api(.post, path, token: token, json: bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let problem = try refused.json()
            let masalah = try #require(problem["masalah"] as? [[String: Any]])
            #expect(masalah.map { $0["baris"] as? Int } == [2, 3])
            #expect(masalah.map { $0["kolom"] as? String } == ["dpt_l", "kode_wilayah"])
            #expect(masalah.allSatisfy { ($0["alasan"] as? String)?.isEmpty == false })
            #expect(try await kit.api(.get, path, token: token).json()["tingkat_dasar"] == nil)

            let good = String(bad.components(separatedBy: "\n")[0].dropFirst().dropLast())
            let saved = try await kit.api(.post, path, token: token, json: "[\(good)]")
            #expect(saved.status == .ok)
            #expect(try saved.json()["diimpor"] as? Int == 1)
            let shown = try await kit.api(.get, path + "?wilayah=36.73.01", token: token).json()
            let total = try #require(shown["total"] as? [String: Any])
            #expect(total["dpt"] as? Int == 300 && total["memilih"] as? Int == 210)
            #expect((total["partisipasi"] as? Double).map { abs($0 - 0.7) < 1e-9 } == true)
            #expect((total["persentase_tidak_sah"] as? Double).map { abs($0 - 10.0 / 210) < 1e-9 } == true)
            let votes = try #require(total["suara_paslon"] as? [[String: Any]])
            #expect(votes.first?["suara"] as? Int == 120 && (votes.first?["persentase"] as? Double).map { abs($0 - 0.6) < 1e-9 } == true)
            #expect((shown["bagian"] as? [[String: Any]])?.first?["kode_wilayah"] as? String == "36.73.01.1001")
            #expect(shown["tingkat_dasar"] as? String == "tps")
            #expect(try await kit.api(.post, path, token: token, json: "{\"nope\": 1}").status == .badRequest)

            let stations = try await kit.api(.post, "/api/v1/elections/\(election.id)/stations", token: token,
                                             json: #"[{"kode_wilayah": "36.73.01.1001", "nomor_tps": 1, "alamat": "Jl. Veteran", "dpt": 300, "lintang": -6.12, "bujur": 106.15}, {"kode_wilayah": "36.73.01.1001", "nomor_tps": 0, "dpt": 10}]"#)
            #expect(stations.status == .unprocessableContent)
            #expect((try stations.json()["masalah"] as? [[String: Any]])?.first?["baris"] as? Int == 2)
        }
    }

    @Test("another jurisdiction neither sees nor imports into the Kota Serang election; a kecamatan desk sees only its kecamatan", arguments: TestBackend.available)
    func jurisdiction(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let election = try await Self.election(kit.store)
            let id = election.id
            let kaltim = try await kit.login("admin.kaltim")
            for path in ["/pemilu/\(id)/tps", "/pemilu/\(id)/partisipasi", "/pemilu/\(id)/bandingkan", "/pemilu/\(id)/tps/peta.svg", "/pemilu/\(id)/partisipasi/peta.svg"] {
                #expect(try await kit.get(path, as: kaltim).status == .notFound, "\(path)")
            }
            let csv = [Self.stationHeader, "36.73.01.1001,1,Jl. Veteran,300,,"].joined(separator: "\n")
            #expect(try await upload(kit, "/pemilu/\(id)/tps/impor", csv: csv, as: kaltim).status == .notFound)
            let token = try await kit.token(for: "admin.kaltim")
            #expect(try await kit.api(.get, "/api/v1/elections/\(id)/participation", token: token).status == .notFound)
            #expect(try await kit.api(.get, "/api/v1/elections/\(id)/stations", token: token).status == .notFound)
            #expect(try await kit.api(.post, "/api/v1/elections/\(id)/stations", token: token,
                                      json: #"[{"kode_wilayah": "36.73.01.1001", "nomor_tps": 1, "dpt": 300}]"#).status == .notFound)
            #expect(try await kit.store.participation(.console).stations(of: id, in: RegionCode("36.73")!).items.isEmpty)

            // Figures in two kecamatan: the kecamatan desk of Serang counts only its own.
            var inSerang = VoterCounts()
            (inSerang.dptMale, inSerang.dptFemale, inSerang.votedMale, inSerang.votedFemale, inSerang.valid, inSerang.invalid) = (150, 150, 100, 110, 200, 10)
            inSerang.votes = [1: 120, 2: 80]
            var inKasemen = VoterCounts()
            (inKasemen.dptMale, inKasemen.dptFemale, inKasemen.votedMale, inKasemen.votedFemale, inKasemen.valid, inKasemen.invalid) = (250, 240, 160, 170, 318, 12)
            inKasemen.votes = [1: 100, 2: 218]
            try await kit.store.participation(.console).saveParticipation(of: id, rows: [
                ParticipationRow(region: RegionCode("36.73.01.1001")!, tps: 1, counts: inSerang),
                ParticipationRow(region: RegionCode("36.73.02.1001")!, tps: 1, counts: inKasemen),
            ], actor: .system)
            let city = try await kit.api(.get, "/api/v1/elections/\(id)/participation", token: try await kit.token(for: "analis")).json()
            let cityTotal = try #require(city["total"] as? [String: Any])
            #expect(cityTotal["dpt"] as? Int == 790 && cityTotal["memilih"] as? Int == 540)
            let serangToken = try await kit.token(for: "admin.serang")
            let fromSerang = try await kit.api(.get, "/api/v1/elections/\(id)/participation", token: serangToken).json()
            #expect(fromSerang["kode_wilayah"] as? String == "36.73.01")
            let serangTotal = try #require(fromSerang["total"] as? [String: Any])
            #expect(serangTotal["dpt"] as? Int == 300 && serangTotal["memilih"] as? Int == 210)
            #expect(serangTotal["suara_sah"] as? Int == 200 && serangTotal["suara_tidak_sah"] as? Int == 10)
            #expect((serangTotal["suara_paslon"] as? [[String: Any]])?.map { $0["suara"] as? Int } == [120, 80])
            #expect((fromSerang["bagian"] as? [[String: Any]])?.map { $0["kode_wilayah"] as? String } == ["36.73.01.1001"])
            #expect(try await kit.api(.get, "/api/v1/elections/\(id)/participation?wilayah=36.73.02", token: serangToken).status == .notFound)
            let serang = try await kit.login("admin.serang")
            let own = try await kit.get("/pemilu/\(id)/partisipasi", as: serang)
            #expect(own.status == .ok && own.text.contains("Kecamatan Serang") && !own.text.contains("Periksa dan impor"))
            #expect(try await kit.get("/pemilu/\(id)/partisipasi?wilayah=36.73.02", as: serang).status == .notFound)
            #expect(try await kit.get("/pemilu/\(id)/tps?wilayah=36.73", as: serang).status == .notFound)
            #expect(try await upload(kit, "/pemilu/\(id)/tps/impor", csv: csv, as: serang).status == .forbidden)
        }
    }

    @Test("two elections compare per region: both turnouts, the change in points, a chart and two maps", arguments: TestBackend.available)
    func comparison(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let later = try await Self.election(kit.store)
            let earlier = try await Self.election(kit.store, name: "Pilwalkot Serang 2018", day: "2018-06-27", candidates: false)
            func counts(_ dpt: Int, _ voted: Int) -> VoterCounts {
                var c = VoterCounts()
                (c.dptMale, c.dptFemale) = (dpt / 2, dpt - dpt / 2)
                (c.votedMale, c.votedFemale) = (voted / 2, voted - voted / 2)
                c.valid = voted
                return c
            }
            try await kit.store.participation(.console).saveParticipation(of: earlier.id, rows: [
                ParticipationRow(region: RegionCode("36.73.01.1001")!, tps: nil, counts: counts(1_000, 650)),
                ParticipationRow(region: RegionCode("36.73.02.1001")!, tps: nil, counts: counts(1_000, 700)),
            ], actor: .system)
            var tps = counts(1_000, 700)
            tps.votes = [1: 400, 2: 300]
            var kasemen = counts(1_000, 680)
            kasemen.votes = [1: 300, 2: 380]
            try await kit.store.participation(.console).saveParticipation(of: later.id, rows: [
                ParticipationRow(region: RegionCode("36.73.01.1001")!, tps: 1, counts: tps),
                ParticipationRow(region: RegionCode("36.73.02.1001")!, tps: 1, counts: kasemen),
            ], actor: .system)
            let session = try await kit.login("pimpinan")
            let chooser = try await kit.get("/pemilu/\(later.id)/bandingkan", as: session)
            #expect(chooser.status == .ok && chooser.text.contains("Pilwalkot Serang 2018 (2018)"))
            let page = try await kit.get("/pemilu/\(later.id)/bandingkan?dengan=\(earlier.id)", as: session)
            #expect(page.status == .ok)
            // Serang 65% → 70%: +5.00 points; Kasemen 70% → 68%: −2.00; the city 67.5% → 69%: +1.50.
            #expect(page.text.contains("+5,00") && page.text.contains("−2,00") && page.text.contains("+1,50"))
            #expect(page.text.contains("change-naik") && page.text.contains("change-turun"))
            #expect(page.text.contains("id=\"peta-partisipasi\"") && page.text.contains("id=\"peta-perubahan\""))
            // On the change map (the legend lists every colour, so the areas are read): Serang's rise
            // is the largest change, in the darkest blue; Kasemen's fall in the red its −2 points
            // fall into on a scale reaching 5 points.
            let changeMap = try #require(page.text.components(separatedBy: "id=\"peta-perubahan\"").last)
            #expect(Self.fill(of: "36.73.01", in: changeMap) == ChangeScale.rises[2])
            let (serangChange, kasemenChange) = (0.70 - 0.65, 0.68 - 0.70)
            #expect(Self.fill(of: "36.73.02", in: changeMap) == ChangeScale(values: [serangChange, kasemenChange]).color(for: kasemenChange))
            #expect(ChangeScale.falls.contains(Self.fill(of: "36.73.02", in: changeMap) ?? ""))
            #expect(Self.fill(of: "36.73.03", in: changeMap) == RateScale.noData)
            #expect(page.text.components(separatedBy: "<svg").count - 1 == 3)
            // From the older election's page the change reads the same way.
            let reverse = try await kit.get("/pemilu/\(earlier.id)/bandingkan?dengan=\(later.id)&wilayah=36.73.01", as: session)
            #expect(reverse.status == .ok && reverse.text.contains("+5,00"))
            #expect(try await kit.get("/pemilu/\(later.id)/bandingkan?dengan=999999", as: session).status == .notFound)
            let kaltim = try await kit.login("admin.kaltim")
            #expect(try await kit.get("/pemilu/\(later.id)/bandingkan?dengan=\(earlier.id)", as: kaltim).status == .notFound)
        }
    }
}
