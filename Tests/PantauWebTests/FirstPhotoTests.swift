import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

/// A photo sent with the first submission, on the monitors' form and on /pengaduan, and the
/// forms' error summary.
@Suite("Photo with the first submission")
struct FirstPhotoTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 300)

    /// A multipart form as a browser sends it: `_csrf` first, then the fields, then the file.
    static func multipart(_ fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?) -> (String, ByteBuffer) {
        let boundary = "pantauFoto19"
        var body = ByteBuffer()
        for (name, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static let reportFields: [(String, String)] = [
        ("judul", "Spanduk provokatif di pasar"), ("uraian", "Spanduk berisi ujaran kebencian dipasang malam hari."), ("kategori", "hoaks"),
        ("tingkat", "sedang"), ("sumber", "field_monitor"), ("waktu_kejadian", "2026-11-20T08:00"), ("presisi_waktu", "exact"),
        ("kode_wilayah", "36.73.01.1008"), ("simpan", "kirim"),
    ]

    @Test("a monitor's report can carry its photo from the first submission; a file that is not a photo or PDF leaves no report", arguments: TestBackend.available)
    func monitorsForm(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("pemantau")
            let form = try await kit.get("/laporan/baru", as: session)
            #expect(form.text.contains("enctype=\"multipart/form-data\"") && form.text.contains("name=\"foto\" type=\"file\""))
            let (type, body) = Self.multipart([("_csrf", session.csrf)] + Self.reportFields, file: ("foto", "spanduk.png", Self.png))
            let created = try await kit.client.execute(uri: "/laporan", method: .post, headers: [.cookie: session.cookie, .contentType: type], body: body)
            #expect(created.status == .seeOther)
            let id = try #require(created.headers[.location].flatMap { Int($0.split(separator: "/")[1].split(separator: "?")[0]) })
            let attachments = try await kit.store.reports(.console).attachments(of: id)
            #expect(attachments.map(\.filename) == ["spanduk.png"] && attachments.first?.contentType == "image/png")
            let page = try await kit.get("/laporan/\(id)", as: session)
            #expect(page.text.contains("spanduk.png"))
            // The photo's upload is in the audit trail beside the report's creation.
            let audit = try await kit.store.database.read { db in
                try await db.raw("SELECT action FROM audit_log WHERE entity = 'report' AND entity_id = \(bind: String(id)) ORDER BY id").all(decodingColumn: "action", as: String.self)
            }
            #expect(audit == ["create", "attach"])

            let before = try await kit.store.reports(.console).list(ReportFilter()).items.count
            let (badType, badBody) = Self.multipart([("_csrf", session.csrf)] + Self.reportFields, file: ("foto", "skrip.png", Array("<script>alert(1)</script>".utf8)))
            let refused = try await kit.client.execute(uri: "/laporan", method: .post, headers: [.cookie: session.cookie, .contentType: badType], body: badBody)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<a href=\"#foto\">Jenis berkas tidak diterima"))
            #expect(refused.text.contains("id=\"foto-error\"") && refused.text.contains("pilih lagi"))
            #expect(refused.text.contains("value=\"Spanduk provokatif di pasar\""))
            #expect(try await kit.store.reports(.console).list(ReportFilter()).items.count == before)
        }
    }

    @Test("the report form lists every problem at once at the top, each linking to its field, and repeats it at the field", arguments: TestBackend.available)
    func errorSummary(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("pemantau")
            let bad = try await kit.post("/laporan", form: ["judul": "", "uraian": "", "kategori": "", "tingkat": "sedang", "sumber": "field_monitor",
                                                            "waktu_kejadian": "", "kode_wilayah": "36.73.01.1008", "lintang": "-6.1"], as: session)
            #expect(bad.status == .unprocessableContent)
            let summary = try #require(bad.text.range(of: "class=\"error-summary\"").map { String(bad.text[$0.lowerBound...].prefix(2000)) })
            for field in ["judul", "uraian", "kategori", "waktu_kejadian", "lintang"] {
                #expect(summary.contains("<a href=\"#\(field)\">"), "\(field)")
                #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)")
                #expect(bad.text.contains("id=\"\(field)\""), "\(field)")
            }
        }
    }

    @Test("a citizen's complaint can carry a photo, and its errors are listed and shown at their fields", arguments: TestBackend.available)
    func complaint(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let page = try await kit.get("/pengaduan")
            #expect(page.text.contains("enctype=\"multipart/form-data\"") && page.text.contains("name=\"foto\""))
            let cookie = "pantau_csrf=" + (try #require(WebKit.cookie("pantau_csrf", in: page)))
            let csrf = try #require(WebKit.formToken(in: page.text))
            let fields: [(String, String)] = [("_csrf", csrf), ("judul", "Amplop dibagikan"), ("uraian", "Saya melihat amplop dibagikan."), ("kategori", "politik_uang"),
                                              ("waktu_kejadian", "2026-11-21T19:00"), ("kode_wilayah", "36.73.04.1005")]
            let (type, body) = Self.multipart(fields, file: ("foto", "amplop.png", Self.png))
            let filed = try await kit.client.execute(uri: "/pengaduan", method: .post, headers: [.cookie: cookie, .contentType: type], body: body)
            #expect(filed.status == .created)
            let id = try #require(filed.text.firstMatch(of: /<strong>#(\d+)<\/strong>/).flatMap { Int($0.1) })
            #expect(try await kit.store.reports(.console).attachments(of: id).map(\.contentType) == ["image/png"])
            let (noTitleType, noTitle) = Self.multipart(fields.map { $0.0 == "judul" ? ("judul", "") : $0 }, file: nil)
            let refused = try await kit.client.execute(uri: "/pengaduan", method: .post, headers: [.cookie: cookie, .contentType: noTitleType], body: noTitle)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<a href=\"#judul\">") && refused.text.contains("id=\"judul-error\""))
        }
    }
}
