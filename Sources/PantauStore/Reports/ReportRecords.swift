import Foundation
import PantauCore

public struct ReportCategory: Sendable, Equatable, Decodable {
    public var id: Int
    public var code: String
    public var name: String
    public var active: Int
}

/// A report as pages and the API show it.
public struct Report: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var narrative: String
    public var category: ReportCategory
    public var status: ReportStatus
    public var severity: Severity
    public var source: ReportSource
    public var occurredAt: Int
    public var precision: TimePrecision
    public var region: Region
    public var location: GeoPoint?
    public var place: String?
    public var actorKinds: [ReportActorKind]
    public var actorNames: [String]
    /// nil when never given ("tidak diketahui").
    public var involved: Int?
    public var injured: Int?
    public var dead: Int?
    public var tags: [String]
    public var isPublic: Bool
    public var reporterContact: String?
    public var duplicateOf: Int?
    public var resolution: String?
    public var createdBy: Int?
    public var createdByName: String?
    public var agencyID: Int?
    public var createdAt: Int
    public var updatedAt: Int
}

public struct ReportEvent: Sendable, Equatable, Decodable {
    public var at: Int
    public var actorName: String
    public var action: String
    public var fromStatus: String?
    public var toStatus: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case at, action, note
        case actorName = "actor_name", fromStatus = "from_status", toStatus = "to_status"
    }
}

public struct ReportAssignment: Sendable, Equatable {
    public var id: Int
    public var agencyID: Int
    public var agencyName: String
    public var dueAt: Int
    public var status: AssignmentStatus
    public var instruction: String?
    public var response: String?
    public var respondedAt: Int?

    public func isOverdue(at now: Int) -> Bool { status != .done && dueAt < now }
}

public enum ReportSort: String, Sendable, CaseIterable {
    case newest, oldest, severity, updated

    public var label: String {
        switch self {
        case .newest: "Kejadian terbaru"
        case .oldest: "Kejadian terlama"
        case .severity: "Paling parah"
        case .updated: "Baru diperbarui"
        }
    }
}

/// Filters of the report list; every combination is a URL (see the web layer).
/// Which reports a figure takes in. Situasi and the list it links to use the same basis, so a
/// number on a chart is the length of the list behind it.
public enum CountBasis: String, Sendable, CaseIterable {
    /// Every report past its draft that was neither rejected nor marked a duplicate.
    case counted = "dihitung"
    /// Only reports a verifier accepted: verified, in follow-up or resolved.
    case verified = "terverifikasi"

    public var statuses: [ReportStatus] {
        switch self {
        case .counted: [.submitted, .verified, .followUp, .resolved, .archived]
        case .verified: [.verified, .followUp, .resolved]
        }
    }

    /// What a panel says it counts.
    public var label: String {
        switch self {
        case .counted: "laporan yang tidak ditolak dan bukan duplikat"
        case .verified: "laporan terverifikasi (termasuk yang ditindaklanjuti dan selesai)"
        }
    }

    /// The choice as the period form offers it.
    public var choice: String {
        switch self {
        case .counted: "Semua kecuali ditolak dan duplikat"
        case .verified: "Hanya yang terverifikasi"
        }
    }
}

public struct ReportFilter: Sendable, Equatable {
    public var statuses: [ReportStatus] = []
    public var categoryCode: String?
    public var region: RegionCode?
    public var from: Int?
    public var until: Int?
    public var severities: [Severity] = []
    public var source: ReportSource?
    public var agencyID: Int?
    /// Only reports this user wrote ("Laporan saya").
    public var author: Int?
    public var overdue = false
    /// Only the reports a count takes in (the Situasi page's basis), duplicates left out.
    public var basis: CountBasis?
    public var query: String?
    public var sort: ReportSort = .newest
    public var page = 1
    public var pageSize = 50

    public init() {}

    /// New reports, waiting to be verified.
    public static var toVerify: ReportFilter { var filter = ReportFilter(); filter.statuses = [.submitted]; return filter }
    /// Reports in follow-up with an assignment to `agency`.
    public static func assigned(to agency: Int) -> ReportFilter {
        var filter = ReportFilter(); filter.statuses = [.followUp]; filter.agencyID = agency; return filter
    }
    /// Reports in follow-up with an assignment past its due time.
    public static var late: ReportFilter { var filter = ReportFilter(); filter.statuses = [.followUp]; filter.overdue = true; return filter }

    /// The words of a search, lower-cased and without repeats; at most 8 count.
    public static func words(_ query: String?) -> [String] {
        var words: [String] = []
        for word in (query ?? "").lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init) where !words.contains(word) {
            words.append(word)
        }
        return Array(words.prefix(8))
    }
}
