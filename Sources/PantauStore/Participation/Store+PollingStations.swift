import Foundation
import PantauCore
import SQLKit

/// A polling station with the number of vulnerability indicators found there.
public struct PollingStation: Sendable, Equatable {
    public var id: Int
    public var region: Region
    public var number: Int
    public var address: String
    public var dpt: Int
    public var location: GeoPoint?
    public var findings: Int
}

public struct TPSIndicator: Sendable, Equatable, Decodable {
    public var id: Int
    public var variable: String
    public var variableName: String
    public var code: String
    public var label: String
    public var active: Int

    enum CodingKeys: String, CodingKey {
        case id, variable, code, label, active
        case variableName = "variable_name"
    }
}

extension Store {
    /// Imports polling stations; a station already there (same kelurahan and number) is updated.
    func importStations(electionID: Int, rows: [PollingStationRow], scope: RegionCode, actor: Actor) async throws {
        let election = try await managedElection(electionID, scope: scope)
        try await requireRowRegions(rows.map(\.region), election: election, scope: scope)
        try await writeStations(election: election, rows: rows, actor: actor)
    }

    /// Writes checked rows in one transaction. The audit line records, for every station that was
    /// already there, the values the import replaced.
    private func writeStations(election: Election, rows: [PollingStationRow], actor: Actor) async throws {
        let electionID = election.id
        try await database.write { db in
            struct Existing: Decodable { var region_kode: String; var number: Int; var address: String; var dpt: Int; var latitude: Double?; var longitude: Double? }
            var existing: [String: Existing] = [:]
            let regions = Array(Set(rows.map(\.region.rawValue))).sorted()
            for start in stride(from: 0, to: regions.count, by: 500) {
                let chunk = Array(regions[start..<min(start + 500, regions.count)])
                for row in try await db.raw("""
                    SELECT region_kode, number, address, dpt, latitude, longitude FROM polling_stations
                    WHERE election_id = \(bind: electionID) AND region_kode IN (\(binds: chunk))
                    """).all(decoding: Existing.self) {
                    existing["\(row.region_kode)#\(row.number)"] = row
                }
            }
            var changes = ChangeSet()
            var updated = 0
            for row in rows {
                if let old = existing["\(row.region.rawValue)#\(row.number)"] {
                    let name = "TPS \(row.number) \(row.region.rawValue)"
                    let before = changes.changes.count
                    changes.record("\(name) alamat", old.address, row.address)
                    changes.record("\(name) dpt", old.dpt, row.dpt)
                    changes.record("\(name) lintang", old.latitude, row.location?.lat)
                    changes.record("\(name) bujur", old.longitude, row.location?.lng)
                    if changes.changes.count > before { updated += 1 }
                }
                try await db.raw("""
                    INSERT INTO polling_stations (election_id, region_kode, number, address, dpt, latitude, longitude)
                    VALUES (\(bind: electionID), \(bind: row.region.rawValue), \(bind: row.number), \(bind: row.address), \(bind: row.dpt),
                            \(bind: row.location?.lat), \(bind: row.location?.lng))
                    ON CONFLICT (election_id, region_kode, number) DO UPDATE SET address = excluded.address, dpt = excluded.dpt,
                        latitude = excluded.latitude, longitude = excluded.longitude
                    """).run()
            }
            let added = rows.filter { existing["\($0.region.rawValue)#\($0.number)"] == nil }.count
            try await audit(db, actor: actor, action: "import", entity: .pollingStation, entityID: String(electionID), region: election.region.code,
                                 summary: "\(rows.count) TPS diimpor untuk \(election.name): \(added) baru, \(updated) diubah", changes: changes)
        }
    }

    /// Checks a whole table of TPS (CSV upload or API rows) and imports every row; with any bad row
    /// nothing is imported and `ImportRejected` lists every problem. Returns the number of rows.
    @discardableResult
    func importStations(electionID: Int, table: ImportTable, scope: RegionCode, actor: Actor) async throws -> Int {
        let election = try await managedElection(electionID, scope: scope)
        let rows = try PollingStationRow.parse(table, isKelurahanInScope: try await importableRegion(table, election: election, scope: scope)).get()
        try await writeStations(election: election, rows: rows, actor: actor)
        return rows.count
    }

