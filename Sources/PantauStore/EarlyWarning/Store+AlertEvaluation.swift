import Foundation
import PantauCore
import SQLKit

/// What one pass of the detectors did.
public struct EvaluationResult: Sendable, Equatable {
    /// Rules evaluated and areas tested (an area is tested once per rule and day).
    public var rules = 0
    public var areas = 0
    /// Alerts raised by this pass, and alerts it found already raised and only extended.
    public var raised = 0
    public var extended = 0
    /// Changed kab/kota days taken from `report_day_changes`.
    public var changes = 0
}

extension Store {
    /// An episode longer than this is raised again (Episode.firstDay).
    static let episodeLookback = 30
    /// Changes to days older than this raise no alert: a late report about an old event is a
    /// record, not a warning.
    static let staleDays = 14

    /// Evaluates every active rule over every area of its jurisdiction for `today` and the day
    /// before (a report filed late still raises the day's alert). Idempotent: the same counts
    /// raise nothing new, on this instance or another.
    public func evaluateAlerts(today: Int) async throws -> EvaluationResult {
        var result = EvaluationResult()
        for rule in try await alertRules(scope: .national, activeOnly: true) {
            let days = (today - 1)...today
            try await evaluate(rule, areaFilter: SQLQueryString.dayCountArea(rule.region, level: rule.rule.level), wholeCountry: rule.region.isNational,
                               days: days, into: &result)
        }
        return result
    }

    /// Takes the kab/kota days that changed since the last pass and evaluates the rules that
    /// cover them, on the days a change there can make fire. This is what runs after a report
    /// changes; it reads only the counts of the changed kab/kota.
    public func evaluateChangedAlerts(today: Int, limit: Int = 500) async throws -> EvaluationResult {
        struct Change: Decodable { var region_kode: String; var day: Int }
        // Taken and removed in one statement: on PostgreSQL a second instance taking changes at
        // the same moment skips the rows this one removed, so each change is evaluated once.
        let changes = try await database.write { db in
            try await db.raw("""
                DELETE FROM report_day_changes WHERE (region_kode, day) IN (
                    SELECT region_kode, day FROM report_day_changes ORDER BY day, region_kode LIMIT \(literal: limit))
                RETURNING region_kode, day
                """).all(decoding: Change.self).sorted { ($0.day, $0.region_kode) < ($1.day, $1.region_kode) }
        }
        var result = EvaluationResult(changes: changes.count)
        guard !changes.isEmpty else { return result }
        let rules = try await alertRules(scope: .national, activeOnly: true)
        for change in changes where change.day > today - Self.staleDays && change.day <= today {
            guard let changed = RegionCode(change.region_kode) else { continue }
            for rule in rules where changed.isWithin(rule.region) || rule.region.isWithin(changed) {
                // The areas of the rule's level that hold the change: below a kab/kota, its
                // kecamatan or desa; above it, the one area holding it.
                let area: SQLQueryString
                if rule.rule.level.rawValue > changed.level.rawValue {
                    area = SQLQueryString.dayCountArea(changed.isWithin(rule.region) ? changed : rule.region, level: rule.rule.level)
                } else {
                    guard let holder = DailySeries.areaCode(of: changed.rawValue, at: rule.rule.level) else { continue }
                    area = "region_kode = \(bind: holder)"
                }
                try await evaluate(rule, areaFilter: area, days: change.day...min(today, change.day + rule.rule.reachDays), into: &result)
            }
        }
        return result
    }

