/// The life of an incident report (laporan kejadian), from the field to its resolution.
public enum ReportStatus: String, Sendable, CaseIterable, Codable {
    case draft
    case submitted
    case verified
    case rejected
    case followUp = "follow_up"
    case resolved
    case archived

    public var label: String {
        switch self {
        case .draft: "Draf"
        case .submitted: "Baru"
        case .verified: "Terverifikasi"
        case .rejected: "Ditolak"
        case .followUp: "Ditindaklanjuti"
        case .resolved: "Selesai"
        case .archived: "Diarsipkan"
        }
    }

    /// Still needs someone's attention.
    public var isOpen: Bool { [.submitted, .verified, .followUp].contains(self) }
}

public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case ringan, sedang, berat, kritis

    public var label: String { rawValue.capitalized }
    public var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    /// Severe enough to alert leadership at once.
    public var isSevere: Bool { self >= .berat }
}

public enum ReportSource: String, Sendable, CaseIterable, Codable {
    case fieldMonitor = "field_monitor", agency, media, socialMedia = "social_media", publicReport = "public"

    public var label: String {
        switch self {
        case .fieldMonitor: "Pemantau lapangan"
        case .agency: "Instansi"
        case .media: "Media massa"
        case .socialMedia: "Media sosial"
        case .publicReport: "Masyarakat"
        }
    }
}

public enum TimePrecision: String, Sendable, CaseIterable, Codable {
    case exact, day, approximate

    public var label: String {
        switch self {
        case .exact: "Waktu tepat"
        case .day: "Tanggal saja"
        case .approximate: "Perkiraan"
        }
    }
}

public enum ReportActorKind: String, Sendable, CaseIterable, Codable {
    case party, candidate, asn, organiser, security, ormas, citizens, other

    public var label: String {
        switch self {
        case .party: "Partai politik"
        case .candidate: "Calon / tim kampanye"
        case .asn: "ASN"
        case .organiser: "Penyelenggara pemilu"
        case .security: "TNI/Polri"
        case .ormas: "Ormas"
        case .citizens: "Warga"
        case .other: "Lainnya"
        }
    }
}

/// Every step a report can take, with the states it may start from, the state it ends in, and who
/// may take it. The workflow is this table; the store and the routes only ask it.
public enum ReportTransition: String, Sendable, CaseIterable, Codable {
    case submit, verify, reject, assign, resolve, archive, reopen, markDuplicate = "mark_duplicate"

    public var label: String {
        switch self {
        case .submit: "Kirim"
        case .verify: "Verifikasi"
        case .reject: "Tolak"
        case .assign: "Tugaskan tindak lanjut"
        case .resolve: "Selesaikan"
        case .archive: "Arsipkan"
        case .reopen: "Buka kembali"
        case .markDuplicate: "Tandai duplikat"
        }
    }

    public var from: Set<ReportStatus> {
        switch self {
        case .submit: [.draft]
        case .verify: [.submitted]
        case .reject: [.submitted]
        case .assign: [.verified, .followUp]
        case .resolve: [.verified, .followUp]
        case .archive: [.resolved, .rejected]
        case .reopen: [.rejected, .resolved, .archived]
        case .markDuplicate: [.submitted, .verified]
        }
    }

    public var to: ReportStatus {
        switch self {
        case .submit, .reopen: .submitted
        case .verify: .verified
        case .reject: .rejected
        case .assign: .followUp
        case .resolve: .resolved
        case .archive, .markDuplicate: .archived
        }
    }

    /// A written reason is required (rejection, reopening, resolution).
    public var needsNote: Bool { [.reject, .reopen, .resolve].contains(self) }

    /// Who may take the step. Submitting is for the author; the rest is Kesbangpol's work.
    public var roles: Set<Role> {
        switch self {
        case .submit: [.administrator, .analyst, .monitor, .partner]
        default: [.administrator, .analyst]
        }
    }
}

public enum ReportWorkflow {
    public enum Refusal: Error, Equatable, Sendable {
        case notAllowed(Role, ReportTransition)
        case wrongState(ReportStatus, ReportTransition)
        case noteRequired(ReportTransition)
        case notAuthor

        public var message: String {
            switch self {
            case .notAllowed(let role, let transition): "Peran \(role.label) tidak berwenang: \(transition.label.lowercased())."
            case .wrongState(let status, let transition): "Laporan berstatus \(status.label) tidak dapat di-\(transition.label.lowercased())."
            case .noteRequired(let transition): "\(transition.label): alasan atau keterangan wajib diisi."
            case .notAuthor: "Hanya pembuat draf yang dapat mengirimkannya."
            }
        }
    }

    /// Checks a step and returns the state it leads to.
    public static func apply(_ transition: ReportTransition, from status: ReportStatus, role: Role, isAuthor: Bool, note: String?) -> Result<ReportStatus, Refusal> {
        guard transition.roles.contains(role) else { return .failure(.notAllowed(role, transition)) }
        guard transition.from.contains(status) else { return .failure(.wrongState(status, transition)) }
        if transition == .submit && !isAuthor { return .failure(.notAuthor) }
        if transition.needsNote && (note ?? "").trimmingWhitespace().isEmpty { return .failure(.noteRequired(transition)) }
        return .success(transition.to)
    }

    /// The steps a user could take on a report now, for the buttons a page shows.
    public static func available(from status: ReportStatus, role: Role, isAuthor: Bool) -> [ReportTransition] {
        ReportTransition.allCases.filter { transition in
            transition.roles.contains(role) && transition.from.contains(status) && (transition != .submit || isAuthor)
        }
    }
}

/// The status of one agency's assignment on a report.
public enum AssignmentStatus: String, Sendable, CaseIterable, Codable {
    case open, inProgress = "in_progress", done

    public var label: String {
        switch self {
        case .open: "Belum ditanggapi"
        case .inProgress: "Sedang ditangani"
        case .done: "Selesai ditangani"
        }
    }

    /// How an assignment in this state reads on a report in `reportStatus`: one an agency never
    /// finished was closed with the report when the report was resolved or archived, and is
    /// neither waiting nor late any more.
    public func label(onReport reportStatus: ReportStatus) -> String {
        if self != .done, reportStatus == .resolved || reportStatus == .archived { return "Ditutup bersama laporan (\(label.lowercased()))" }
        return label
    }
}
