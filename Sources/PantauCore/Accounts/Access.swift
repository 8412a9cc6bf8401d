/// The one role a user holds. Together with the user's jurisdiction (a region subtree) it decides
/// everything the user may see and do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Runs the installation for a jurisdiction: users, agencies, audit.
    case administrator
    /// Kesbangpol staff who verify and compile.
    case analyst
    /// Monitoring-team member in the field who submits.
    case monitor
    /// Member of a partner agency who submits and answers what is assigned to the agency.
    case partner
    /// Leadership: reads everything in the jurisdiction, changes nothing.
    case viewer

    public var label: String {
        switch self {
        case .administrator: "Administrator"
        case .analyst: "Analis Kesbangpol"
        case .monitor: "Pemantau lapangan"
        case .partner: "Mitra instansi"
        case .viewer: "Pimpinan (hanya baca)"
        }
    }
}

/// Everything a user can ask the system to do. The workflow steps of a report (verify, reject,
/// assign, ...) have their own table, `ReportTransition.roles`. The role × action table below is the
/// single source of truth: routes ask `AccessPolicy.allows`, and docs/ACCESS.md is checked against it
/// by a test.
public enum Action: String, Sendable, CaseIterable {
    case viewRegions = "regions.view"
    case viewAgencies = "agencies.view"
    case manageAgencies = "agencies.manage"
    case viewUsers = "users.view"
    case manageUsers = "users.manage"
    case viewAudit = "audit.view"
    case manageOwnAccount = "account.manage"
    case useAPITokens = "tokens.manage"
    case viewReports = "reports.view"
    case createReports = "reports.create"
    case viewReporterContact = "reports.contact"
    /// Settings of the whole installation: the webhook, report categories, TPS survey indicators
    /// and the letterhead. Besides the role, the administrator's jurisdiction must be the
    /// installation's own (or national): see `Principal.administers(installation:)`.
    case manageInstallation = "installation.settings"
    case viewElections = "elections.view"
    case manageElections = "elections.manage"
    case recordProblems = "elections.problems"
    case writeDeskNotes = "elections.notes"
    case compileDeskReports = "elections.reports"

    public var label: String {
        switch self {
        case .viewRegions: "Melihat wilayah dan peta"
        case .viewAgencies: "Melihat daftar instansi"
        case .manageAgencies: "Menambah dan mengubah instansi"
        case .viewUsers: "Melihat daftar pengguna"
        case .manageUsers: "Menambah, mengubah dan menonaktifkan pengguna"
        case .viewAudit: "Melihat log audit"
        case .manageOwnAccount: "Mengganti kata sandi sendiri"
        case .useAPITokens: "Membuat dan mencabut token API sendiri"
        case .viewReports: "Melihat laporan kejadian"
        case .createReports: "Membuat dan mengirim laporan kejadian"
        case .viewReporterContact: "Melihat kontak pelapor masyarakat"
        case .manageInstallation: "Mengatur pengaturan instalasi (webhook, kategori laporan, indikator TPS, kop surat)"
        case .viewElections: "Melihat pemilihan, tahapan, TPS, partisipasi dan laporan desk"
        case .manageElections: "Mengatur pemilihan, tahapan, paslon, TPS, kerawanan TPS dan data partisipasi"
        case .recordProblems: "Mencatat dan memperbarui permasalahan tahapan"
        case .writeDeskNotes: "Menulis catatan instansi untuk laporan desk"
        case .compileDeskReports: "Menyusun, menyunting dan memfinalkan laporan desk"
        }
    }
}

public enum AccessPolicy {
    /// The role × action table.
    public static let table: [Action: Set<Role>] = [
        .viewRegions: Set(Role.allCases),
        .viewAgencies: Set(Role.allCases),
        .manageAgencies: [.administrator],
        .viewUsers: [.administrator],
        .manageUsers: [.administrator],
        .viewAudit: [.administrator],
        .manageOwnAccount: Set(Role.allCases),
        .useAPITokens: Set(Role.allCases),
        .viewReports: Set(Role.allCases),
        .createReports: [.administrator, .analyst, .monitor, .partner],
        .viewReporterContact: [.administrator, .analyst],
        .manageInstallation: [.administrator],
        .viewElections: Set(Role.allCases),
        .manageElections: [.administrator, .analyst],
        .recordProblems: [.administrator, .analyst, .monitor, .partner],
        .writeDeskNotes: [.administrator, .analyst, .monitor, .partner],
        .compileDeskReports: [.administrator, .analyst],
    ]

    public static func allows(_ role: Role, _ action: Action) -> Bool {
        table[action]?.contains(role) ?? false
    }
}

/// Who is asking: the signed-in user with the scope of their authority.
public struct Principal: Sendable, Equatable {
    public var userID: Int
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdiction: RegionCode
    public var agencyID: Int?

    public init(userID: Int, username: String, displayName: String, role: Role, jurisdiction: RegionCode, agencyID: Int?) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.jurisdiction = jurisdiction
        self.agencyID = agencyID
    }

    public func can(_ action: Action) -> Bool { AccessPolicy.allows(role, action) }

    /// True when the region lies in the principal's jurisdiction.
    public func covers(_ region: RegionCode) -> Bool { region.isWithin(jurisdiction) }

    /// May change what belongs to the whole installation serving `installation`: the role allows
    /// it and the principal's jurisdiction is the installation's own or the whole country. An
    /// administrator of a kecamatan on a kota's installation may not.
    public func administers(installation: RegionCode) -> Bool {
        can(.manageInstallation) && (jurisdiction == installation || jurisdiction.isNational)
    }
}
