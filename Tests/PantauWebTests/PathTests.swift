import Foundation
import HTTPTypes
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

/// Page paths are Bahasa Indonesia; the English paths Pantau first had answer 308 with the new
/// path, keeping the query (and, for a form, the method and body).
@Suite("Page paths")
struct PathTests {
    @Test("every old English page path is redirected to its Bahasa Indonesia path, query kept", arguments: TestBackend.available)
    func legacyRedirects(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let cases: [(String, String)] = [
                ("/login", "/masuk"), ("/reports?status=submitted&page=2", "/laporan?status=submitted&page=2"), ("/reports/new", "/laporan/baru"),
                ("/reports/12", "/laporan/12"), ("/reports/12/verify", "/laporan/12/verifikasi"), ("/reports/12/mark_duplicate", "/laporan/12/tandai-duplikat"),
                ("/reports/12/respond", "/laporan/12/tanggapi"), ("/reports/12/lampiran/3", "/laporan/12/lampiran/3"),
                ("/reports/categories/4", "/laporan/kategori/4"), ("/reports.csv?wilayah=36.73", "/laporan.csv?wilayah=36.73"),
                ("/reports.geojson", "/laporan.geojson"), ("/regions/36.73/map.svg", "/wilayah/36.73/peta.svg"), ("/agencies/new", "/instansi/baru"),
                ("/users/5/disable", "/pengguna/5/nonaktifkan"), ("/account/tokens/2/revoke", "/akun/token/2/cabut"),
                ("/settings/webhook", "/pengaturan/webhook"), ("/settings/indikator-tps", "/pengaturan/indikator-tps"), ("/inbox", "/kotak-masuk"),
            ]
            for (old, new) in cases {
                let response = try await kit.get(old, as: session)
                #expect(response.status == .permanentRedirect, "\(old) → \(response.status.code)")
                #expect(response.location == new, "\(old) → \(response.location ?? "-")")
            }
            // A form posted from a page opened before the change arrives: 308 keeps POST.
            let post = try await kit.post("/reports/1/verify", form: [:], as: session)
            #expect(post.status == .permanentRedirect)
            #expect(post.location == "/laporan/1/verifikasi")
            // New paths are served, and the API keeps its paths.
            for path in ["/laporan", "/laporan/baru", "/wilayah/36.73", "/instansi", "/pengguna", "/akun", "/kotak-masuk", "/pengaturan/webhook",
                         "/laporan/kategori", "/pengaturan/indikator-tps", "/pengaturan/kop", "/situasi", "/audit", "/pemilu"] {
                let response = try await kit.get(path, as: session)
                #expect(response.status == .ok, "\(path) → \(response.status.code)")
            }
            #expect(try await kit.get("/masuk").status == .ok)
            #expect(LegacyPaths.modern("/api/v1/reports") == nil)
            #expect(LegacyPaths.modern("/reportsx") == nil)
        }
    }

    @Test("a page's workflow step names its slug, and each slug names one step")
    func slugs() {
        let slugs = ReportTransition.allCases.map(SiteURL.slug)
        #expect(Set(slugs).count == slugs.count)
        #expect(!slugs.contains(SiteURL.respondSlug))
        for transition in ReportTransition.allCases {
            #expect(SiteURL.transition(slug: SiteURL.slug(transition)) == transition)
            #expect(SiteURL.reportAction(7, transition).path == "/laporan/7/\(SiteURL.slug(transition))")
        }
    }
}
