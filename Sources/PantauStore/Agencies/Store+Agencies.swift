import Foundation
import PantauCore
import SQLKit

public struct Agency: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var type: AgencyType
    public var regionKode: RegionCode
    public var phone: String?
    public var email: String?
    public var active: Bool
    public var createdAt: Int
    public var updatedAt: Int
}

/// What an administrator fills in for an agency.
public struct AgencyInput: Sendable, Equatable {
    public var name: String
    public var type: AgencyType
    public var region: RegionCode
    public var phone: String?
    public var email: String?
    public var active: Bool

    public init(name: String, type: AgencyType, region: RegionCode, phone: String? = nil, email: String? = nil, active: Bool = true) {
        self.name = name
        self.type = type
        self.region = region
        self.phone = phone
        self.email = email
        self.active = active
    }

    /// Checks a form's raw values; every mistake is reported at once.
    /// `kinds` are the codes of the kinds still offered (`Store.agencyKinds`).
    public static func validate(name: String?, type: String?, region: String?, phone: String?, email: String?, active: Bool,
                                kinds: Set<String>) throws(ValidationFailure) -> AgencyInput {
        var validator = Validator()
        let name = validator.requiredText(name, "name", label: "Nama instansi", maxLength: 160)
        let agencyType = AgencyType(code: type ?? "").flatMap { kinds.contains($0.rawValue) ? $0 : nil }
        validator.check(agencyType != nil, "type", "Pilih jenis instansi.")
        let code = validator.regionCode(region, "region")
        let phone = validator.optionalText(phone, "phone", label: "Telepon", maxLength: 40)
        let email = validator.optionalText(email, "email", label: "Surel", maxLength: 160)
        if let email { validator.check(email.contains("@") && !email.contains(" "), "email", "Alamat surel tidak valid.") }
        try validator.finish()
        return AgencyInput(name: name, type: agencyType!, region: code!, phone: phone, email: email, active: active)
    }
}

private struct AgencyRow: Decodable {
    var id: Int
    var name: String
    var type: String
    var region_kode: String
    var phone: String?
    var email: String?
    var active: Int
    var created_at: Int
    var updated_at: Int

    var agency: Agency? {
        guard let code = RegionCode(region_kode) else { return nil }
        return Agency(id: id, name: name, type: AgencyType(type), regionKode: code, phone: phone, email: email, active: active != 0, createdAt: created_at, updatedAt: updated_at)
    }
}

/// A kind of agency as the table holds it.
public struct AgencyKind: Sendable, Equatable, Decodable {
    public var code: String
    public var name: String
    public var active: Int

    public var type: AgencyType { AgencyType(code) }
}

/// An agency with the name of its region, for lists.
public struct AgencyListItem: Sendable {
    public var agency: Agency
    public var regionName: String
    public var userCount: Int
}

extension Store {
    /// The kinds of agency, in list order; retired kinds only with `includeInactive`.
    public func agencyKinds(includeInactive: Bool = false) async throws -> [AgencyKind] {
        try await database.read { db in
            try await db.raw("""
                SELECT code, name, active FROM agency_types \(unsafeRaw: includeInactive ? "" : "WHERE active = 1") ORDER BY position, code
                """).all(decoding: AgencyKind.self)
        }
    }

    private static let agencyColumns: SQLQueryString = "a.id, a.name, a.type, a.region_kode, a.phone, a.email, a.active, a.created_at, a.updated_at"

