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
    /// Reports per local day (days since 1970 in WIB), days without any left out.
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
    /// but the count per status takes in only the statuses of `basis`. The days are WIB days,
    /// `untilDay` included. The counts come from the daily counts (`report_day_totals`,
    /// `report_day_counts`), never from the reports, so a national year reads a few thousand rows.
    func situation(scope: RegionCode, viewer: Int?, fromDay: Int, untilDay: Int, basis: CountBasis = .counted) async throws -> Situation {
        let level = scope.level.rawValue
        let region = scope.isNational ? "" : scope.rawValue
        let own: SQLQueryString = "level = \(literal: level) AND region_kode = \(bind: region) AND day >= \(literal: fromDay) AND day <= \(literal: untilDay)"
        let counted: SQLQueryString = "status IN (\(binds: basis.statuses.map(\.rawValue)))"
        // The children one level down (a desa is its own child), through the key's code range.
        let childLevel = min(level + 1, RegionLevel.desaKelurahan.rawValue)
        let childRange: SQLQueryString = scope.isNational || childLevel == level ? (childLevel == level ? "region_kode = \(bind: region)" : "1 = 1")
            : "region_kode >= \(bind: region + ".") AND region_kode < \(bind: region + "/")"
        struct Count: Decodable { var key: String; var n: Int }
        struct CategoryCount: Decodable { var code: String; var name: String; var n: Int }
        struct DayCount: Decodable { var day: Int; var n: Int }
        let (statuses, categories, days, children) = try await database.read { db in
            let statuses = try await db.raw("SELECT status AS key, CAST(SUM(n) AS BIGINT) AS n FROM report_day_totals WHERE \(own) GROUP BY status")
                .all(decoding: Count.self)
            let categories = try await db.raw("""
                SELECT c.code, c.name, x.n FROM (SELECT category_id, CAST(SUM(n) AS BIGINT) AS n FROM report_day_counts WHERE \(own) AND \(counted) GROUP BY category_id) x
                JOIN report_categories c ON c.id = x.category_id WHERE x.n > 0 ORDER BY x.n DESC, c.name
                """).all(decoding: CategoryCount.self)
            let days = try await db.raw("SELECT day, CAST(SUM(n) AS BIGINT) AS n FROM report_day_totals WHERE \(own) AND \(counted) GROUP BY day")
                .all(decoding: DayCount.self)
            let children = try await db.raw("""
                SELECT region_kode AS key, CAST(SUM(n) AS BIGINT) AS n FROM report_day_totals
                WHERE level = \(literal: childLevel) AND \(childRange) AND day >= \(literal: fromDay) AND day <= \(literal: untilDay) AND \(counted)
                GROUP BY region_kode
                """).all(decoding: Count.self)
            return (statuses.filter { $0.n > 0 }, categories, days.filter { $0.n > 0 }, children.filter { $0.n > 0 })
        }
        let from = DayCounts.start(ofDay: fromDay), until = DayCounts.start(ofDay: untilDay + 1)
        var severeFilter = ReportFilter()
        severeFilter.severities = [.berat, .kritis]
        severeFilter.basis = basis
        severeFilter.from = from
        severeFilter.until = until
        severeFilter.pageSize = 8
        let severe = try await reports(scope: scope, viewer: viewer, filter: severeFilter).items
        let overdue = try await lateFollowUps(scope: scope, limit: 20)
        var byStatus: [ReportStatus: Int] = [:]
        for row in statuses { if let status = ReportStatus(rawValue: row.key) { byStatus[status] = row.n } }
        return Situation(basis: basis, byStatus: byStatus, byCategory: categories.map { ($0.name, $0.code, $0.n) },
                         byDay: Dictionary(uniqueKeysWithValues: days.map { ($0.day, $0.n) }),
                         byChild: Dictionary(uniqueKeysWithValues: children.map { ($0.key, $0.n) }),
                         severe: severe, overdueByAgency: overdue)
    }
}
