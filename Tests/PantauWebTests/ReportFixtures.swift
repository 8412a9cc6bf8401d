import Foundation
import PantauCore
import PantauStore
import Testing

enum ReportFixtures {
    static func json(title: String = "Pembagian sembako oleh tim kampanye", region: String = "36.73.01.1008", severity: String = "sedang",
                     category: String = "politik_uang", draft: Bool = false, extra: String = "") -> String {
        """
        {"judul": "\(title)", "uraian": "Warga melihat pembagian paket sembako di depan balai warga.", "kategori": "\(category)",
         "tingkat": "\(severity)", "sumber": "field_monitor", "waktu_kejadian": "2026-11-20T09:30", "presisi_waktu": "exact",
         "kode_wilayah": "\(region)", "pihak_jenis": ["candidate"], "pihak_nama": ["Tim Paslon 2"], "jumlah_terlibat": 40,
         "tag": ["sembako", "kampanye"], "draf": \(draft)\(extra)}
        """
    }

    /// A citizen's complaint with a contact only Kesbangpol staff may see.
    static func publicReport(_ store: Store) async throws -> Report {
        var raw = RawReport()
        raw.judul = "Pengaduan warga"; raw.uraian = "Ada spanduk ujaran kebencian."; raw.kategori = "ujaran_kebencian"; raw.tingkat = "ringan"
        raw.sumber = "public"; raw.waktu_kejadian = "2026-11-21"; raw.presisi_waktu = "day"; raw.kode_wilayah = "36.73.02"; raw.kontak_pelapor = "0812-0000-1111"
        let input = try ReportInput.validate(raw, now: store.clock.now())
        return try await store.reports(.console).create(input, draft: false, isPublic: true, author: nil, agencyID: nil, actor: .system).report
    }
}

/// Early-warning alerts for web tests, raised the way the worker raises them.
enum AlertFixtures {
    /// An alert in Kecamatan Serang (36.73.01): a national rule (three reports in a kecamatan on
    /// one day) and three reports on 24 November 2026. Returns the newest alert there.
    static func alert(_ store: Store) async throws -> Alert {
        if let existing = try await store.alerts(.console).list(AlertFilter()).items.first { return existing }
        let rule = DetectionRule(name: "Tiga laporan sehari", kind: .threshold, level: .kecamatan, windowDays: 1, minimumCount: 3)
        _ = try await store.alerts(.console).createRule(rule, agencyID: nil, actor: .system)
        for desa in ["36.73.01.1001", "36.73.01.1002", "36.73.01.1003"] {
            var raw = RawReport()
            raw.judul = "Kerumunan"; raw.uraian = "Massa berkumpul."; raw.kategori = "unjuk_rasa"; raw.tingkat = "sedang"
            raw.sumber = "field_monitor"; raw.waktu_kejadian = "2026-11-24T10:00"; raw.presisi_waktu = "exact"; raw.kode_wilayah = desa
            _ = try await store.reports(.console).create(try ReportInput.validate(raw, now: store.clock.now()), draft: false, author: nil, agencyID: nil, actor: .system)
        }
        _ = try await store.evaluateChangedAlerts(today: DayCounts.day(store.clock.now()))
        return try #require(try await store.alerts(.console).list(AlertFilter()).items.first)
    }
}
