import Foundation
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

/// Pages measured where users see them: in headless Chromium at a phone's width, with the real
/// style sheet. `.ci/run` installs Chromium; without it (a developer machine) the suite is skipped.
/// The Chromium binary, when the machine has one.
let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("Page width on a phone", .enabled(if: chromiumPath != nil))
struct LayoutWidthTests {
    static var chromium: String? { chromiumPath }

    static let longTitle = "Hoaks https://contoh-situs-berita-palsu.example.com/artikel/2026/11/29/kabar-bohong-tentang-pemungutan-suara-ulang-di-kecamatan-serang"

    /// The document's own width (scrollWidth, CSS px) of `html` laid out by Chromium in a window
    /// `width` px wide, with the style sheet inlined in place of its link.
    static func width(of html: String, css: String, width: Int) throws -> Int {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-width-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["PANTAU_KEEP_WIDTH_PAGES"] == nil { try? FileManager.default.removeItem(at: directory) } }
        // Chromium's window is at least 500 px wide, so the page is laid out in a frame of the
        // phone's width inside it: the frame is the page's viewport (its media queries included).
        let page = html.replacingOccurrences(of: #"<link rel="stylesheet" href="[^"]*">"#, with: "<style>\(css)</style>", options: .regularExpression)
        try page.write(to: directory.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)
        let frame = """
            <html><body style="margin:0"><iframe id="f" src="page.html" width="\(width)" height="900" style="border:0"></iframe>
            <script>document.getElementById('f').onload = function () {
              document.body.setAttribute('data-breite', String(this.contentDocument.documentElement.scrollWidth) + '/' + this.contentWindow.innerWidth) }</script></body></html>
            """
        let file = directory.appendingPathComponent("frame.html")
        try frame.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files", "--window-size=1000,900",
                             "--user-data-dir=\(directory.path)/profile", "--virtual-time-budget=3000", "--dump-dom", file.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let dom = String(decoding: data, as: UTF8.self)
        let match = try #require(dom.firstMatch(of: /data-breite="(\d+)\/(\d+)"/), "Chromium gave no width")
        #expect(Int(match.2) == width, "the frame is the phone's viewport")
        return Int(match.1)!
    }

    @Test("a title with a long URL does not widen the report page, Situasi or the report list beyond a 390 px phone")
    func longTitle() async throws {
        try await WebKit.run(.sqlite) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let created = try await kit.api(.post, "/api/v1/reports", token: monitor,
                                            json: ReportFixtures.json(title: Self.longTitle, severity: "kritis", extra: ", \"tempat\": \"JalanRayaSerangCilegonKilometerDuaPuluhTigaDekatPasar\""))
            let id = try #require(try created.json()["id"] as? Int)
            #expect(try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: analyst).status == .ok)
            let css = try await kit.get("/static/style.css").text
            let head = try await kit.login("pimpinan"), staff = try await kit.login("analis")
            for (path, session) in [("/laporan/\(id)", staff), ("/situasi?dari=2026-11-01&sampai=2026-11-30", head), ("/laporan", staff), ("/", try await kit.login("pemantau"))] {
                let page = try await kit.get(path, as: session)
                #expect(page.status == .ok)
                #expect(page.text.contains("contoh-situs-berita-palsu"), "\(path) shows the title")
                let measured = try Self.width(of: page.text, css: css, width: 390)
                #expect(measured <= 390, "\(path) is \(measured) px wide on a 390 px phone")
            }
            // The measurement itself can fail: without the style sheet the same title widens the page.
            let bare = try Self.width(of: try await kit.get("/laporan/\(id)", as: staff).text, css: "", width: 390)
            #expect(bare > 390)
        }
    }

    @Test("the Desk Pilkada's pages, the printable report and the administration lists fit a 390 px phone, their tables keeping whole words")
    func deskAndAdministration() async throws {
        try await WebKit.run(.sqlite) { kit in
            let election = try await ElectionWebTests.election(kit.store)
            let css = try await kit.get("/static/style.css").text
            let analyst = try await kit.login("analis"), admin = try await kit.login("admin")
            let opened = try await kit.post("/pemilu/\(election.id)/desk", form: ["jenis": "harian", "tanggal": "2024-11-26"], as: analyst)
            let report = try #require(opened.headers[.location])
            for (path, session) in [("/pemilu", analyst), ("/pemilu/\(election.id)", analyst), ("/pemilu/\(election.id)/desk", analyst), (report, analyst),
                                    (report + "/cetak", analyst), ("/pemilu/\(election.id)/masalah", analyst), ("/audit", admin), ("/pengguna", admin), ("/instansi", admin)] {
                let page = try await kit.get(path, as: session)
                #expect(page.status == .ok, "\(path)")
                let measured = try Self.width(of: page.text, css: css, width: 390)
                #expect(measured <= 390, "\(path) is \(measured) px wide on a 390 px phone")
            }
        }
    }
}
