import Foundation
import PantauCore
import SQLKit

/// An early-warning alert: the episode of one rule in one area, what it counted, and how it is
/// being handled.
public struct Alert: Sendable, Identifiable {
    public var id: Int
    public var ruleID: Int
    public var ruleVersion: Int
    public var ruleName: String
    public var region: RegionCode
    public var categoryCode: String?
    public var firstDay: Int
    public var lastDay: Int
    public var observed: Int
    public var expected: Double
    public var sd: Double
    public var statistic: Double
    public var threshold: Double
    /// The daily counts of the rule's window that raised it, oldest first.
    public var counts: [(day: Int, count: Int)]
    /// The rule's parameters when it raised the alert.
    public var parameters: DetectionRule?
    public var status: AlertStatus
    public var note: String?
    public var agencyID: Int?
    public var createdAt: Int
    public var updatedAt: Int
}

struct AlertRow: Decodable, StoredRow {
    var id: Int
    var rule_id: Int
    var rule_version: Int
    var rule_name: String
    var region_kode: String
    var category_code: String?
    var first_day: Int
    var last_day: Int
    var observed: Int
    var expected: Double
    var sd: Double
    var statistic: Double
    var threshold: Double
    var counts: String
    var parameters: String
    var status: String
    var note: String?
    var agency_id: Int?
    var created_at: Int
    var updated_at: Int
    var rowID: Int { id }

    static let columns = """
        a.id, a.rule_id, a.rule_version, r.name AS rule_name, a.region_kode, a.category_code, a.first_day, a.last_day, a.observed, a.expected, a.sd,
        a.statistic, a.threshold, a.counts, a.parameters, a.status, a.note, a.agency_id, a.created_at, a.updated_at
        """

    var record: Alert? {
        guard let status = AlertStatus(rawValue: status), let region = RegionCode(region_kode),
              let series = try? JSONDecoder().decode([String: Int].self, from: Data(counts.utf8)) else { return nil }
        let days = series.compactMap { key, value in Int(key).map { (day: $0, count: value) } }.sorted { $0.day < $1.day }
        return Alert(id: id, ruleID: rule_id, ruleVersion: rule_version, ruleName: rule_name, region: region, categoryCode: category_code,
                     firstDay: first_day, lastDay: last_day, observed: observed, expected: expected, sd: sd, statistic: statistic, threshold: threshold,
                     counts: days, parameters: try? JSONDecoder().decode(DetectionRule.self, from: Data(parameters.utf8)),
                     status: status, note: note, agencyID: agency_id, createdAt: created_at, updatedAt: updated_at)
    }
}

/// Which alerts a list shows.
public struct AlertFilter: Sendable {
    public var statuses: [AlertStatus] = []
    public var region: RegionCode?
    public var agencyID: Int?
    public var page = 1
    public var pageSize = 50
    public init() {}
}

extension Store {
    /// The alerts of areas in `scope`, newest first.
    func alerts(scope: RegionCode, filter: AlertFilter) async throws -> Page<Alert> {
        var conditions: [SQLQueryString] = [.within("a.region_kode", filter.region.map { $0.isWithin(scope) ? $0 : scope } ?? scope)]
        if !filter.statuses.isEmpty { conditions.append("a.status IN (\(binds: filter.statuses.map(\.rawValue)))") }
        if let agency = filter.agencyID { conditions.append("a.agency_id = \(bind: agency)") }
        let offset = (filter.page - 1) * filter.pageSize
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: AlertRow.columns) FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
                WHERE \(whereClause) ORDER BY a.created_at DESC, a.id DESC LIMIT \(literal: filter.pageSize + 1) OFFSET \(literal: offset)
                """).all(decoding: AlertRow.self)
        }
        let items = known(rows.prefix(filter.pageSize), table: "alerts")
        return Page(items: items, page: filter.page, pageSize: filter.pageSize, hasNext: rows.count > filter.pageSize)
    }

    func alert(_ id: Int, scope: RegionCode) async throws -> Alert? {
        let row = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: AlertRow.columns) FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
                WHERE a.id = \(bind: id) AND \(SQLQueryString.within("a.region_kode", scope))
                """).first(decoding: AlertRow.self)
        }
        return known(row, table: "alerts")
    }

    /// Open alerts of `scope`: what the inbox counts.
    func openAlertCount(scope: RegionCode) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM alerts a WHERE a.status IN ('baru', 'ditangani') AND \(SQLQueryString.within("a.region_kode", scope))")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    /// Moves an alert on (AlertWorkflow), with its note and the agency that follows it up, in one
    /// transaction with its audit line. `updatedAt` is what the handler saw.
    func handleAlert(_ id: Int, to target: AlertStatus, note: String?, agencyID: Int?, updatedAt: Int, scope: RegionCode, actor: Actor) async throws -> Alert {
        guard let alert = try await alert(id, scope: scope) else { throw NotFound("peringatan") }
        let cleanNote = note?.trimmingWhitespace().prefix(5000).description
        if target != alert.status, let refusal = AlertWorkflow.check(from: alert.status, to: target, note: cleanNote) {
            throw ValidationFailure(cleanNote?.isEmpty ?? true ? "catatan" : "status", refusal)
        }
        if let agencyID { try await requireAlertAgency(agencyID, scope: scope) }
        let now = max(clock.now(), alert.updatedAt + 1)
        try await database.write { db in
            let changed = try await db.raw("""
                UPDATE alerts SET status = \(bind: target.rawValue), note = \(bind: cleanNote?.isEmpty == false ? cleanNote : alert.note), agency_id = \(bind: agencyID),
                    updated_at = \(bind: now)
                WHERE id = \(bind: id) AND updated_at = \(bind: updatedAt)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
            guard changed != nil else { throw Conflict("Peringatan ini baru saja diubah orang lain. Muat ulang halaman.") }
            var changes = ChangeSet()
            changes.record("status", alert.status.rawValue, target.rawValue)
            changes.record("instansi", alert.agencyID.map(String.init) ?? "", agencyID.map(String.init) ?? "")
            try await audit(db, actor: actor, action: "handle", entity: .alert, entityID: String(id), region: alert.region,
                            summary: "Peringatan #\(id): \(alert.status.label) → \(target.label)" + (cleanNote.map { ": \($0.prefix(120))" } ?? ""), changes: changes)
        }
        return try await self.alert(id, scope: scope)!
    }
}
