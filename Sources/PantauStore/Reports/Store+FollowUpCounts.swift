import PantauCore
import SQLKit

/// The open follow-up counts (`report_follow_up_counts`): per level, region and agency, the
/// assignments not yet done of reports in follow-up. Situasi's late follow-ups per agency are
/// these less the few not yet due, instead of every late assignment of the jurisdiction read one
/// by one. Every write that changes a report's status, region or assignments changes them in its
/// transaction (`shiftFollowUps`); `pantau counts check` and `rebuild` cover them with the daily
/// counts.
extension Store {
    /// The report's open follow-ups, read inside a write (after the report's row is locked, on
    /// PostgreSQL) before it changes them.
    func openFollowUps(_ db: any SQLDatabase, _ reportID: Int) async throws -> [OpenFollowUp] {
        struct Row: Decodable { var region_kode: String; var agency_id: Int }
        return try await db.raw("""
            SELECT r.region_kode, s.agency_id FROM reports r JOIN report_assignments s ON s.report_id = r.id
            WHERE r.id = \(bind: reportID) AND r.status = 'follow_up' AND s.status <> 'done'
            """).all(decoding: Row.self).map { OpenFollowUp(region: $0.region_kode, agencyID: $0.agency_id) }
    }

    /// Moves the report's open follow-ups from `before` to what they are now, in the caller's
    /// transaction.
    func shiftFollowUps(_ db: any SQLDatabase, reportID: Int, before: [OpenFollowUp]) async throws {
        let deltas = FollowUpCounts.deltas(before: before, after: try await openFollowUps(db, reportID))
        guard !deltas.isEmpty else { return }
        let rows = deltas.map { "(\(literal: $0.key.level), \(bind: $0.key.region), \(literal: $0.key.agencyID), \(literal: $0.delta))" as SQLQueryString }
        try await db.raw("""
            INSERT INTO report_follow_up_counts (level, region_kode, agency_id, n) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (level, region_kode, agency_id) DO UPDATE SET n = report_follow_up_counts.n + excluded.n
            """).run()
    }

    /// The recount of every level from the reports and their assignments.
    static var followUpRecountText: String {
        let levels = ([0] + DayCounts.codeLengths).enumerated().map { level, length -> String in
            """
            SELECT \(level) AS level, SUBSTR(r.region_kode, 1, \(length)) AS region_kode, s.agency_id, COUNT(*) AS n
            FROM reports r JOIN report_assignments s ON s.report_id = r.id
            WHERE r.status = 'follow_up' AND s.status <> 'done' AND LENGTH(r.region_kode) >= \(length)
            GROUP BY SUBSTR(r.region_kode, 1, \(length)), s.agency_id
            """
        }
        return levels.joined(separator: "\nUNION ALL\n")
    }

    /// Late follow-ups per agency in `scope`, the most first: its open ones less those not yet
    /// due (read from the assignments, a few weeks' worth).
    func lateFollowUps(scope: RegionCode, limit: Int) async throws -> [(agencyID: Int, agency: String, count: Int)] {
        struct AgencyCount: Decodable { var id: Int; var name: String; var n: Int }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT a.id, a.name, o.n FROM (
                    SELECT c.agency_id, c.n - COALESCE(f.n, 0) AS n FROM report_follow_up_counts c
                    LEFT JOIN (SELECT s.agency_id, COUNT(*) AS n FROM report_assignments s JOIN reports r ON r.id = s.report_id
                               WHERE s.status <> 'done' AND s.due_at >= \(bind: clock.now()) AND r.status = 'follow_up'
                                 AND \(SQLQueryString.reportScope("r.region_kode", scope))
                               GROUP BY s.agency_id) f ON f.agency_id = c.agency_id
                    WHERE c.level = \(literal: scope.level.rawValue) AND c.region_kode = \(bind: scope.isNational ? "" : scope.rawValue) AND c.n > 0) o
                JOIN agencies a ON a.id = o.agency_id WHERE o.n > 0 ORDER BY o.n DESC, a.name LIMIT \(literal: limit)
                """).all(decoding: AgencyCount.self)
        }
        return rows.map { ($0.id, $0.name, $0.n) }
    }
}
