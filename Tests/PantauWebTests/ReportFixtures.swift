import Foundation
import PantauCore
import PantauStore

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
