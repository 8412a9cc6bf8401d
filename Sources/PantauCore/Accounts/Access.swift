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

/// Something a user can ask the system to do, with the roles that may. Each capability declares
/// its own actions (`Action.viewReports` in Reports, `Action.manageElections` in Elections, ...)
/// and lists them in its registration; together they are the role × action table, which
/// docs/ACCESS.md states and a test compares with the code. The workflow steps of a report
/// (verify, reject, assign, ...) have their own table, `ReportTransition.roles`.
public struct Action: Hashable, Sendable, CustomStringConvertible {
    /// The action's code, as docs/ACCESS.md and `/api/v1/me` name it ("reports.view").
    public let rawValue: String
    /// What it means, in Bahasa Indonesia, for refusals and pages.
    public let label: String
    /// The roles that may take it.
    public let roles: Set<Role>

    public init(_ rawValue: String, _ label: String, roles: Set<Role>) {
        self.rawValue = rawValue
        self.label = label
        self.roles = roles
    }

    public func allows(_ role: Role) -> Bool { roles.contains(role) }

    public var description: String { rawValue }

    public static func == (a: Action, b: Action) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension Set where Element == Role {
    /// Every role.
    public static let everyone = Set(Role.allCases)
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

    public func can(_ action: Action) -> Bool { action.allows(role) }

    /// True when the region lies in the principal's jurisdiction.
    public func covers(_ region: RegionCode) -> Bool { region.isWithin(jurisdiction) }

    /// May change what belongs to the whole installation serving `installation`: the role allows
    /// it and the principal's jurisdiction is the installation's own or the whole country. An
    /// administrator of a kecamatan on a kota's installation may not.
    public func administers(installation: RegionCode) -> Bool {
        can(.manageInstallation) && (jurisdiction == installation || jurisdiction.isNational)
    }
}
