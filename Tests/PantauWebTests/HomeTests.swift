import Foundation
import HTTPTypes
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

/// Each role starts where its work is: monitors and partners report and follow their own reports,
/// analysts see what waits for verification and follow-up, the head of the office lands on
/// Situasi, and the inbox shows its count in the navigation.
@Suite("Start page per role")
struct HomeTests {
    func report(_ kit: WebKit, as user: String, title: String, draft: Bool = false) async throws -> Int {
        let token = try await kit.token(for: user)
        let response = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: title, draft: draft))
        return try #require(try response.json()["id"] as? Int)
    }

    @Test("a field monitor gets a large 'Laporkan kejadian' and their own reports with status and the reason of a rejection", arguments: TestBackend.available)
    func monitorHome(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let mine = try await report(kit, as: "pemantau", title: "Spanduk provokatif di Cipare")
            let rejected = try await report(kit, as: "pemantau", title: "Kabar pembagian uang")
            let draft = try await report(kit, as: "pemantau", title: "Catatan belum selesai", draft: true)
            let other = try await report(kit, as: "mitra", title: "Laporan mitra KPU")
            let analyst = try await kit.token(for: "analis")
            #expect(try await kit.api(.post, "/api/v1/reports/\(rejected)/reject", token: analyst, json: #"{"catatan": "Tidak ada saksi, mohon dilengkapi"}"#).status == .ok)
            let home = try await kit.get("/", as: try await kit.login("pemantau"))
            #expect(home.status == .ok)
            #expect(home.text.contains(#"<a class="button primary big" href="/laporan/baru">Laporkan kejadian</a>"#))
            #expect(home.text.contains("Laporan saya"))
            #expect(home.text.contains("#\(mine) Spanduk provokatif di Cipare</a> <span class=\"tag status-submitted\">\(ReportStatus.submitted.label)</span>"))
            #expect(home.text.contains("#\(rejected) Kabar pembagian uang</a> <span class=\"tag status-rejected\">\(ReportStatus.rejected.label)</span>"))
            #expect(home.text.contains("Alasan: Tidak ada saksi, mohon dilengkapi"))
            #expect(home.text.contains("#\(draft) Catatan belum selesai"))
            #expect(!home.text.contains("#\(other) "))
            // The partner sees the same panel with only their report.
            let partner = try await kit.get("/", as: try await kit.login("mitra"))
            #expect(partner.text.contains("Laporkan kejadian"))
            #expect(partner.text.contains("#\(other) Laporan mitra KPU"))
            #expect(!partner.text.contains("#\(mine) "))
            // Nobody else's page offers a monitor's list.
            let fresh = try await kit.get("/", as: try await kit.login("admin.serang"))
            #expect(!fresh.text.contains("Laporan saya"))
        }
    }

    @Test("an analyst sees how many reports wait for verification and how many follow-ups are late, each linking to that list", arguments: TestBackend.available)
    func analystHome(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            _ = try await report(kit, as: "pemantau", title: "Satu")
            _ = try await report(kit, as: "pemantau", title: "Dua")
            let late = try await report(kit, as: "pemantau", title: "Tiga")
            let analyst = try await kit.token(for: "analis")
            #expect(try await kit.api(.post, "/api/v1/reports/\(late)/verify", token: analyst).status == .ok)
            let kpu = try #require(try await kit.store.agencies(scope: RegionCode("36.73")!, type: .kpu).first?.agency.id)
            #expect(try await kit.api(.post, "/api/v1/reports/\(late)/assign", token: analyst,
                                      json: #"{"instansi": [\#(kpu)], "tenggat": "2026-11-26"}"#).status == .ok)
            clock.advance(by: 3 * 86_400)
            let home = try await kit.get("/", as: try await kit.login("analis"))
            #expect(home.text.contains(#"<a href="/laporan?status=submitted&amp;urut=severity"><strong>2</strong><span>perlu diverifikasi</span>"#))
            #expect(home.text.contains(#"<a href="/laporan?status=follow_up&amp;terlambat=1"><strong>1</strong><span>tindak lanjut terlambat</span><span class="muted small">semua instansi di wilayah Anda</span>"#))
            #expect(!home.text.contains("Laporkan kejadian"))
            // The inbox's count in the menu: the two new reports.
            #expect(home.text.contains(#"Kotak masuk <span class="badge" aria-label="2 menunggu">2</span>"#))
            // The KPU partner's inbox counts the follow-up assigned to KPU.
            let partner = try await kit.get("/laporan", as: try await kit.login("mitra"))
            #expect(partner.text.contains(#"Kotak masuk <span class="badge" aria-label="1 menunggu">1</span>"#))
            // Their start page says so too, beside "Laporkan kejadian": one task, and it is late.
            let partnerHome = try await kit.get("/", as: try await kit.login("mitra"))
            #expect(partnerHome.text.contains("Laporkan kejadian"))
            #expect(partnerHome.text.contains(#"<a href="/laporan?status=follow_up&amp;instansi=\#(kpu)"><strong>1</strong><span>tugas tindak lanjut instansi Anda</span>"#))
            #expect(partnerHome.text.contains(#"<a href="/laporan?status=follow_up&amp;terlambat=1&amp;instansi=\#(kpu)"><strong>1</strong><span>tugas instansi Anda yang terlambat</span>"#))
        }
    }

    @Test("the head of the office starts on Situasi; an empty inbox shows no count", arguments: TestBackend.available)
    func viewerStartsOnSituation(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("pimpinan")
            let home = try await kit.get("/", as: session)
            #expect(home.status == .seeOther)
            #expect(home.location == "/situasi")
            let situation = try await kit.get("/situasi", as: session)
            #expect(situation.status == .ok)
            #expect(!situation.text.contains("class=\"badge\""))
        }
    }

    @Test("the menu wraps on a narrow screen instead of scrolling entries out of sight", arguments: [TestBackend.sqlite])
    func menuWraps(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let css = try await kit.get("/static/style.css").text
            let rule = try #require(css.split(separator: "\n").first { $0.hasPrefix(".nav {") })
            #expect(rule.contains("flex-wrap: wrap"))
            #expect(!rule.contains("overflow-x"))
        }
    }
}
