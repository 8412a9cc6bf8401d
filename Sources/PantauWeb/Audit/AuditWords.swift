import PantauCore

/// The audit page in words an office reads: actions as Indonesian verbs ("dibuat", "masuk")
/// instead of their codes, and coded values (a role, a report's status, yes/no) by their labels.
/// The stored log keeps the codes; only the page translates them.
enum AuditWords {
    static let actions: [String: String] = [
        "create": "dibuat", "update": "diubah", "edit": "diubah", "import": "diimpor", "note": "catatan", "disable": "dinonaktifkan",
        "enable": "diaktifkan", "survey": "survei TPS", "status": "status diubah", "seed": "data awal", "revoke": "dicabut",
        "respond": "ditanggapi", "password": "kata sandi diganti", "finalise": "difinalkan", "attach": "lampiran ditambahkan",
        "login": "masuk", "login_failed": "gagal masuk", "logout": "keluar",
    ]

    static func action(_ code: String) -> String {
        if let word = actions[code] { return word }
        if let transition = ReportTransition(rawValue: code) { return transition.label.lowercased() }
        return code
    }

    /// The fields whose values are agency ids.
    static let agencyFields: Set<String> = ["instansi", "instansi_pelapor", "penanggung_jawab"]

    /// The fields whose values are region codes.
    static let regionFields: Set<String> = ["wilayah", "kode_wilayah"]

    /// A changed value as the pages show it; an agency id by the agency's name, a region code by
    /// the region's name with its code.
    static func value(_ field: String, _ value: String?, agencies: [Int: String] = [:], regions: [String: String] = [:]) -> String {
        guard let value, !value.isEmpty else { return "—" }
        if agencyFields.contains(field), let id = Int(value) { return agencies[id] ?? "instansi #\(id)" }
        if regionFields.contains(field), let name = regions[value] { return "\(name) (\(value))" }
        switch field {
        case "peran": return Role(rawValue: value)?.label ?? value
        case "status": return ReportStatus(rawValue: value)?.label ?? ProblemStatus(rawValue: value)?.label ?? value
        case "aktif": return ["1", "true"].contains(value) ? "ya" : (["0", "false"].contains(value) ? "tidak" : value)
        default: return value
        }
    }
}
