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

    @Test("a photo is checked by content, stored by SHA-256 under the data directory and served only to those who may see the report")
    func uploadAndServe() async throws {
        try await WebKit.run { kit in
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

    @Test("a file of the wrong type, an empty or a too-large one, or one without the CSRF token is refused and stores nothing")
    func refusals() async throws {
        try await WebKit.run { kit in
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