    public func tpsIndicators(includeInactive: Bool = false) async throws -> [TPSIndicator] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, variable, variable_name, code, label, active FROM tps_indicators \(unsafeRaw: includeInactive ? "" : "WHERE active = 1") ORDER BY position, id
                """).all(decoding: TPSIndicator.self)
        }
    }

    /// Stations of an election inside `region`; with `variable`, only those where an indicator of
    /// that variable holds (TPS rawan), with `vulnerableOnly` those with any.
    func stations(electionID: Int, region: RegionCode, variable: String? = nil, vulnerableOnly: Bool = false,
                         page: Int = 1, pageSize: Int = 100) async throws -> Page<PollingStation> {
        struct Row: Decodable {
            var id: Int; var region_kode: String; var nama: String; var number: Int; var address: String; var dpt: Int
            var latitude: Double?; var longitude: Double?; var findings: Int
        }
        var conditions: [SQLQueryString] = ["t.election_id = \(bind: electionID)", .within("t.region_kode", region)]
        if let variable {
            conditions.append("EXISTS (SELECT 1 FROM tps_findings f JOIN tps_indicators i ON i.id = f.indicator_id WHERE f.station_id = t.id AND i.variable = \(bind: variable))")
        } else if vulnerableOnly {
            conditions.append("EXISTS (SELECT 1 FROM tps_findings f WHERE f.station_id = t.id)")
        }
        let size = min(max(pageSize, 1), 500), page = max(page, 1)
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT t.id, t.region_kode, g.nama, t.number, t.address, t.dpt, t.latitude, t.longitude,
                       (SELECT COUNT(*) FROM tps_findings f WHERE f.station_id = t.id) AS findings
                FROM polling_stations t JOIN regions g ON g.kode = t.region_kode WHERE \(whereClause)
                ORDER BY t.region_kode, t.number LIMIT \(literal: size + 1) OFFSET \(literal: (page - 1) * size)
                """).all(decoding: Row.self)
        }
        let items = rows.prefix(size).compactMap { row -> PollingStation? in
            guard let code = RegionCode(row.region_kode) else { return nil }
            return PollingStation(id: row.id, region: Region(code: code, name: row.nama), number: row.number, address: row.address, dpt: row.dpt,
                                  location: row.latitude.flatMap { lat in row.longitude.map { GeoPoint(lng: $0, lat: lat) } }, findings: row.findings)
        }
        return Page(items: Array(items), page: page, pageSize: size, hasNext: rows.count > size)
    }

    func station(_ id: Int, electionID: Int, scope: RegionCode) async throws -> (PollingStation, Set<Int>)? {
        struct Row: Decodable { var id: Int; var region_kode: String; var nama: String; var number: Int; var address: String; var dpt: Int; var latitude: Double?; var longitude: Double? }
        let found = try await database.read { db -> (Row, [Int])? in
            guard let row = try await db.raw("""
                SELECT t.id, t.region_kode, g.nama, t.number, t.address, t.dpt, t.latitude, t.longitude FROM polling_stations t JOIN regions g ON g.kode = t.region_kode
                WHERE t.id = \(bind: id) AND t.election_id = \(bind: electionID) AND \(SQLQueryString.within("t.region_kode", scope))
                """).first(decoding: Row.self) else { return nil }
            let indicators = try await db.raw("SELECT indicator_id FROM tps_findings WHERE station_id = \(bind: id)").all(decodingColumn: "indicator_id", as: Int.self)
            return (row, indicators)
        }
        guard let (row, indicators) = found, let code = RegionCode(row.region_kode) else { return nil }
        return (PollingStation(id: row.id, region: Region(code: code, name: row.nama), number: row.number, address: row.address, dpt: row.dpt,
                               location: row.latitude.flatMap { lat in row.longitude.map { GeoPoint(lng: $0, lat: lat) } }, findings: indicators.count), Set(indicators))
    }

    /// Records which survey indicators hold at a station (the whole set, replacing the last one).
    func recordFindings(stationID: Int, electionID: Int, indicators: Set<Int>, scope: RegionCode, actor: Actor) async throws {
        _ = try await managedElection(electionID, scope: scope)
        guard let (station, old) = try await station(stationID, electionID: electionID, scope: scope) else { throw NotFound("TPS") }
        let known = Set(try await tpsIndicators(includeInactive: true).map(\.id))
        guard indicators.isSubset(of: known) else { throw ValidationFailure("indikator", "Indikator tidak dikenal.") }
        guard indicators != old else { return }
        let now = clock.now()
        try await database.write { db in
            try await db.raw("DELETE FROM tps_findings WHERE station_id = \(bind: stationID)").run()
            for indicator in indicators.sorted() {
                try await db.raw("""
                    INSERT INTO tps_findings (station_id, indicator_id, recorded_by, recorded_at) VALUES (\(bind: stationID), \(bind: indicator), \(bind: actor.userID), \(bind: now))
                    """).run()
            }
            var changes = ChangeSet()
            changes.record("indikator", old.sorted().map(String.init).joined(separator: ","), indicators.sorted().map(String.init).joined(separator: ","))
            try await audit(db, actor: actor, action: "survey", entity: .pollingStation, entityID: String(stationID), region: station.region.code,
                                 summary: "Kerawanan TPS \(station.number) \(station.region.name): \(indicators.count) indikator", changes: changes)
        }
    }

    /// TPS rawan per child region of `region` (optionally for one variable), and per variable.
    func vulnerabilitySummary(electionID: Int, region: RegionCode, variable: String?) async throws -> (byChild: [String: Int], byVariable: [String: Int], stations: Int) {
        let childLength = Self.prefixLength(min(region.level.rawValue + 1, 4))
        struct Count: Decodable { var key: String; var n: Int }
        let variableCondition: SQLQueryString = variable.map { "AND i.variable = \(bind: $0)" } ?? ""
        return try await database.read { db in
            let byChild = try await db.raw("""
                SELECT SUBSTR(t.region_kode, 1, \(literal: childLength)) AS key, COUNT(DISTINCT t.id) AS n
                FROM polling_stations t JOIN tps_findings f ON f.station_id = t.id JOIN tps_indicators i ON i.id = f.indicator_id
                WHERE t.election_id = \(bind: electionID) AND \(SQLQueryString.within("t.region_kode", region)) \(variableCondition)
                GROUP BY SUBSTR(t.region_kode, 1, \(literal: childLength))
                """).all(decoding: Count.self)
            let byVariable = try await db.raw("""
                SELECT i.variable AS key, COUNT(DISTINCT t.id) AS n
                FROM polling_stations t JOIN tps_findings f ON f.station_id = t.id JOIN tps_indicators i ON i.id = f.indicator_id
                WHERE t.election_id = \(bind: electionID) AND \(SQLQueryString.within("t.region_kode", region)) GROUP BY i.variable
                """).all(decoding: Count.self)
            let stations = try await db.raw("""
                SELECT COUNT(*) AS n FROM polling_stations t WHERE t.election_id = \(bind: electionID) AND \(SQLQueryString.within("t.region_kode", region))
                """).first(decodingColumn: "n", as: Int.self) ?? 0
            return (Dictionary(uniqueKeysWithValues: byChild.map { ($0.key, $0.n) }), Dictionary(uniqueKeysWithValues: byVariable.map { ($0.key, $0.n) }), stations)
        }
    }
}

