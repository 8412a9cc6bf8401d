import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Report attachments")
struct AttachmentTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 200)

    func upload(_ kit: WebKit, report: Int, session: BrowserSession, filename: String, bytes: [UInt8], csrf: String? = nil) async throws -> TestResponse {
        let boundary = "pantauBoundary42"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf ?? session.csrf)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await kit.client.execute(uri: "/reports/\(report)/lampiran", method: .post,
                                            headers: [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    func makeReport(_ kit: WebKit, region: String = "36.73.01.1001") async throws -> Int {
        let token = try await kit.token(for: "pemantau")
        let response = try await kit.request(.post, "/api/v1/reports", headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                             body: ReportFixtures.json(region: region))
        return try #require(try response.json()["id"] as? Int)
    }

    @Test("a photo is checked by content, stored by SHA-256 under the data directory and served only to those who may see the report", arguments: TestBackend.available)
    func uploadAndServe(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let id = try await makeReport(kit)
            let session = try await kit.login("pemantau")
            let uploaded = try await upload(kit, report: id, session: session, filename: "../../etc/passwd\u{0}.png", bytes: Self.png)
            #expect(uploaded.status == .seeOther)
            let stored = try await kit.store.attachments(reportID: id)
            let attachment = try #require(stored.first)
            #expect(attachment.contentType == "image/png")
            #expect(!attachment.filename.contains("/") && !attachment.filename.contains(".."))
            #expect(FileManager.default.fileExists(atPath: Store.attachmentPath(dataDirectory: kit.dataDirectory, sha256: attachment.sha256).path))
            let served = try await kit.get("/reports/\(id)/lampiran/\(attachment.id)", as: session)
            #expect(served.status == .ok)
            #expect(Array(served.body.readableBytesView) == Self.png)
            #expect(served.headers[.contentType] == "image/png")
            let page = try await kit.get("/reports/\(id)", as: session)
            #expect(page.text.contains("/reports/\(id)/lampiran/\(attachment.id)"))
            // Outside the jurisdiction: not served.
            let other = try await kit.login("admin.kaltim")
            #expect(try await kit.get("/reports/\(id)/lampiran/\(attachment.id)", as: other).status == .notFound)
            #expect(try await kit.get("/reports/\(id)/lampiran/\(attachment.id)").status == .seeOther)
        }
    }

    @Test("a file of the wrong type, an empty or a too-large one, or one without the CSRF token is refused and stores nothing", arguments: TestBackend.available)
    func refusals(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let id = try await makeReport(kit)
            let session = try await kit.login("pemantau")
            let script = try await upload(kit, report: id, session: session, filename: "foto.png", bytes: Array("<script>alert(1)</script>".utf8))
            #expect(script.status == .unprocessableContent)
            let empty = try await upload(kit, report: id, session: session, filename: "kosong.jpg", bytes: [])
            #expect(empty.status == .unprocessableContent)
            let huge = try await upload(kit, report: id, session: session, filename: "besar.png", bytes: Self.png + Array(repeating: 1, count: 11 << 20))
            #expect(huge.status == .contentTooLarge)
            let forged = try await upload(kit, report: id, session: session, filename: "foto.png", bytes: Self.png, csrf: "palsu")
            #expect(forged.status == .forbidden)
            let viewer = try await kit.login("pimpinan")
            #expect(try await upload(kit, report: id, session: viewer, filename: "foto.png", bytes: Self.png).status == .forbidden)
            let count = try await kit.store.attachments(reportID: id).count
            #expect(count == 0)
        }
    }

    @Test("the API takes a raw or multipart upload with a Bearer token, lists it, serves it, and refuses wrong types and other areas", arguments: TestBackend.available)
    func apiUpload(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let id = try await makeReport(kit)
            let token = try await kit.token(for: "pemantau")
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "image/png"]
            let raw = try await kit.client.execute(uri: "/api/v1/reports/\(id)/lampiran?nama=..%2Fbukti%20foto.png", method: .post, headers: bearer,
                                                   body: ByteBuffer(bytes: Self.png))
            #expect(raw.status == .created)
            let created = try raw.json()
            let attachmentID = try #require(created["id"] as? Int)
            #expect(created["jenis"] as? String == "image/png")
            #expect(created["nama_berkas"] as? String == "bukti foto.png")
            #expect(raw.headers[.location] == "/api/v1/reports/\(id)/lampiran/\(attachmentID)")
            // Named .png but a PDF inside: the content decides.
            let pdf = try await kit.client.execute(uri: "/api/v1/reports/\(id)/lampiran?nama=foto.png", method: .post, headers: bearer,
                                                   body: ByteBuffer(string: "%PDF-1.4\n%%EOF"))
            #expect(try pdf.json()["jenis"] as? String == "application/pdf")
            let html = try await kit.client.execute(uri: "/api/v1/reports/\(id)/lampiran", method: .post, headers: bearer,
                                                    body: ByteBuffer(string: "<html><script>alert(1)</script>"))
            #expect(html.status == .unprocessableContent)
            #expect(html.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let list = try await kit.request(.get, "/api/v1/reports/\(id)/lampiran", headers: [.authorization: "Bearer \(token)"])
            #expect((try list.json()["data"] as? [[String: Any]])?.count == 2)
            let served = try await kit.request(.get, "/api/v1/reports/\(id)/lampiran/\(attachmentID)", headers: [.authorization: "Bearer \(token)"])
            #expect(Array(served.body.readableBytesView) == Self.png)
            // Another jurisdiction neither sees nor adds to the report; a viewer may not upload.
            let kaltim = try await kit.token(for: "admin.kaltim")
            let foreign: HTTPFields = [.authorization: "Bearer \(kaltim)", .contentType: "image/png"]
            #expect(try await kit.client.execute(uri: "/api/v1/reports/\(id)/lampiran", method: .post, headers: foreign, body: ByteBuffer(bytes: Self.png)).status == .notFound)
            #expect(try await kit.request(.get, "/api/v1/reports/\(id)/lampiran", headers: [.authorization: "Bearer \(kaltim)"]).status == .notFound)
            let viewer = try await kit.token(for: "pimpinan")
            #expect(try await kit.client.execute(uri: "/api/v1/reports/\(id)/lampiran", method: .post,
                                                 headers: [.authorization: "Bearer \(viewer)", .contentType: "image/png"], body: ByteBuffer(bytes: Self.png)).status == .forbidden)
            let count = try await kit.store.attachments(reportID: id).count
            #expect(count == 2)
        }
    }

    @Test("types are recognised by their first bytes and names are cleaned")
    func detection() {
        #expect(AttachmentType.detect([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(AttachmentType.detect(Array("%PDF-1.7".utf8)) == .pdf)
        #expect(AttachmentType.detect(Array("RIFF1234WEBPVP8 ".utf8)) == .webp)
        #expect(AttachmentType.detect(Array("GIF89a".utf8)) == nil)
        #expect(AttachmentType.displayName("C:\\Users\\x\\bukti foto.exe", type: .jpeg) == "bukti foto.jpg")
        #expect(AttachmentType.displayName("../../.htaccess", type: .pdf) == "htaccess.pdf")
        #expect(AttachmentType.displayName(nil, type: .png) == "lampiran.png")
    }
}
