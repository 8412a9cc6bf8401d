import Foundation
import PantauCore
import SQLKit

/// What the situation dashboard shows for a period, each figure one aggregate query.
public struct Situation: Sendable {
    public var byStatus: [ReportStatus: Int]
    public var byCategory: [(name: String, code: String, count: Int)]
    /// Reports per local day (days since 1970 in WIB).
    public var byDay: [Int: Int]
    /// Verified reports per region one level below the scope.
    public var verifiedByChild: [String: Int]
    public var severe: [Report]
    public var overdueByAgency: [(agency: String, count: Int)]
}

extension Store {
    /// Reports count once: drafts and reports marked as duplicates are left out.
    func situation(scope: RegionCode, viewer: Int?, from: Int, until: Int) async throws -> Situation {
        let base: SQLQueryString = "\(SQLQueryString.reportScope("r.region_kode", scope)) AND r.status <> 'draft' AND r.duplicate_of IS NULL AND r.occurred_at >= \(bind: from) AND r.occurred_at < \(bind: until)"
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
            let statuses = try await db.raw("SELECT r.status AS key, COUNT(*) AS n FROM reports r WHERE \(base) GROUP BY r.status").all(decoding: Count.self)
            let categories = try await db.raw("""
                SELECT c.code, c.name, x.n FROM (SELECT r.category_id, COUNT(*) AS n FROM reports r WHERE \(base) GROUP BY r.category_id) x
                JOIN report_categories c ON c.id = x.category_id ORDER BY x.n DESC, c.name
                """).all(decoding: CategoryCount.self)
            // Whole days in WIB (UTC+7): integer division on both databases.
            let days = try await db.raw("SELECT (r.occurred_at + 25200) / 86400 AS day, COUNT(*) AS n FROM reports r WHERE \(base) GROUP BY (r.occurred_at + 25200) / 86400")
                .all(decoding: DayCount.self)
            let children = try await db.raw("""
                SELECT SUBSTR(r.region_kode, 1, \(literal: childLength)) AS key, COUNT(*) AS n FROM reports r
                WHERE \(base) AND r.status IN ('verified', 'follow_up', 'resolved') GROUP BY SUBSTR(r.region_kode, 1, \(literal: childLength))
                """).all(decoding: Count.self)
            return (statuses, categories, days, children)
        }
        var severeFilter = ReportFilter()
        severeFilter.severities = [.berat, .kritis]
        severeFilter.statuses = [.submitted, .verified, .followUp, .resolved]
        severeFilter.from = from
        severeFilter.until = until
        severeFilter.pageSize = 8
        let severe = try await reports(scope: scope, viewer: viewer, filter: severeFilter).items
        struct AgencyCount: Decodable { var name: String; var n: Int }
        let overdue = try await database.read { db in
            try await db.raw("""
                SELECT a.name, o.n FROM (
                    SELECT s.agency_id, COUNT(*) AS n FROM reports r JOIN report_assignments s ON s.report_id = r.id
                    WHERE r.status = 'follow_up' AND \(SQLQueryString.reportScope("r.region_kode", scope)) AND s.status <> 'done' AND s.due_at < \(bind: clock.now())
                    GROUP BY s.agency_id) o
                JOIN agencies a ON a.id = o.agency_id ORDER BY o.n DESC, a.name LIMIT 20
                """).all(decoding: AgencyCount.self)
        }
        var byStatus: [ReportStatus: Int] = [:]
        for row in statuses { if let status = ReportStatus(rawValue: row.key) { byStatus[status] = row.n } }
        return Situation(byStatus: byStatus, byCategory: categories.map { ($0.name, $0.code, $0.n) },
                         byDay: Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0.n) }),
                         verifiedByChild: Dictionary(uniqueKeysWithValues: children.map { ($0.key, $0.n) }),
                         severe: severe, overdueByAgency: overdue.map { ($0.name, $0.n) })
    }
}