extension Store {
    /// Adds an indicator to one of the survey's variables (administrators keep the list); it is
    /// listed after the variable's last indicator.
    public func createIndicator(variable: String, label: String, installation: RegionCode, actor: Actor) async throws {
        var v = Validator()
        let label = v.requiredText(label, "indikator", label: "Indikator", maxLength: 200)
        try v.finish()
        let existing = try await tpsIndicators(includeInactive: true)
        guard let variableName = existing.first(where: { $0.variable == variable })?.variableName else {
            throw ValidationFailure("variabel", "Variabel tidak dikenal.")
        }
        if existing.contains(where: { $0.variable == variable && $0.label.lowercased() == label.lowercased() }) {
            throw ValidationFailure("indikator", "Indikator itu sudah ada.")
        }
        let code = label.uniqueCode(fallback: "indikator", taken: Set(existing.filter { $0.variable == variable }.map(\.code)))
        try await database.write { db in
            let id = try await db.raw("""
                INSERT INTO tps_indicators (variable, variable_name, code, label, position, active)
                SELECT \(bind: variable), \(bind: variableName), \(bind: code), \(bind: label), MAX(position), 1 FROM tps_indicators WHERE variable = \(bind: variable)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await audit(db, actor: actor, action: "create", entity: .pollingStation, entityID: "indikator-\(id)", region: installation,
                                 summary: "Indikator TPS rawan \"\(label)\" ditambahkan pada variabel \(variableName)")
        }
    }

    /// Renames an indicator or retires it; findings already recorded stay.
    public func updateIndicator(_ id: Int, label: String, active: Bool, installation: RegionCode, actor: Actor) async throws {
        var v = Validator()
        let label = v.requiredText(label, "indikator", label: "Indikator", maxLength: 200)
        try v.finish()
        guard let old = try await tpsIndicators(includeInactive: true).first(where: { $0.id == id }) else { throw NotFound("indikator") }
        var changes = ChangeSet()
        changes.record("indikator", old.label, label)
        changes.record("aktif", old.active != 0, active)
        guard !changes.isEmpty else { return }
        let recorded = changes
        try await database.write { db in
            try await db.raw("UPDATE tps_indicators SET label = \(bind: label), active = \(bind: active ? 1 : 0) WHERE id = \(bind: id)").run()
            try await audit(db, actor: actor, action: "update", entity: .pollingStation, entityID: "indikator-\(id)", region: installation,
                                 summary: "Indikator TPS rawan \"\(label)\" diubah", changes: recorded)
        }
    }
}
