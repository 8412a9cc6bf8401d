import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauDocuments
import PantauStore
import PantauTestSupport
import Testing

@Suite("Incident reports")
struct ReportWebTests {
    func create(_ kit: WebKit, token: String, _ json: String = ReportFixtures.json(), key: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await kit.request(.post, "/api/v1/reports", headers: headers, body: json)
    }

    /// The rows of a CSV text as RFC 4180 reads it: fields in double quotes may hold commas,
    /// doubled quotes, CR and LF; rows end with CRLF. A leading byte-order mark is skipped.
    static func parseCSV(_ text: String, separator: Unicode.Scalar = ",") -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = String.UnicodeScalarView()
        var quoted = false, afterQuote = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" { field.append("\""); index += 1 } else { quoted = false; afterQuote = true }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case separator: row.append(String(field)); field = .init(); afterQuote = false
            case "\r" where index < scalars.count && scalars[index] == "\n":
                index += 1
                row.append(String(field)); rows.append(row); row = []; field = .init(); afterQuote = false
            default: field.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(field)); rows.append(row) }
        return rows
    }

    static let csvHeader = ["No. laporan", "Judul", "Uraian", "Status", "Tingkat", "Kategori", "Sumber", "Waktu kejadian (WIB)", "Ketepatan waktu", "Kode wilayah",
                            "Desa/Kelurahan", "Kecamatan", "Kab/Kota", "Tempat", "Lintang", "Bujur", "Orang terlibat", "Luka", "Meninggal", "Pihak terlibat", "Tag",
                            "Instansi pelapor", "Tindak lanjut", "Duplikat dari", "Diperbarui (WIB)"]

    /// The export's data rows by report id, each as column name → cell.
    static func csvRows(_ text: String, separator: Unicode.Scalar = ",") throws -> [Int: [String: String]] {
        let rows = parseCSV(text, separator: separator)
        try #require(rows.first == csvHeader)
        var byID: [Int: [String: String]] = [:]
        for row in rows.dropFirst() {
            try #require(row.count == csvHeader.count, "\(row)")
            let id = try #require(Int(row[0]))
            byID[id] = Dictionary(uniqueKeysWithValues: zip(csvHeader, row))
        }
        #expect(byID.count == rows.count - 1)
        return byID
    }

    @Test("a retried API submission with the same Idempotency-Key creates one report", arguments: TestBackend.available)
    func idempotency(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pemantau")
            let first = try await create(kit, token: token, key: "hp-123-0001")
            #expect(first.status == .created)
            let again = try await create(kit, token: token, key: "hp-123-0001")
            #expect(again.status == .ok)
            #expect(try again.json()["id"] as? Int == first.json()["id"] as? Int)
            let other = try await create(kit, token: token, key: "hp-123-0002")
            #expect(other.status == .created)
            let list = try await kit.api(.get, "/api/v1/reports", token: token).json()
            let firstID = try #require(try first.json()["id"] as? Int), otherID = try #require(try other.json()["id"] as? Int)
            #expect(Set((list["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }) == [firstID, otherID])
            #expect((list["data"] as? [Any])?.count == 2)
            #expect(first.location == "/api/v1/reports/\(firstID)")
            #expect(again.location == "/api/v1/reports/\(firstID)")
        }
    }

    @Test("the whole workflow: verify, assign, the agency answers, resolve, archive; each step on the timeline", arguments: TestBackend.available)
    func workflow(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis"), partner = try await kit.token(for: "mitra")
            let id = try #require(try await create(kit, token: monitor).json()["id"] as? Int)
            // A monitor cannot verify; resolving a report not yet verified is the wrong state.
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: monitor).status == .forbidden)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/resolve", token: analyst, json: "{\"catatan\": \"x\"}").status == .conflict)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst).status == .ok)
            let agency = kit.fixtures.user("mitra").agencyID
            let assign = try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analyst,
                                           json: "{\"instansi\": [\(agency)], \"tenggat\": \"2099-12-31\", \"catatan\": \"Mohon klarifikasi\"}")
            #expect(assign.status == .ok)
            #expect(try assign.json()["status"] as? String == "follow_up")
            // Another agency's member cannot answer; the assigned agency's member can.
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/respond", token: monitor, json: "{\"tanggapan\": \"bukan saya\"}").status == .forbidden)
            let respond = try await kit.api(.post, "/api/v1/reports/\(id)/respond", token: partner, json: "{\"tanggapan\": \"Sudah dicek di lapangan\", \"status\": \"done\"}")
            #expect(respond.status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/resolve", token: analyst, json: "{}").status == .unprocessableContent)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/resolve", token: analyst, json: "{\"catatan\": \"Paket ditarik, Bawaslu menindaklanjuti\"}").status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/archive", token: analyst).status == .ok)
            let events = try await kit.store.reports(.console).events(of: id).map(\.action)
            #expect(events == ["create", "verify", "assign", "respond", "resolve", "archive"])
            let assignments = try await kit.store.reports(.console).assignments(of: id)
            #expect(assignments.map(\.agencyID) == [agency])
            #expect(assignments.map(\.status) == [.done])
            #expect(assignments.map(\.response) == ["Sudah dicek di lapangan"])
            let page = try await kit.get("/laporan/\(id)", as: try await kit.login("analis"))
            #expect(page.text.contains("Tanggapan: Sudah dicek di lapangan"))
            // An archived report offers exactly one step, reopening.
            #expect(page.text.components(separatedBy: "class=\"form action-form\"").count - 1 == 1)
            #expect(page.text.contains("<form method=\"post\" action=\"/laporan/\(id)/buka-kembali\" class=\"form action-form\">"))
            let audit = try await kit.store.auditLog(scope: RegionCode("36.73")!, filter: AuditFilter(entity: "report", entityID: String(id)))
            #expect(audit.items.count == 6)
        }
    }

    @Test("rejecting needs a reason; a duplicate is linked and archived", arguments: TestBackend.available)
    func rejectAndDuplicate(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let a = try #require(try await create(kit, token: monitor).json()["id"] as? Int)
            let b = try #require(try await create(kit, token: monitor).json()["id"] as? Int)
            #expect(try await kit.api(.post, "/api/v1/reports/\(a)/reject", token: analyst, json: "{\"catatan\": \"  \"}").status == .unprocessableContent)
            #expect(try await kit.store.reports(.console).report(a)?.status == .submitted)
            let dup = try await kit.api(.post, "/api/v1/reports/\(b)/mark_duplicate", token: analyst, json: "{\"duplikat_dari\": \(a)}")
            #expect(dup.status == .ok)
            #expect(try dup.json()["duplikat_dari"] as? Int == a)
            #expect(try dup.json()["status"] as? String == "archived")
            #expect(try await kit.api(.post, "/api/v1/reports/\(a)/mark_duplicate", token: analyst, json: "{\"duplikat_dari\": \(a)}").status == .unprocessableContent)
            let original = try #require(try await kit.store.reports(.console).report(a))
            #expect(original.status == .submitted)
            #expect(original.duplicateOf == nil)
            let rejected = try await kit.api(.post, "/api/v1/reports/\(a)/reject", token: analyst, json: "{\"catatan\": \"Tidak dapat dikonfirmasi\"}")
            #expect(rejected.status == .ok)
            #expect(try rejected.json()["status"] as? String == "rejected")
            #expect(try await kit.store.reports(.console).events(of: a).map(\.note) == [nil, "Tidak dapat dikonfirmasi"])
        }
    }

    @Test("drafts are seen by their author only, until submitted", arguments: TestBackend.available)
    func drafts(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let id = try #require(try await create(kit, token: monitor, ReportFixtures.json(draft: true)).json()["id"] as? Int)
            #expect(try await kit.api(.get, "/api/v1/reports/\(id)", token: analyst).status == .notFound)
            #expect(try await kit.api(.get, "/api/v1/reports/\(id)", token: monitor).status == .ok)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/submit", token: monitor).status == .ok)
            #expect(try await kit.api(.get, "/api/v1/reports/\(id)", token: analyst).status == .ok)
        }
    }

    @Test("reports outside the jurisdiction are neither listed, shown, exported nor changed", arguments: TestBackend.available)
    func scoping(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            let inSerang = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "Di Serang", region: "36.73.01.1001")).json()["id"] as? Int)
            let inKasemen = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "Di Kasemen", region: "36.73.02")).json()["id"] as? Int)
            let camat = try await kit.token(for: "admin.serang")
            let list = try await kit.api(.get, "/api/v1/reports", token: camat).json()
            #expect((list["data"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [inSerang])
            #expect(try await kit.api(.get, "/api/v1/reports/\(inKasemen)", token: camat).status == .notFound)
            #expect(try await kit.api(.post, "/api/v1/reports/\(inKasemen)/verify", token: camat).status == .notFound)
            let csv = try Self.csvRows(try await kit.get("/laporan.csv", as: try await kit.login("admin.serang")).text)
            #expect(Array(csv.keys) == [inSerang])
            #expect(csv[inSerang]?["Judul"] == "Di Serang")
            let kaltim = try await kit.token(for: "admin.kaltim")
            #expect(try await kit.api(.get, "/api/v1/reports/\(inSerang)", token: kaltim).status == .notFound)
            // Creating outside one's own jurisdiction is refused.
            #expect(try await create(kit, token: camat, ReportFixtures.json(region: "36.73.02")).status == .unprocessableContent)
        }
    }

    @Test("filters combine, search ignores case, and every filter is a URL", arguments: TestBackend.available)
    func filters(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            _ = try await create(kit, token: monitor, ReportFixtures.json(title: "Bentrok massa di Kasemen", region: "36.73.02", severity: "kritis", category: "kekerasan"))
            _ = try await create(kit, token: monitor, ReportFixtures.json(title: "Hoaks surat suara", region: "36.73.01", severity: "ringan", category: "hoaks"))
            _ = try await create(kit, token: monitor, ReportFixtures.json(title: "Perusakan APK", region: "36.73.02.1001", severity: "berat", category: "perusakan"))
            func titles(_ query: String) async throws -> [String] {
                let json = try await kit.api(.get, "/api/v1/reports?" + query, token: monitor).json()
                return (json["data"] as? [[String: Any]] ?? []).compactMap { $0["judul"] as? String }.sorted()
            }
            #expect(try await titles("wilayah=36.73.02") == ["Bentrok massa di Kasemen", "Perusakan APK"])
            #expect(try await titles("wilayah=36.73.02&tingkat=berat,kritis&kategori=perusakan") == ["Perusakan APK"])
            #expect(try await titles("q=HOAKS") == ["Hoaks surat suara"])
            #expect(try await titles("status=verified").isEmpty)
            #expect(try await titles("dari=2026-11-20&sampai=2026-11-20") == ["Bentrok massa di Kasemen", "Hoaks surat suara", "Perusakan APK"])
            #expect(try await titles("dari=2026-11-21").isEmpty)
            let severest = try await kit.api(.get, "/api/v1/reports?urut=severity&per_halaman=1", token: monitor).json()
            let severestRows = severest["data"] as? [[String: Any]] ?? []
            #expect(severestRows.count == 1)
            #expect(severestRows.first?["judul"] as? String == "Bentrok massa di Kasemen")
            #expect(severestRows.first?["tingkat"] as? String == "kritis")
            #expect(severest["berikutnya"] as? Bool == true)
            for bad in ["status=baru", "tingkat=parah", "wilayah=36.7", "dari=kemarin", "urut=acak", "per_halaman=0", "instansi=abc", "page=0"] {
                let response = try await kit.api(.get, "/api/v1/reports?" + bad, token: monitor)
                #expect(response.status == .badRequest, "\(bad)")
            }
            let page = try await kit.get("/laporan?wilayah=36.73.02&tingkat=kritis", as: try await kit.login("pemantau"))
            #expect(page.text.contains("Bentrok massa di Kasemen"))
            #expect(!page.text.contains("Perusakan APK"))
        }
    }

    @Test("the CSV export opens in Excel with Indonesian text intact and no formulas", arguments: TestBackend.available)
    func csvExport(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            _ = try await create(kit, token: monitor, ReportFixtures.json(title: "=HYPERLINK(\\\"http://x\\\") Penolakan warga \\\"Kp. Ciéréng\\\""))
            let csv = try await kit.get("/laporan.csv", as: try await kit.login("analis"))
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.text.contains(",\"'=HYPERLINK(\"\"http://x\"\") Penolakan warga \"\"Kp. Ciéréng\"\"\","))
            let rows = try Self.csvRows(csv.text)
            #expect(rows.count == 1)
            #expect(rows.values.first?["Judul"] == "'=HYPERLINK(\"http://x\") Penolakan warga \"Kp. Ciéréng\"")
            #expect(csv.text.hasSuffix("\r\n"))
        }
    }

    @Test("the CSV export is for an Indonesian office: local time with its zone, labels, places above, reporting agency, follow-up, and a semicolon variant",
          arguments: TestBackend.available)
    func csvForOffices(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            // 20 Nov 2026 09:30 WIB is 02:30 UTC: the file says the office's hour, not UTC's.
            let response = try await create(kit, token: monitor, ReportFixtures.json(title: "Pembagian sembako di Cipare", region: "36.73.01.1001"))
            let id = try #require(try response.json()["id"] as? Int)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst).status == .ok)
            let kpu = kit.fixtures.user("mitra").agencyID
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/assign", token: analyst, json: "{\"instansi\": [\(kpu)], \"tenggat\": \"2026-12-20\"}").status == .ok)
            let session = try await kit.login("analis")
            let csv = try await kit.get("/laporan.csv", as: session)
            let row = try #require(try Self.csvRows(csv.text)[id])
            #expect(row["Waktu kejadian (WIB)"] == "2026-11-20 09:30")
            #expect(row["Status"] == "Ditindaklanjuti" && row["Sumber"] == "Pemantau lapangan" && row["Ketepatan waktu"] == "Waktu tepat")
            #expect(row["Uraian"] == "Warga melihat pembagian paket sembako di depan balai warga.")
            #expect(row["Desa/Kelurahan"] == "Serang" && row["Kecamatan"] == "Serang" && row["Kab/Kota"] == "Kota Serang")
            #expect(row["Instansi pelapor"] == "Badan Kesatuan Bangsa dan Politik Kota Serang")
            #expect(row["Tindak lanjut"] == "1 instansi: 0 selesai")
            #expect(row["Pihak terlibat"] == "Calon / tim kampanye")
            // Excel in an Indonesian locale splits on semicolons.
            let semicolons = try await kit.get("/laporan.csv?pemisah=titik-koma", as: session)
            #expect(semicolons.headers[.contentDisposition]?.contains("titik-koma") == true)
            let semicolonRow = try #require(try Self.csvRows(semicolons.text, separator: ";")[id])
            #expect(semicolonRow == row)
            #expect(try await kit.get("/laporan.csv?pemisah=tab", as: session).status == .badRequest)
        }
        // An installation in Makassar writes WITA, an hour ahead, and says so.
        try await WebKit.run(backend, environment: ["PANTAU_TIMEZONE": "WITA"]) { kit in
            let monitor = try await kit.token(for: "pemantau")
            let response = try await create(kit, token: monitor, ReportFixtures.json(title: "Kejadian"))
            let id = try #require(try response.json()["id"] as? Int)
            let csv = try await kit.get("/laporan.csv", as: try await kit.login("analis"))
            let header = try #require(Self.parseCSV(csv.text).first)
            #expect(header.contains("Waktu kejadian (WITA)") && !header.contains("Waktu kejadian (WIB)"))
            let cells = try #require(Self.parseCSV(csv.text).dropFirst().first { $0.first == String(id) })
            #expect(cells[header.firstIndex(of: "Waktu kejadian (WITA)")!] == "2026-11-20 10:30")
        }
    }

    @Test("the Excel export holds the CSV's columns and rows, with numbers as numbers and the time as a local date-time", arguments: TestBackend.available)
    func xlsxExport(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            let id = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "=1+1 bukan rumus", region: "36.73.01.1002")).json()["id"] as? Int)
            let session = try await kit.login("analis")
            let response = try await kit.get("/laporan.xlsx", as: session)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == XlsxWorkbook.mimeType)
            let data = Data(response.body.readableBytesView)
            if let path = ProcessInfo.processInfo.environment["PANTAU_REPORTS_XLSX_SAMPLE"] { try data.write(to: URL(fileURLWithPath: path)) }
            let rows = try XlsxReader.rows(of: data)
            #expect(rows.first?.cells == Self.csvHeader)
            let header = Self.csvHeader
            let row = try #require(rows.dropFirst().first)
            func cell(_ name: String) -> String { row[header.firstIndex(of: name)!] }
            #expect(cell("No. laporan") == String(id) && cell("Orang terlibat") == "40")
            #expect(cell("Judul") == "=1+1 bukan rumus")
            #expect(cell("Waktu kejadian (WIB)") == "2026-11-20 09:30")
            #expect(cell("Desa/Kelurahan") == "Cipare" && cell("Status") == "Baru")
            // The same filters as the list: a filter that matches nothing gives the header alone.
            let none = try XlsxReader.rows(of: Data(try await kit.get("/laporan.xlsx?status=resolved", as: session).body.readableBytesView))
            #expect(none.count == 1)
            #expect(try await kit.get("/laporan.xlsx?status=ngawur", as: session).status == .badRequest)
        }
    }

    @Test("a people count left empty is \"tidak diketahui\", not 0, on the page, in the export and in the API; a 0 typed stays 0", arguments: TestBackend.available)
    func unknownCounts(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            // The fixture gives 40 involved and leaves the casualties out; this one says no one died.
            let id = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "Bentrok kecil", extra: ", \"jumlah_meninggal\": 0")).json()["id"] as? Int)
            let session = try await kit.login("analis")
            let page = try await kit.get("/laporan/\(id)", as: session)
            #expect(page.text.contains("40 terlibat · tidak diketahui luka · 0 meninggal"))
            // The timeline names people as the rest of the page does: by their full name.
            let author = kit.fixtures.user("pemantau")
            #expect(author.displayName != author.username)
            #expect(page.text.contains(" · \(author.displayName)</span>") && !page.text.contains(" · \(author.username)</span>"))
            let row = try #require(try Self.csvRows(try await kit.get("/laporan.csv", as: session).text)[id])
            #expect(row["Orang terlibat"] == "40" && row["Luka"] == "" && row["Meninggal"] == "0")
            let json = try await kit.api(.get, "/api/v1/reports/\(id)", token: monitor).json()
            #expect(json["jumlah_terlibat"] as? Int == 40 && json["jumlah_luka"] == nil && json["jumlah_meninggal"] as? Int == 0)
            // The edit form shows the unknown as empty, so saving it unchanged keeps it unknown.
            let form = try await kit.get("/laporan/\(id)/ubah", as: try await kit.login("pemantau"))
            #expect(form.text.contains("name=\"jumlah_luka\" value=\"\"") && form.text.contains("name=\"jumlah_meninggal\" value=\"0\""))
        }
    }

    @Test("GeoJSON places a report without coordinates at its kelurahan's point and marks it approximate", arguments: TestBackend.available)
    func geojsonApproximate(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            let typed = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "Dengan koordinat", extra: ", \"lintang\": -6.12, \"bujur\": 106.15")).json()["id"] as? Int)
            let untyped = try #require(try await create(kit, token: monitor, ReportFixtures.json(title: "Tanpa koordinat", region: "36.73.01.1002")).json()["id"] as? Int)
            let response = try await kit.get("/laporan.geojson", as: try await kit.login("analis"))
            #expect(response.headers[.contentType] == "application/geo+json")
            let collection = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            let features = try #require(collection["features"] as? [[String: Any]])
            func properties(_ id: Int) -> [String: Any]? { features.compactMap { $0["properties"] as? [String: Any] }.first { $0["id"] as? Int == id } }
            #expect(features.count == 2)
            #expect(properties(typed)?["lokasi_perkiraan"] as? Bool == false)
            #expect(properties(untyped)?["lokasi_perkiraan"] as? Bool == true)
            #expect(properties(untyped)?["lokasi_dari"] as? String == "titik tengah Cipare")
            let point = try #require(((features.first { ($0["properties"] as? [String: Any])?["id"] as? Int == untyped })?["geometry"] as? [String: Any])?["coordinates"] as? [Double])
            #expect(point.count == 2 && (105...107).contains(point[0]) && (-7...(-5)).contains(point[1]))
        }
    }

    /// Every character that makes a spreadsheet read a cell as a formula, or that some programs
    /// strip before looking (TAB, CR, and CR LF as Windows writes a line break); = followed by a
    /// combining mark is one Swift Character but still starts with =.
    static let formulaStarts = ["=", "+", "-", "@", "\t", "\r", "\r\n", "=\u{0301}"]

    @Test("every text column of the CSV export is neutralised with a leading apostrophe when it starts like a formula, and reads back as the text",
          arguments: TestBackend.available)
    func csvFormulas(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau")
            let villages = try await kit.store.children(of: RegionCode("36.73.01")!).map(\.region)
            try #require(villages.count > Self.formulaStarts.count)
            // One report per dangerous start, each in its own kelurahan and category, and one plain.
            var expected: [Int: [String: String]] = [:]
            for (index, start) in (Self.formulaStarts + [""]).enumerated() {
                let village = villages[index]
                let category = try await kit.store.createCategory(name: "Kategori uji \(index)", installation: RegionCode("36.73")!, actor: .console("test"))
                let response = try await create(kit, token: monitor, ReportFixtures.json(title: "Judul \(index)", region: village.code.rawValue, category: category.code))
                #expect(response.status == .created)
                let id = try #require(try response.json()["id"] as? Int)
                // The intake trims white space, so the values are written where an import or an
                // older version could have left them: straight into the rows.
                let values = ["judul": "\(start)cmd|' /C calc'!A\(index)", "kategori": "\(start)SUM(1+\(index))", "wilayah": "\(start)\(village.name)",
                              "tempat": "\(start)HYPERLINK(\"http://x.example/\(index)\")", "tag": "\(start)tag\(index), kedua"]
                try await kit.store.database.write { db in
                    try await db.raw("UPDATE reports SET title = \(bind: values["judul"]!), place = \(bind: values["tempat"]!), tags = \(bind: "\(start)tag\(index),kedua") WHERE id = \(bind: id)").run()
                    try await db.raw("UPDATE report_categories SET name = \(bind: values["kategori"]!) WHERE id = \(bind: category.id)").run()
                    try await db.raw("UPDATE regions SET nama = \(bind: values["wilayah"]!) WHERE kode = \(bind: village.code.rawValue)").run()
                }
                let columns = ["judul": "Judul", "kategori": "Kategori", "wilayah": "Desa/Kelurahan", "tempat": "Tempat", "tag": "Tag"]
                expected[id] = Dictionary(uniqueKeysWithValues: values.map { (columns[$0.key]!, start.isEmpty ? $0.value : "'" + $0.value) })
            }
            let csv = try await kit.get("/laporan.csv", as: try await kit.login("analis"))
            #expect(csv.status == .ok)
            let rows = try Self.csvRows(csv.text)
            #expect(Set(rows.keys) == Set(expected.keys))
            for (id, cells) in expected {
                let row = try #require(rows[id])
                for (column, value) in cells.sorted(by: { $0.key < $1.key }) {
                    #expect(row[column] == value, "report \(id), \(column): \(String(reflecting: row[column]))")
                }
                // The columns that are not free text come out as they are.
                #expect(row["Status"] == "Baru")
                #expect(row["Tingkat"] == "Sedang")
                #expect(row["Sumber"] == "Pemantau lapangan")
                #expect(row["Orang terlibat"] == "40")
            }
            // No text cell of the export starts like a formula.
            for row in rows.values {
                for column in ["Judul", "Uraian", "Kategori", "Desa/Kelurahan", "Kecamatan", "Kab/Kota", "Tempat", "Tag"] {
                    let first = row[column]?.unicodeScalars.first.map(String.init) ?? ""
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "\(column): \(String(reflecting: row[column]))")
                }
            }
        }
    }

    @Test("the report form keeps what was typed on a mistake, shows script tags escaped, and needs CSRF", arguments: TestBackend.available)
    func form(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("pemantau")
            let blank = try await kit.get("/laporan/baru", as: session)
            #expect(blank.text.contains("Sukawana — Kec. Curug"))
            #expect(blank.text.contains("Sukawana — Kec. Serang"))
            let bad = try await kit.post("/laporan", form: ["judul": "Spanduk provokatif", "uraian": "", "kategori": "hoaks", "tingkat": "sedang", "sumber": "field_monitor",
                                                            "waktu_kejadian": "2026-11-20T08:00", "kode_wilayah": "36.73.01.1008", "lintang": "-60", "bujur": "106.1"], as: session)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Uraian kejadian wajib diisi."))
            #expect(bad.text.contains("Koordinat harus berada di wilayah Indonesia."))
            #expect(bad.text.contains("value=\"Spanduk provokatif\""))
            let good = try await kit.post("/laporan", form: ["judul": "Spanduk <script>alert(1)</script>", "uraian": "<b>tebal</b>", "kategori": "hoaks", "tingkat": "sedang",
                                                             "sumber": "field_monitor", "waktu_kejadian": "2026-11-20T08:00", "kode_wilayah": "36.73.01.1008",
                                                             "pihak_jenis": "asn", "simpan": "kirim"], as: session)
            #expect(good.status == .seeOther)
            let location = try #require(good.location?.split(separator: "?").first.map(String.init))
            let page = try await kit.get(location, as: session)
            #expect(page.text.contains("Spanduk &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("&lt;b&gt;tebal&lt;/b&gt;"))
            let noToken = try await kit.request(.post, "/laporan", headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"], body: "judul=x")
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("malformed report bodies are refused with problem+json and create nothing", arguments: TestBackend.available)
    func malformed(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pemantau")
            for body in ["{", "[]", "{\"judul\": 5}", "{\"jumlah_luka\": \"banyak\"}", ""] {
                let response = try await create(kit, token: token, body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
            }
            let invalid = try await create(kit, token: token, "{\"judul\": \"\", \"kategori\": \"tidak-ada\", \"tingkat\": \"parah\", \"kode_wilayah\": \"36.73\"}")
            #expect(invalid.status == .unprocessableContent)
            let fields = (try invalid.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["judul", "uraian", "tingkat", "sumber", "waktu_kejadian", "kode_wilayah"])
            let unknownCategory = try await create(kit, token: token, ReportFixtures.json(category: "tidak_ada"))
            #expect(unknownCategory.status == .unprocessableContent)
            let huge = try await create(kit, token: token, ReportFixtures.json(title: String(repeating: "a", count: 300_000)))
            #expect(huge.status == .contentTooLarge)
            let list = try await kit.api(.get, "/api/v1/reports", token: token).json()
            #expect((list["data"] as? [Any])?.isEmpty == true)
            #expect(try await kit.api(.get, "/api/v1/reports/abc", token: token).status == .badRequest)
            #expect(try await kit.api(.post, "/api/v1/reports/1/terbang", token: token).status == .notFound)
        }
    }
}
