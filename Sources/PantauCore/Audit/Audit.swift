/// What a write changed, field by field, for the audit log. Values are kept as text so the log
/// reads the same whatever the record was.
public struct ChangeSet: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var field: String
        public var old: String?
        public var new: String?
        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public private(set) var changes: [Change] = []

    public init() {}

    /// Records a field when its value differs; secrets are recorded as changed without values.
    public mutating func record(_ field: String, _ old: (some CustomStringConvertible)?, _ new: (some CustomStringConvertible)?, secret: Bool = false) {
        let oldText = old.map { String(describing: $0) }
        let newText = new.map { String(describing: $0) }
        guard oldText != newText else { return }
        changes.append(Change(field: field, old: secret ? (oldText == nil ? nil : "•••") : oldText, new: secret ? "•••" : newText))
    }

    public var isEmpty: Bool { changes.isEmpty }
}

/// The kinds of record the audit log names.
public enum AuditEntity: String, Sendable, CaseIterable, Codable {
    case user, agency, apiToken = "api_token", session, region, system, report, category
    case election, problem, deskReport = "desk_report", deskNote = "desk_note", pollingStation = "polling_station", participation

    public var label: String {
        switch self {
        case .user: "Pengguna"
        case .agency: "Instansi"
        case .apiToken: "Token API"
        case .session: "Sesi"
        case .region: "Wilayah"
        case .system: "Sistem"
        case .report: "Laporan"
        case .category: "Kategori"
        case .election: "Pemilihan"
        case .problem: "Permasalahan"
        case .deskReport: "Laporan desk"
        case .deskNote: "Catatan instansi"
        case .pollingStation: "TPS"
        case .participation: "Partisipasi pemilih"
        }
    }
}