    /// Reads the counts one rule needs for `days` in the areas `areaFilter` picks at the rule's
    /// level (`wholeCountry` when it picks every area), and raises or extends an alert for each
    /// area and day that fires.
    func evaluate(_ stored: AlertRule, areaFilter: SQLQueryString, wholeCountry: Bool = false, days: ClosedRange<Int>, into result: inout EvaluationResult) async throws {
        let rule = stored.rule
        result.rules += 1
        let read = rule.countDays(evaluating: (days.lowerBound - Self.episodeLookback)...days.upperBound)
        // Inside one region the primary key's code range is the way in, for the whole country the
        // (level, day) index. The planner's statistics do not tell them apart reliably (on the
        // 1 M-report benchmark it took the day index for one kab/kota's kecamatan: 15 ms instead
        // of 2), so inside a region `+day` keeps the day terms off the index (SQLite's rule;
        // PostgreSQL reads `+day` as the same number).
        let dayColumn: SQLQueryString = wholeCountry ? "day" : "+day"
        var conditions: [SQLQueryString] = [
            "level = \(literal: rule.level.rawValue)", areaFilter,
            "\(dayColumn) >= \(literal: read.lowerBound)", "\(dayColumn) <= \(literal: read.upperBound)",
            "status IN (\(binds: DetectionRule.countedStatuses.map(\.rawValue).sorted()))",
        ]
        if let code = rule.categoryCode { conditions.append("category_id = (SELECT id FROM report_categories WHERE code = \(bind: code))") }
        if let minimum = rule.minimumSeverity {
            conditions.append("severity IN (\(binds: Severity.allCases.filter { $0 >= minimum }.map(\.rawValue)))")
        }
        struct Row: Decodable { var region_kode: String; var day: Int; var n: Int }
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT region_kode, day, CAST(SUM(n) AS BIGINT) AS n FROM report_day_counts WHERE \(whereClause)
                GROUP BY region_kode, day
                """).all(decoding: Row.self)
        }
        let series = DailySeries.byArea(rows.map { DailyCount(regionCode: $0.region_kode, day: $0.day, count: $0.n) }, level: rule.level, days: read)
        // The episodes this rule version already raised that may still grow: a firing day they
        // already cover needs no write at all.
        struct Known: Decodable { var dedup_key: String; var last_day: Int }
        let known = try await database.read { db in
            try await db.raw("""
                SELECT dedup_key, last_day FROM alerts WHERE rule_id = \(bind: stored.id) AND rule_version = \(bind: stored.version)
                AND last_day >= \(literal: days.lowerBound - Self.episodeLookback - 1) AND \(areaFilter)
                """).all(decoding: Known.self)
        }
        let raisedUntil = Dictionary(known.map { ($0.dedup_key, $0.last_day) }, uniquingKeysWith: max)
        for (area, counts) in series.sorted(by: { $0.key < $1.key }) {
            result.areas += 1
            for day in days {
                guard let signal = Detector.evaluate(rule, series: counts, day: day),
                      let first = Episode.firstDay(of: rule, series: counts, day: day, maxLookbackDays: Self.episodeLookback),
                      let region = RegionCode(area) else { continue }
                let key = Episode.alertKey(ruleID: stored.id, ruleVersion: stored.version, area: area, category: rule.categoryCode, firstDay: first)
                if let until = raisedUntil[key], until >= day { continue }
                let window = max(first - rule.lookbackDays, counts.firstDay)...day
                switch try await raise(stored, key: key, area: region, firstDay: first, signal: signal, counts: counts, window: window) {
                case .raised: result.raised += 1
                case .extended: result.extended += 1
                case .known: break
                }
            }
        }
    }

    enum Raised { case raised, extended, known }

    /// Records one firing day: a new alert for a new episode (with its audit line and webhook),
    /// else the episode's alert grows to this day. The dedup key (`Episode.alertKey`, worked out
    /// once by the caller) makes a second writer of the
    /// same episode find the first one's alert.
    func raise(_ stored: AlertRule, key: String, area: RegionCode, firstDay: Int, signal: Signal, counts: DailySeries, window: ClosedRange<Int>) async throws -> Raised {
        let series = window.map { "\"\($0)\":\(counts.count(on: $0))" }.joined(separator: ",")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parameters = String(decoding: try encoder.encode(stored.rule), as: UTF8.self)
        let now = clock.now()
        return try await database.write { db -> Raised in
            let id = try await db.raw("""
                INSERT INTO alerts (rule_id, rule_version, dedup_key, region_kode, category_code, first_day, last_day, observed, expected, sd, statistic, threshold,
                                    counts, parameters, status, agency_id, created_at, updated_at)
                VALUES (\(bind: stored.id), \(bind: stored.version), \(bind: key), \(bind: area.rawValue), \(bind: stored.rule.categoryCode), \(bind: firstDay), \(bind: signal.day),
                        \(bind: signal.observed), \(bind: signal.expected), \(bind: signal.sd), \(bind: signal.statistic), \(bind: signal.threshold),
                        \(bind: "{\(series)}"), \(bind: parameters), 'baru', \(bind: stored.agencyID), \(bind: now), \(bind: now))
                ON CONFLICT (dedup_key) DO NOTHING
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
            if let id {
                try await audit(db, actor: Actor(userID: nil, name: "deteksi dini"), action: "raise", entity: .alert, entityID: String(id), region: area,
                                summary: "Peringatan #\(id): \(stored.rule.name.prefix(80)) di \(area) (\(signal.observed) laporan, ambang \(String(format: "%.1f", signal.threshold)))")
                try await enqueueWebhook(db, event: "alert.raised", reportID: nil, payload: [
                    "event": "alert.raised", "id": String(id), "aturan": stored.rule.name, "kode_wilayah": area.rawValue,
                    "hari_pertama": LocalDate(dayNumber: firstDay).description, "jumlah": String(signal.observed), "waktu": String(now),
                ])
                return .raised
            }
            let grown = try await db.raw("""
                UPDATE alerts SET last_day = \(bind: signal.day), observed = \(bind: signal.observed), expected = \(bind: signal.expected), sd = \(bind: signal.sd),
                    statistic = \(bind: signal.statistic), threshold = \(bind: signal.threshold), counts = \(bind: "{\(series)}"), updated_at = \(bind: now)
                WHERE dedup_key = \(bind: key) AND last_day < \(bind: signal.day)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
            return grown == nil ? .known : .extended
        }
    }
}

extension SQLQueryString {
    /// The daily-count rows at `level` inside `region` (the key column is a code cut to its
    /// level): the region itself at its own level, else the code range below it, so the primary
    /// key's range is used rather than a scan of the level.
    static func dayCountArea(_ region: RegionCode, level: RegionLevel) -> SQLQueryString {
        if region.isNational { return "1 = 1" }
        if level.rawValue <= region.level.rawValue { return "region_kode = \(bind: region.rawValue)" }
        return "region_kode >= \(bind: region.rawValue + ".") AND region_kode < \(bind: region.rawValue + "/")"
    }
}
