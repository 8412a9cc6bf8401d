import Foundation
import PantauCore
import SQLKit

/// A detection rule as stored: the rule, the jurisdiction it belongs to, its version and state.
public struct AlertRule: Sendable, Identifiable {
    public var id: Int
    public var region: RegionCode
    public var rule: DetectionRule
    public var agencyID: Int?
    public var active: Bool
    public var version: Int
    public var updatedAt: Int
}

struct AlertRuleRow: Decodable, StoredRow {
    var rowID: Int { id }
    var id: Int
    var region_kode: String
    var name: String
    var kind: String
    var category_code: String?
    var min_severity: String?
    var level: Int
    var window_days: Int
    var min_count: Int
    var k: Double
    var min_sigma: Double
    var baseline_days: Int
    var agency_id: Int?
    var active: Int
    var version: Int
    var updated_at: Int

    static let columns = "id, region_kode, name, kind, category_code, min_severity, level, window_days, min_count, k, min_sigma, baseline_days, agency_id, active, version, updated_at"

    var record: AlertRule? {
        guard let kind = DetectorKind(rawValue: kind), let level = RegionLevel(rawValue: level), let region = RegionCode(region_kode) else { return nil }
        let rule = DetectionRule(name: name, kind: kind, categoryCode: category_code, minimumSeverity: min_severity.flatMap(Severity.init(rawValue:)),
                                 level: level, windowDays: window_days, minimumCount: min_count, k: k, minSigma: min_sigma, baselineDays: baseline_days)
        return AlertRule(id: id, region: region, rule: rule, agencyID: agency_id, active: active == 1, version: version, updatedAt: updated_at)
    }
}

