import Foundation

/// Status of a problem in the desk's inventory (inventarisasi permasalahan).
public enum ProblemStatus: String, Sendable, CaseIterable, Codable {
    case identified = "teridentifikasi", anticipated = "diantisipasi", handled = "ditangani", resolved = "selesai"

    public var label: String {
        switch self {
        case .identified: "Teridentifikasi"
        case .anticipated: "Diantisipasi"
        case .handled: "Ditangani"
        case .resolved: "Selesai"
        }
    }

    /// Problems move forward; a resolved one may be taken up again.
    public var next: [ProblemStatus] {
        switch self {
        case .identified: [.anticipated, .handled, .resolved]
        case .anticipated: [.handled, .resolved]
        case .handled: [.resolved]
        case .resolved: [.handled]
        }
    }

    public var isOpen: Bool { self != .resolved }
}

/// What a desk types about a problem.
public struct ProblemInput: Sendable, Equatable {
    public var title: String
    public var description: String
    public var categoryCode: String
    public var stageID: Int?
    public var region: RegionCode
    public var reportedBy: Int?
    public var anticipation: String?
    public var responsible: Int?
    public var due: LocalDate?
    public var reportIDs: [Int]

    public static func validate(title: String?, description: String?, category: String?, stage: String?, region: String?, reportedBy: String?,
                                anticipation: String?, responsible: String?, due: String?, reports: String?) throws(ValidationFailure) -> ProblemInput {
        var v = Validator()
        let title = v.requiredText(title, "judul", label: "Permasalahan", maxLength: 200)
        let description = v.optionalText(description, "uraian", label: "Uraian", maxLength: 10_000) ?? ""
        let category = (category ?? "").trimmingWhitespace()
        v.check(!category.isEmpty, "kategori", "Pilih kategori.")
        func id(_ text: String?, _ field: String, _ label: String) -> Int? {
            let text = (text ?? "").trimmingWhitespace()
            if text.isEmpty { return nil }
            guard let value = Int(text), value > 0 else { v.add(field, "\(label) tidak dikenal."); return nil }
            return value
        }
        let stage = id(stage, "tahapan", "Tahapan")
        let code = v.regionCode(region, "kode_wilayah")
        let reportedBy = id(reportedBy, "instansi_pelapor", "Instansi pelapor")
        let responsible = id(responsible, "instansi_penanggung_jawab", "Instansi penanggung jawab")
        let anticipation = v.optionalText(anticipation, "saran", label: "Antisipasi/saran penyelesaian", maxLength: 10_000)
        var dueDate: LocalDate?
        if let due = due?.trimmingWhitespace(), !due.isEmpty {
            dueDate = LocalDate(due)
            v.check(dueDate != nil, "tenggat", "Tenggat harus tanggal yang sah (TTTT-BB-HH).")
        }
        var reportIDs: [Int] = []
        for part in (reports ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }) {
            let text = part.trimmingPrefix("#")
            if let value = Int(text), value > 0 { reportIDs.append(value) } else { v.add("laporan", "Nomor laporan \"\(part.prefix(20))\" tidak sah.") }
        }
        v.check(reportIDs.count <= 50, "laporan", "Paling banyak 50 laporan terkait.")
        try v.finish()
        return ProblemInput(title: title, description: description, categoryCode: category, stageID: stage, region: code!, reportedBy: reportedBy,
                            anticipation: anticipation, responsible: responsible, due: dueDate, reportIDs: Array(Set(reportIDs)).sorted())
    }
}
