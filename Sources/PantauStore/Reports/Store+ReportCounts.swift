import Foundation
import PantauCore
import SQLKit

extension Store {
    /// How many reports of `scope` match the filter, counted up to `cap`: a badge or a card that
    /// says "99+" needs no more, and the count stays cheap for a national scope.
    func countReports(scope: RegionCode, viewer: Int?, filter: ReportFilter, cap: Int) async throws -> Int {
        let whereClause = reportConditions(scope: scope, viewer: viewer, filter: filter).joined(separator: " AND ")
        return try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM (SELECT 1 FROM reports r WHERE \(whereClause) LIMIT \(literal: max(cap, 1))) t")
                .first(decodingColumn: "n", as: Int.self)
        } ?? 0
    }

    /// The note of the last rejection of each of the given reports of `scope`, in one query.
    func rejectionNotes(scope: RegionCode, ids: [Int]) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var report_id: Int; var note: String? }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT e.report_id, e.note FROM report_events e JOIN reports r ON r.id = e.report_id
                WHERE e.report_id IN (\(binds: ids)) AND e.action = 'reject' AND \(SQLQueryString.reportScope("r.region_kode", scope))
                ORDER BY e.at, e.id
                """).all(decoding: Row.self)
        }
        var notes: [Int: String] = [:]
        for row in rows { if let note = row.note, !note.isEmpty { notes[row.report_id] = note } }
        return notes
    }
}

extension ReportRepository {
    /// How many of the scope's reports match, up to `cap`.
    public func count(_ filter: ReportFilter, cap: Int = 1000) async throws -> Int {
        try await store.countReports(scope: scope.region, viewer: scope.viewer, filter: filter, cap: cap)
    }

    /// Why each of these reports of the scope was last rejected (reports never rejected are absent).
    public func rejectionNotes(of ids: [Int]) async throws -> [Int: String] {
        try await store.rejectionNotes(scope: scope.region, ids: ids)
    }
}