extension Store {
    /// The rules that test areas of `scope`: its own, those of the jurisdictions above it (a
    /// province's rule covers its kota), and those of the jurisdictions inside it.
    func alertRules(scope: RegionCode, activeOnly: Bool = false) async throws -> [AlertRule] {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: AlertRuleRow.columns) FROM alert_rules
                WHERE \(SQLQueryString.coveringOrWithin("region_kode", scope))\(unsafeRaw: activeOnly ? " AND active = 1" : "")
                ORDER BY region_kode, id
                """).all(decoding: AlertRuleRow.self)
        }
        return known(rows, table: "alert_rules")
    }

    func alertRule(_ id: Int, scope: RegionCode) async throws -> AlertRule? {
        try await alertRules(scope: scope).first { $0.id == id }
    }

    /// Checks a rule against the vocabulary and the owner's level: a rule tests areas at its
    /// owner's level or below.
    func checkRule(_ rule: DetectionRule, owner: RegionCode) async throws {
        var problems = rule.validate()
        if let code = rule.categoryCode, try await reportCategories().first(where: { $0.code == code }) == nil {
            problems.append(FieldError("kategori", "Kategori \"\(code.prefix(40))\" tidak dikenal."))
        }
        if rule.level.rawValue < max(owner.level.rawValue, 1) {
            problems.append(FieldError("tingkat_wilayah", "Aturan wilayah ini menguji tingkat \(owner.level.label) atau di bawahnya."))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }

    /// Adds a rule owned by `owner` (the caller's jurisdiction).
    func createAlertRule(_ rule: DetectionRule, owner: RegionCode, agencyID: Int?, actor: Actor) async throws -> AlertRule {
        try await checkRule(rule, owner: owner)
        if let agencyID { try await requireAlertAgency(agencyID, scope: owner) }
        let id = try await database.write { db in try await insertAlertRule(db, rule, owner: owner, agencyID: agencyID, actor: actor) }
        return try await alertRule(id, scope: owner)!
    }

    /// The insert of `createAlertRule`, inside the caller's transaction.
    func insertAlertRule(_ db: any SQLDatabase, _ rule: DetectionRule, owner: RegionCode, agencyID: Int?, actor: Actor) async throws -> Int {
        let now = clock.now()
        let id = try await db.raw("""
            INSERT INTO alert_rules (region_kode, name, kind, category_code, min_severity, level, window_days, min_count, k, min_sigma, baseline_days,
                                     agency_id, active, version, created_at, updated_at)
            VALUES (\(bind: owner.rawValue), \(bind: rule.name), \(bind: rule.kind.rawValue), \(bind: rule.categoryCode), \(bind: rule.minimumSeverity?.rawValue),
                    \(bind: rule.level.rawValue), \(bind: rule.windowDays), \(bind: rule.minimumCount), \(bind: rule.k), \(bind: rule.minSigma), \(bind: rule.baselineDays),
                    \(bind: agencyID), 1, 1, \(bind: now), \(bind: now))
            RETURNING id
            """).first(decodingColumn: "id", as: Int.self)!
        try await audit(db, actor: actor, action: "create", entity: .alertRule, entityID: String(id), region: owner,
                        summary: "Aturan peringatan dini \"\(rule.name.prefix(80))\" dibuat (\(rule.kind.label))")
        return id
    }

    /// Changes a rule of the caller's own jurisdiction; the version goes up by one, so alerts
    /// already raised keep saying which version raised them. `version` is the one the editor saw.
    func updateAlertRule(_ id: Int, rule: DetectionRule, agencyID: Int?, active: Bool, version: Int, owner: RegionCode, actor: Actor) async throws -> AlertRule {
        guard let current = try await alertRule(id, scope: owner) else { throw NotFound("aturan") }
        guard current.region == owner else {
            throw WorkflowRefused(message: "Aturan ini milik \(current.region.isNational ? "tingkat nasional" : "wilayah \(current.region)"); hanya wilayah itu yang dapat mengubahnya.",
                                  forbidden: true)
        }
        try await checkRule(rule, owner: owner)
        if let agencyID { try await requireAlertAgency(agencyID, scope: owner) }
        let now = max(clock.now(), current.updatedAt + 1)
        try await database.write { db in
            let changed = try await db.raw("""
                UPDATE alert_rules SET name = \(bind: rule.name), kind = \(bind: rule.kind.rawValue), category_code = \(bind: rule.categoryCode),
                    min_severity = \(bind: rule.minimumSeverity?.rawValue), level = \(bind: rule.level.rawValue), window_days = \(bind: rule.windowDays),
                    min_count = \(bind: rule.minimumCount), k = \(bind: rule.k), min_sigma = \(bind: rule.minSigma), baseline_days = \(bind: rule.baselineDays),
                    agency_id = \(bind: agencyID), active = \(bind: active ? 1 : 0), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id) AND version = \(bind: version)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
            guard changed != nil else { throw Conflict("Aturan ini baru saja diubah orang lain. Muat ulang halaman.") }
            var changes = ChangeSet()
            changes.record("versi", String(version), String(version + 1))
            changes.record("aktif", current.active ? "ya" : "tidak", active ? "ya" : "tidak")
            try await audit(db, actor: actor, action: "update", entity: .alertRule, entityID: String(id), region: owner,
                            summary: "Aturan peringatan dini \"\(rule.name.prefix(80))\" diubah (versi \(version + 1))", changes: changes)
        }
        return try await alertRule(id, scope: owner)!
    }

    func requireAlertAgency(_ id: Int, scope: RegionCode) async throws {
        guard let agency = try await agency(id, scope: scope), agency.active else {
            throw ValidationFailure("instansi", "Instansi tidak dikenal, tidak aktif, atau di luar wilayah kewenangan Anda.")
        }
    }

    /// The default rules (`DetectionRule.defaults`) for the installation's jurisdiction, once, even
    /// when several instances start together (the first-start lock).
    public func seedAlertRulesIfEmpty(jurisdiction: RegionCode) async throws -> Int {
        let existing = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM alert_rules").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard existing == 0 else { return 0 }
        let categories = Set(try await reportCategories().map(\.code))
        var fitted: [DetectionRule] = []
        for rule in DetectionRule.defaults where rule.categoryCode.map(categories.contains) ?? true {
            var rule = rule
            rule.level = RegionLevel(rawValue: max(rule.level.rawValue, jurisdiction.level.rawValue, 1))!
            try await checkRule(rule, owner: jurisdiction)
            fitted.append(rule)
        }
        let rules = fitted
        return try await database.write { db in
            try await lockForFirstStart(db)
            guard try await db.raw("SELECT COUNT(*) AS n FROM alert_rules").first(decodingColumn: "n", as: Int.self) == 0 else { return 0 }
            for rule in rules { _ = try await insertAlertRule(db, rule, owner: jurisdiction, agencyID: nil, actor: Actor(userID: nil, name: "sistem")) }
            return rules.count
        }
    }
}
