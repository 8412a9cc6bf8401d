import Foundation
import PantauCore
import SQLKit

/// What the situation dashboard shows for a period, each figure one aggregate query.
public struct Situation: Sendable {
    /// The basis every figure but `byStatus` takes in.
    public var basis: CountBasis
    /// Every status past the draft, duplicates left out, so a panel can show what the basis leaves out.
    public var byStatus: [ReportStatus: Int]
    public var byCategory: [(name: String, code: String, count: Int)]
    /// Reports per local day (days since 1970 in WIB).
    public var byDay: [Int: Int]
    /// Reports on the basis per region one level below the scope.
    public var byChild: [String: Int]
    /// The number of reports on the basis.
    public var total: Int { basis.statuses.reduce(0) { $0 + (byStatus[$1] ?? 0) } }
    public var severe: [Report]
    /// Late follow-ups of the whole jurisdiction per agency, whatever the period.
    public var overdueByAgency: [(agencyID: Int, agency: String, count: Int)]
}

extension Store {
    /// Reports count once: drafts and reports marked as duplicates are left out, and every figure
    /// but the count per status takes in only the statuses of `basis`.
    func situation(scope: RegionCode, viewer: Int?, from: Int, until: Int, basis: CountBasis = .counted) async throws -> Situation {
        let period: SQLQueryString = "\(SQLQueryString.reportScope("r.region_kode", scope)) AND r.status <> 'draft' AND r.duplicate_of IS NULL AND r.occurred_at >= \(bind: from) AND r.occurred_at < \(bind: until)"
        let base: SQLQueryString = "\(period) AND r.status IN (\(binds: basis.statuses.map(\.rawValue)))"
        struct Count: Decodable { var key: String; var n: Int }
        struct CategoryCount: Decodable { var code: String; var name: String; var n: Int }
        struct DayCount: Decodable { var day: Int; var n: Int }
        let childLength: Int = switch scope.level {
        case .nasional: 2
        case .provinsi: 5
        case .kabupatenKota: 8
        default: 13
        }
        let (statuses, categories, days, children) = try await database.read { db in
            let statuses = try await db.raw("SELECT r.status AS key, COUNT(*) AS n FROM reports r WHERE \(period) GROUP BY r.status").all(decoding: Count.self)
            let categories = try await db.raw("""
                SELECT c.code, c.name, x.n FROM (SELECT r.category_id, COUNT(*) AS n FROM reports r WHERE \(base) GROUP BY r.category_id) x
                JOIN report_categories c ON c.id = x.category_id ORDER BY x.n DESC, c.name
                """).all(decoding: CategoryCount.self)
            // Whole days in WIB (UTC+7): integer division on both databases.
            let days = try await db.raw("SELECT (r.occurred_at + 25200) / 86400 AS day, COUNT(*) AS n FROM reports r WHERE \(base) GROUP BY (r.occurred_at + 25200) / 86400")
                .all(decoding: DayCount.self)
            let children = try await db.raw("""
                SELECT SUBSTR(r.region_kode, 1, \(literal: childLength)) AS key, COUNT(*) AS n FROM reports r
                WHERE \(base) GROUP BY SUBSTR(r.region_kode, 1, \(literal: childLength))
                """).all(decoding: Count.self)
            return (statuses, categories, days, children)
        }
        var severeFilter = ReportFilter()
        severeFilter.severities = [.berat, .kritis]
        severeFilter.basis = basis
        severeFilter.from = from
        severeFilter.until = until
        severeFilter.pageSize = 8
        let severe = try await reports(scope: scope, viewer: viewer, filter: severeFilter).items
        struct AgencyCount: Decodable { var id: Int; var name: String; var n: Int }
        let overdue = try await database.read { db in
            try await db.raw("""
                SELECT a.id, a.name, o.n FROM (
                    SELECT s.agency_id, COUNT(DISTINCT r.id) AS n FROM reports r JOIN report_assignments s ON s.report_id = r.id
                    WHERE r.status = 'follow_up' AND \(SQLQueryString.reportScope("r.region_kode", scope)) AND s.status <> 'done' AND s.due_at < \(bind: clock.now())
                    GROUP BY s.agency_id) o
                JOIN agencies a ON a.id = o.agency_id ORDER BY o.n DESC, a.name LIMIT 20
                """).all(decoding: AgencyCount.self)
        }
        var byStatus: [ReportStatus: Int] = [:]
        for row in statuses { if let status = ReportStatus(rawValue: row.key) { byStatus[status] = row.n } }
        return Situation(basis: basis, byStatus: byStatus, byCategory: categories.map { ($0.name, $0.code, $0.n) },
                         byDay: Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0.n) }),
                         byChild: Dictionary(uniqueKeysWithValues: children.map { ($0.key, $0.n) }),
                         severe: severe, overdueByAgency: overdue.map { ($0.id, $0.name, $0.n) })
    }
}