    /// An agency the caller may see (its region lies in `scope`).
    public func agency(_ id: Int, scope: RegionCode) async throws -> Agency? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.agencyColumns) FROM agencies a WHERE a.id = \(bind: id) AND \(SQLQueryString.within("a.region_kode", scope))")
                .first(decoding: AgencyRow.self)?.agency
        }
    }

    public func agencies(scope: RegionCode, type: AgencyType? = nil, includeInactive: Bool = true, query: String? = nil) async throws -> [AgencyListItem] {
        struct Row: Decodable { var id: Int; var name: String; var type: String; var region_kode: String; var phone: String?; var email: String?
            var active: Int; var created_at: Int; var updated_at: Int; var region_name: String; var user_count: Int }
        var conditions: [SQLQueryString] = [.within("a.region_kode", scope)]
        if let type { conditions.append("a.type = \(bind: type.rawValue)") }
        if !includeInactive { conditions.append("a.active = 1") }
        if let query = query?.trimmingWhitespace().lowercased(), !query.isEmpty {
            conditions.append("LOWER(a.name) LIKE \(bind: "%" + query.likeEscaped + "%") ESCAPE '\\'")
        }
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(Self.agencyColumns), r.nama AS region_name,
                       (SELECT COUNT(*) FROM users u WHERE u.agency_id = a.id) AS user_count
                FROM agencies a JOIN regions r ON r.kode = a.region_kode
                WHERE \(whereClause)
                ORDER BY a.region_kode, a.type, a.name
                LIMIT 1000
                """).all(decoding: Row.self)
        }
        return rows.compactMap { row in
            AgencyRow(id: row.id, name: row.name, type: row.type, region_kode: row.region_kode, phone: row.phone, email: row.email,
                      active: row.active, created_at: row.created_at, updated_at: row.updated_at).agency
                .map { AgencyListItem(agency: $0, regionName: row.region_name, userCount: row.user_count) }
        }
    }

    /// Creates an agency in the caller's scope.
    public func createAgency(_ input: AgencyInput, scope: RegionCode, actor: Actor) async throws -> Agency {
        try await requireRegion(input.region, scope: scope, field: "region")
        let now = clock.now()
        return try await database.write { db in
            try await Self.requireUniqueAgencyName(db, input: input, excluding: nil)
            let row = try await db.raw("""
                INSERT INTO agencies (name, type, region_kode, phone, email, active, created_at, updated_at)
                VALUES (\(bind: input.name), \(bind: input.type.rawValue), \(bind: input.region.rawValue), \(bind: input.phone), \(bind: input.email),
                        \(bind: input.active ? 1 : 0), \(bind: now), \(bind: now))
                RETURNING id, name, type, region_kode, phone, email, active, created_at, updated_at
                """).first(decoding: AgencyRow.self)
            guard let agency = row?.agency else { throw DatabaseError("agency insert returned nothing") }
            var changes = ChangeSet()
            changes.record("nama", String?.none, input.name)
            changes.record("jenis", String?.none, input.type.rawValue)
            changes.record("wilayah", String?.none, input.region.rawValue)
            try await audit(db, actor: actor, action: "create", entity: .agency, entityID: String(agency.id), region: agency.regionKode,
                                 summary: "Instansi \(agency.name) ditambahkan", changes: changes)
            return agency
        }
    }

    public func updateAgency(_ id: Int, _ input: AgencyInput, scope: RegionCode, actor: Actor) async throws -> Agency {
        guard let old = try await agency(id, scope: scope) else { throw NotFound("instansi") }
        try await requireRegion(input.region, scope: scope, field: "region")
        return try await database.write { db in
            try await Self.requireUniqueAgencyName(db, input: input, excluding: id)
            try await db.raw("""
                UPDATE agencies SET name = \(bind: input.name), type = \(bind: input.type.rawValue), region_kode = \(bind: input.region.rawValue),
                       phone = \(bind: input.phone), email = \(bind: input.email), active = \(bind: input.active ? 1 : 0), updated_at = \(bind: clock.now())
                WHERE id = \(bind: id)
                """).run()
            var changes = ChangeSet()
            changes.record("nama", old.name, input.name)
            changes.record("jenis", old.type.rawValue, input.type.rawValue)
            changes.record("wilayah", old.regionKode.rawValue, input.region.rawValue)
            changes.record("telepon", old.phone, input.phone)
            changes.record("surel", old.email, input.email)
            changes.record("aktif", old.active, input.active)
            if !changes.isEmpty {
                try await audit(db, actor: actor, action: "update", entity: .agency, entityID: String(id), region: input.region,
                                     summary: "Instansi \(input.name) diubah", changes: changes)
            }
            let row = try await db.raw("SELECT \(Self.agencyColumns) FROM agencies a WHERE a.id = \(bind: id)").first(decoding: AgencyRow.self)
            guard let agency = row?.agency else { throw NotFound("instansi") }
            return agency
        }
    }

    private static func requireUniqueAgencyName(_ db: any SQLDatabase, input: AgencyInput, excluding id: Int?) async throws {
        // The kind must be one in the table and still offered (a retired kind stays on old agencies).
        let kind = try await db.raw("SELECT active FROM agency_types WHERE code = \(bind: input.type.rawValue)").first(decodingColumn: "active", as: Int.self)
        guard kind == 1 else { throw ValidationFailure("type", "Jenis instansi \"\(input.type.rawValue.prefix(40))\" tidak dikenal.") }
        let clash = try await db.raw("""
            SELECT id FROM agencies WHERE region_kode = \(bind: input.region.rawValue) AND LOWER(name) = \(bind: input.name.lowercased())
            """).all(decodingColumn: "id", as: Int.self)
        if clash.contains(where: { $0 != id }) {
            throw ValidationFailure("name", "Instansi dengan nama ini sudah ada di wilayah tersebut.")
        }
    }

    /// Fails with a field error unless the region exists and lies in `scope`.
    @discardableResult
    func requireRegion(_ code: RegionCode, scope: RegionCode, field: String) async throws -> Region {
        guard code.isWithin(scope) else {
            throw ValidationFailure(field, "Wilayah \(code) berada di luar wilayah kewenangan Anda.")
        }
        guard let region = try await region(code) else {
            throw ValidationFailure(field, "Kode wilayah \(code) tidak dikenal.")
        }
        return region
    }

    /// Seeds the agency list of a new installation for its jurisdiction; does nothing when the
    /// jurisdiction already has agencies.
    @discardableResult
    public func seedAgenciesIfEmpty(jurisdiction: RegionCode) async throws -> Int {
        let existing = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM agencies a WHERE \(SQLQueryString.within("a.region_kode", jurisdiction))").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard existing == 0 else { return 0 }
        guard let region = try await region(jurisdiction) else { throw NotFound("wilayah \(jurisdiction)") }
        let children = try await children(of: jurisdiction).map(\.region)
        let seeds = AgencySeeds.forJurisdiction(region, children: children)
        let now = clock.now()
        // Several instances starting together: one seeds, the others find the list there.
        let seeded = try await database.write { db -> Bool in
            try await lockForFirstStart(db)
            let present = try await db.raw("SELECT COUNT(*) AS n FROM agencies a WHERE \(SQLQueryString.within("a.region_kode", jurisdiction))")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            guard present == 0 else { return false }
            for seed in seeds {
                try await db.raw("""
                    INSERT INTO agencies (name, type, region_kode, active, created_at, updated_at)
                    VALUES (\(bind: seed.name), \(bind: seed.type.rawValue), \(bind: seed.region.rawValue), 1, \(bind: now), \(bind: now))
                    """).run()
            }
            try await audit(db, actor: .system, action: "seed", entity: .agency, entityID: nil, region: jurisdiction,
                                 summary: "Daftar awal \(seeds.count) instansi untuk \(region.name) dibuat")
            return true
        }
        return seeded ? seeds.count : 0
    }

    /// The Kesbangpol of a region or, failing that, of the nearest region above it.
    public func defaultAgency(for code: RegionCode) async throws -> Agency? {
        for candidate in ([code] + code.ancestors.reversed()) {
            let row = try await database.read { db in
                try await db.raw("""
                    SELECT \(Self.agencyColumns) FROM agencies a WHERE a.region_kode = \(bind: candidate.rawValue) AND a.active = 1
                    ORDER BY CASE WHEN a.type = 'kesbangpol' THEN 0 ELSE 1 END, a.id LIMIT 1
                    """).first(decoding: AgencyRow.self)
            }
            if let agency = row?.agency { return agency }
        }
        return nil
    }
}

extension Store {
    /// The names of these agencies, by id, in one query (for pages that show stored ids, such as
    /// the audit log's changed values). Agencies are public bodies: their names are not scoped.
    public func agencyNames(_ ids: [Int]) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: Int; var name: String }
        let rows = try await database.read { db in
            try await db.raw("SELECT id, name FROM agencies WHERE id IN (\(binds: Array(Set(ids)).sorted()))").all(decoding: Row.self)
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.name) })
    }
}
