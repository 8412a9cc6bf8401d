import PantauCore
import SQLKit

/// The daily counts (`report_day_counts`): per level, region, WIB day, category, severity and
/// status, the number of reports past their draft that are not duplicates; `report_day_totals`
/// holds the same per level, region, day and status. Every write that
/// changes a report changes them in its transaction (`shiftDayCounts`), so they always equal a
/// recount; `pantau counts check` and `pantau counts rebuild` prove it, for these and for the open
/// follow-up counts (Store+FollowUpCounts).
extension Store {
    /// The report's counted facts, read inside a write before it changes the report. On
    /// PostgreSQL the row is locked, so two writers of one report take turns and each sees what
    /// the other wrote (SQLite has one writer).
    func countedReport(_ db: any SQLDatabase, _ id: Int) async throws -> CountedReport? {
        struct Row: Decodable { var region_kode: String; var occurred_at: Int; var category_id: Int; var severity: String; var status: String; var duplicate_of: Int? }
        let lock: SQLQueryString = database.kind == .postgres ? " FOR UPDATE" : ""
        let row = try await db.raw("SELECT region_kode, occurred_at, category_id, severity, status, duplicate_of FROM reports WHERE id = \(bind: id)\(lock)")
            .first(decoding: Row.self)
        return row.map { CountedReport(region: $0.region_kode, occurredAt: $0.occurred_at, categoryID: $0.category_id, severity: $0.severity,
                                       status: $0.status, isDuplicate: $0.duplicate_of != nil) }
    }

    /// Moves the report's counts from what it was (`before`, nil for a new report) to what it is
    /// now, in the caller's transaction.
    func shiftDayCounts(_ db: any SQLDatabase, reportID: Int, before: CountedReport?) async throws {
        let after = try await countedReport(db, reportID)
        let deltas = DayCounts.deltas(before: before, after: after)
        guard !deltas.isEmpty else { return }
        let rows = deltas.map { change -> SQLQueryString in
            let key = change.key
            return "(\(literal: key.level), \(bind: key.region), \(literal: key.day), \(literal: key.categoryID), \(bind: key.severity), \(bind: key.status), \(literal: change.delta))"
        }
        try await db.raw("""
            INSERT INTO report_day_counts (level, region_kode, day, category_id, severity, status, n) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (level, region_kode, day, category_id, severity, status) DO UPDATE SET n = report_day_counts.n + excluded.n
            """).run()
        // The kab/kota days that changed (or the report's own region above kab/kota), for the
        // detectors' next pass.
        let top = min(2, deltas.map(\.key.level).max() ?? 0)
        let changed = Set(deltas.filter { $0.key.level == top }.map { ChangedDay(region: $0.key.region, day: $0.key.day) })
        let changeRows = changed.sorted { ($0.region, $0.day) < ($1.region, $1.day) }.map { "(\(bind: $0.region), \(literal: $0.day))" as SQLQueryString }
        try await db.raw("INSERT INTO report_day_changes (region_kode, day) VALUES \(changeRows.joined(separator: ", ")) ON CONFLICT (region_kode, day) DO NOTHING").run()
        let totals = DayCounts.totals(deltas)
        guard !totals.isEmpty else { return }
        let totalRows = totals.map { change -> SQLQueryString in
            let key = change.key
            return "(\(literal: key.level), \(bind: key.region), \(literal: key.day), \(bind: key.status), \(literal: change.delta))"
        }
        try await db.raw("""
            INSERT INTO report_day_totals (level, region_kode, day, status, n) VALUES \(totalRows.joined(separator: ", "))
            ON CONFLICT (level, region_kode, day, status) DO UPDATE SET n = report_day_totals.n + excluded.n
            """).run()
    }

    struct ChangedDay: Hashable { var region: String; var day: Int }

    /// The recount of every level from the reports, as rows of `report_day_counts`.
    static var dayCountRecount: SQLQueryString { SQLQueryString(dayCountRecountText) }

    static var dayCountRecountText: String {
        let levels = ([0] + DayCounts.codeLengths).enumerated().map { level, length -> String in
            """
            SELECT \(level) AS level, SUBSTR(region_kode, 1, \(length)) AS region_kode, (occurred_at + \(DayCounts.offsetSeconds)) / 86400 AS day,
                   category_id, severity, status, COUNT(*) AS n
            FROM reports WHERE status <> 'draft' AND duplicate_of IS NULL AND LENGTH(region_kode) >= \(length)
            GROUP BY SUBSTR(region_kode, 1, \(length)), (occurred_at + \(DayCounts.offsetSeconds)) / 86400, category_id, severity, status
            """
        }
        return levels.joined(separator: "\nUNION ALL\n")
    }

    static var dayTotalRecountText: String {
        "SELECT level, region_kode, day, status, SUM(n) AS n FROM (\(dayCountRecountText)) c GROUP BY level, region_kode, day, status"
    }

    /// How many rows of the daily counts and totals differ from a recount (a row missing on either side or
    /// with another count; rows at 0 count as missing).
    func dayCountDifferences(_ db: any SQLDatabase) async throws -> Int {
        let stored: SQLQueryString = "SELECT level, region_kode, day, category_id, severity, status, n FROM report_day_counts WHERE n <> 0"
        let recount: SQLQueryString = "SELECT level, region_kode, day, category_id, severity, status, n FROM (\(Self.dayCountRecount)) r"
        let extra = try await db.raw("SELECT COUNT(*) AS n FROM (\(stored) EXCEPT \(recount)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        let missing = try await db.raw("SELECT COUNT(*) AS n FROM (\(recount) EXCEPT \(stored)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        let totals: SQLQueryString = "SELECT level, region_kode, day, status, n FROM report_day_totals WHERE n <> 0"
        let totalRecount = SQLQueryString("SELECT level, region_kode, day, status, CAST(n AS BIGINT) AS n FROM (\(Self.dayTotalRecountText)) t")
        let extraTotals = try await db.raw("SELECT COUNT(*) AS n FROM (\(totals) EXCEPT \(totalRecount)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        let missingTotals = try await db.raw("SELECT COUNT(*) AS n FROM (\(totalRecount) EXCEPT \(totals)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        let followUps: SQLQueryString = "SELECT level, region_kode, agency_id, n FROM report_follow_up_counts WHERE n <> 0"
        let followUpRecount = SQLQueryString("SELECT level, region_kode, agency_id, CAST(n AS BIGINT) AS n FROM (\(Self.followUpRecountText)) f")
        let extraFollowUps = try await db.raw("SELECT COUNT(*) AS n FROM (\(followUps) EXCEPT \(followUpRecount)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        let missingFollowUps = try await db.raw("SELECT COUNT(*) AS n FROM (\(followUpRecount) EXCEPT \(followUps)) x").first(decodingColumn: "n", as: Int.self) ?? 0
        return extra + missing + extraTotals + missingTotals + extraFollowUps + missingFollowUps
    }

    /// Compares the daily counts with a recount and, unless `checkOnly`, replaces them with it, in
    /// one transaction. On PostgreSQL report writes wait for it, so none falls between.
    public func rebuildDayCounts(checkOnly: Bool) async throws -> (rows: Int, differences: Int) {
        try await database.write { db in
            if database.kind == .postgres { try await db.raw("LOCK TABLE reports IN SHARE MODE").run() }
            let differences = try await dayCountDifferences(db)
            if !checkOnly {
                try await db.raw("DELETE FROM report_day_counts").run()
                try await db.raw("DELETE FROM report_day_totals").run()
                try await db.raw("INSERT INTO report_day_counts (level, region_kode, day, category_id, severity, status, n) \(Self.dayCountRecount)").run()
                try await db.raw("INSERT INTO report_day_totals (level, region_kode, day, status, n) \(SQLQueryString(Self.dayTotalRecountText))").run()
                try await db.raw("DELETE FROM report_follow_up_counts").run()
                try await db.raw("INSERT INTO report_follow_up_counts (level, region_kode, agency_id, n) \(SQLQueryString(Self.followUpRecountText))").run()
            }
            let rows = try await db.raw("SELECT COUNT(*) AS n FROM report_day_counts WHERE n <> 0").first(decodingColumn: "n", as: Int.self) ?? 0
            return (rows, differences)
        }
    }
}
