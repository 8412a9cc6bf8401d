import CSV
import Crypto
import Foundation
import PantauCore
import SQLKit

/// What an import did. Importing the same file twice changes nothing the second time.
public struct ImportResult: Sendable, Equatable {
    public var rowsRead: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    /// Rows that could not be used (e.g. a boundary for a code not in the region list).
    public var skipped: [String]

    public var changed: Int { inserted + updated }
}

/// An import refused as a whole; nothing was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String {
        let shown = problems.prefix(20).joined(separator: "\n  ")
        let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
        return "Import refused, nothing was changed:\n  \(shown)\(more)"
    }
}

extension Store {
    /// Loads the bundled region list when the database has none yet; nil when it was there. Safe
    /// when several instances start together on one empty database: the load takes the
    /// first-start lock and looks again under it, so exactly one instance loads.
    public func loadBundledRegionsIfNeeded() async throws -> ImportResult? {
        let count = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM regions WHERE level = 1").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard count == 0 else { return nil }
        return try await importRegions(csv: BundledData.read(BundledData.regionsCSV), source: "bawaan: wilayah.csv.gz", actor: .system, onlyIfEmpty: true)
    }

    /// Loads the bundled boundaries when the database has none yet; nil when they were there. All
    /// files are written in one transaction under the first-start lock, after looking again.
    public func loadBundledBoundariesIfNeeded() async throws -> ImportResult? {
        let count = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM region_boundaries").first(decodingColumn: "n", as: Int.self) ?? 0
        }
        guard count == 0 else { return nil }
        var prepared: [(file: URL, data: Data, changes: BoundaryChanges)] = []
        for file in BundledData.boundaryFiles {
            let data = try BundledData.read(file)
            prepared.append((file, data, try await boundaryChanges(geojson: data)))
        }
        let files = prepared
        let loaded = try await database.write { db -> Bool in
            try await lockForFirstStart(db)
            let now = try await db.raw("SELECT COUNT(*) AS n FROM region_boundaries").first(decodingColumn: "n", as: Int.self) ?? 0
            guard now == 0 else { return false }
            for item in files {
                try await writeBoundaries(db, item.changes, source: "bawaan: \(item.file.lastPathComponent)", digest: Self.sha256(item.data), actor: .system)
            }
            return true
        }
        guard loaded else { return nil }
        var total = ImportResult(rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [])
        for item in prepared {
            let result = item.changes.result
            total.rowsRead += result.rowsRead
            total.inserted += result.inserted
            total.updated += result.updated
            total.unchanged += result.unchanged
            total.skipped += result.skipped
        }
        return total
    }

    /// Serialises loads and seeds across instances on one database: on PostgreSQL an advisory lock
    /// held until the transaction ends; on SQLite the single writer (BEGIN IMMEDIATE) already does.
    func lockForFirstStart(_ db: any SQLDatabase) async throws {
        if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7261002)").run() }
    }

    /// Imports a Kemendagri region list as CSV with the header `kode,nama`. New codes are added and
    /// changed names updated; codes missing from the file are kept (records may refer to them).
    /// Every row is checked first: one bad row refuses the whole file.
    public func importRegions(csv data: Data, source: String, actor: Actor) async throws -> ImportResult {
        try await importRegions(csv: data, source: source, actor: actor, onlyIfEmpty: false)!
    }

    /// The same; with `onlyIfEmpty` nothing is written (and nil returned) when, under the
    /// first-start lock, the database turns out to hold provinces already.
    func importRegions(csv data: Data, source: String, actor: Actor, onlyIfEmpty: Bool) async throws -> ImportResult? {
        let parsed = try Self.parseRegionCSV(data)
        let existing = try await database.read { db in
            try await db.raw("SELECT kode, nama FROM regions").all(decoding: RegionRowPlain.self)
        }
        var known: [String: String] = [:]
        known.reserveCapacity(existing.count + parsed.count)
        for row in existing { known[row.kode] = row.nama }

        var problems: [String] = []
        let incomingCodes = Set(parsed.map(\.region.code.rawValue))
        for row in parsed {
            if let parent = row.region.code.parent, !parent.isNational,
               known[parent.rawValue] == nil, !incomingCodes.contains(parent.rawValue) {
                problems.append("baris \(row.line): induk \(parent) dari \(row.region.code) tidak ada")
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems) }

        let inserts = parsed.filter { known[$0.region.code.rawValue] == nil }.map(\.region)
            .sorted { ($0.code.level.rawValue, $0.code.rawValue) < ($1.code.level.rawValue, $1.code.rawValue) }
        let updates = parsed.map(\.region).filter { region in known[region.code.rawValue].map { $0 != region.name } ?? false }
        let result = ImportResult(rowsRead: parsed.count, inserted: inserts.count, updated: updates.count,
                                  unchanged: parsed.count - inserts.count - updates.count, skipped: [])
        guard result.changed > 0 else { return result }

        let digest = Self.sha256(data)
        let needsRoot = known["ID"] == nil
        let wrote = try await database.write { db -> Bool in
            try await lockForFirstStart(db)
            if onlyIfEmpty {
                let provinces = try await db.raw("SELECT COUNT(*) AS n FROM regions WHERE level = 1").first(decodingColumn: "n", as: Int.self) ?? 0
                guard provinces == 0 else { return false }
            }
            if needsRoot {
                try await db.raw("INSERT INTO regions (kode, nama, level, parent_kode, nama_search) VALUES ('ID', 'Indonesia', 0, NULL, 'indonesia') ON CONFLICT (kode) DO NOTHING").run()
            }
            // Several hundred rows a statement: far fewer round trips, and within both databases'
            // limits on bound parameters.
            for batch in inserts.chunked(into: 500) {
                var values: [SQLQueryString] = []
                for region in batch {
                    values.append("(\(bind: region.code.rawValue), \(bind: region.name), \(bind: region.code.level.rawValue), \(bind: region.code.parent?.rawValue), \(bind: region.name.lowercased()))")
                }
                try await db.raw("INSERT INTO regions (kode, nama, level, parent_kode, nama_search) VALUES \(values.joined(separator: ", ")) ON CONFLICT (kode) DO NOTHING").run()
            }
            for region in updates {
                try await db.raw("UPDATE regions SET nama = \(bind: region.name), nama_search = \(bind: region.name.lowercased()) WHERE kode = \(bind: region.code.rawValue)").run()
            }
            try await recordImport(db, kind: "regions", source: source, digest: digest, result: result, actor: actor)
            return true
        }
        return wrote ? result : nil
    }

    static func parseRegionCSV(_ data: Data) throws -> [(line: Int, region: Region)] {
        guard let text = String(data: data, encoding: .utf8) else { throw ImportFailure(["berkas bukan teks UTF-8"]) }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw ImportFailure(["berkas CSV tidak terbaca: \(error)"])
        }
        guard let header = reader.headerRow?.map({ $0.lowercased() }), header.count >= 2, header[0] == "kode", header[1] == "nama" else {
            throw ImportFailure(["baris 1: kepala kolom harus \"kode,nama\""])
        }
        var rows: [(Int, Region)] = []
        var problems: [String] = []
        var seen = Set<String>()
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.isEmpty }) { continue }
            guard fields.count >= 2 else {
                problems.append("baris \(line): harus ada dua kolom, kode dan nama")
                continue
            }
            guard let code = RegionCode(fields[0]), !code.isNational else {
                problems.append("baris \(line): kode \"\(fields[0].prefix(30))\" tidak valid")
                continue
            }
            let name = fields[1].trimmingWhitespace()
            guard !name.isEmpty, name.count <= 200, !name.containsControlCharacters else {
                problems.append("baris \(line): nama wilayah \(code) kosong atau tidak valid")
                continue
            }
            guard seen.insert(code.rawValue).inserted else {
                problems.append("baris \(line): kode \(code) muncul dua kali")
                continue
            }
            rows.append((line, Region(code: code, name: name)))
        }
        if let error = reader.error { problems.append("baris \(line): \(error)") }
        guard problems.isEmpty else { throw ImportFailure(problems) }
        guard !rows.isEmpty else { throw ImportFailure(["berkas tidak berisi wilayah"]) }
        return rows
    }

    /// Imports boundaries from a GeoJSON FeatureCollection whose features carry `kode` (and
    /// optionally `lat`/`lng` for the label) in their properties; Polygon and MultiPolygon
    /// geometries are accepted. Features for codes not in the region list are skipped and listed.
    public func importBoundaries(geojson data: Data, source: String, actor: Actor) async throws -> ImportResult {
        let changes = try await boundaryChanges(geojson: data)
        guard changes.result.changed > 0 else { return changes.result }
        let digest = Self.sha256(data)
        try await database.write { db in
            try await lockForFirstStart(db)
            try await writeBoundaries(db, changes, source: source, digest: digest, actor: actor)
        }
        return changes.result
    }

    /// What a boundary file would change: the new and the changed features, and the counts.
    struct BoundaryChanges: Sendable {
        var inserts: [(code: RegionCode, geometry: String, lat: Double?, lng: Double?)]
        var updates: [(code: RegionCode, geometry: String, lat: Double?, lng: Double?)]
        var result: ImportResult
    }

    /// Reads and checks a boundary file against what is stored; every bad feature refuses it whole.
    func boundaryChanges(geojson data: Data) async throws -> BoundaryChanges {
        let collection: GeoJSONFeatureCollection
        do {
            collection = try JSONDecoder().decode(GeoJSONFeatureCollection.self, from: data)
        } catch {
            throw ImportFailure(["GeoJSON tidak terbaca: bukan FeatureCollection dengan properti kode (\(error.localizedDescription))"])
        }
        var problems: [String] = []
        var features: [(code: RegionCode, geometry: String, lat: Double?, lng: Double?)] = []
        for (index, feature) in collection.features.enumerated() {
            guard let kode = feature.properties.kode, let code = RegionCode(kode), !code.isNational else {
                problems.append("fitur \(index + 1): kode tidak ada atau tidak valid")
                continue
            }
            guard let polygons = feature.geometry?.multiPolygon, !polygons.isEmpty else {
                problems.append("fitur \(index + 1) (\(code)): geometri harus Polygon atau MultiPolygon")
                continue
            }
            features.append((code, GeometryCoding.encode(polygons), feature.properties.lat, feature.properties.lng))
        }
        guard problems.isEmpty else { throw ImportFailure(problems) }

        struct Existing: Decodable { var kode: String; var geometry: String?; var label_lat: Double?; var label_lng: Double?; var known: Int }
        let codes = features.map(\.code.rawValue)
        var existing: [String: Existing] = [:]
        for batch in codes.chunked(into: 1000) {
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT r.kode, b.geometry, b.label_lat, b.label_lng, 1 AS known
                    FROM regions r LEFT JOIN region_boundaries b ON b.kode = r.kode WHERE r.kode IN (\(binds: Array(batch)))
                    """).all(decoding: Existing.self)
            }
            for row in rows { existing[row.kode] = row }
        }
        var skipped: [String] = []
        var inserts: [(code: RegionCode, geometry: String, lat: Double?, lng: Double?)] = []
        var updates: [(code: RegionCode, geometry: String, lat: Double?, lng: Double?)] = []
        for feature in features {
            guard let row = existing[feature.code.rawValue] else {
                skipped.append("\(feature.code) tidak ada dalam daftar wilayah")
                continue
            }
            if row.geometry == nil {
                inserts.append(feature)
            } else if row.geometry != feature.geometry || row.label_lat != feature.lat || row.label_lng != feature.lng {
                updates.append(feature)
            }
        }
        let result = ImportResult(rowsRead: features.count, inserted: inserts.count, updated: updates.count,
                                  unchanged: features.count - inserts.count - updates.count - skipped.count, skipped: skipped)
        return BoundaryChanges(inserts: inserts, updates: updates, result: result)
    }

    /// Writes checked boundary changes inside the caller's transaction, with the import's record.
    func writeBoundaries(_ db: any SQLDatabase, _ changes: BoundaryChanges, source: String, digest: String, actor: Actor) async throws {
        for batch in changes.inserts.chunked(into: 200) {
            var values: [SQLQueryString] = []
            for feature in batch {
                values.append("(\(bind: feature.code.rawValue), \(bind: feature.geometry), \(bind: feature.lat), \(bind: feature.lng))")
            }
            try await db.raw("INSERT INTO region_boundaries (kode, geometry, label_lat, label_lng) VALUES \(values.joined(separator: ", ")) ON CONFLICT (kode) DO NOTHING").run()
        }
        for feature in changes.updates {
            try await db.raw("""
                UPDATE region_boundaries SET geometry = \(bind: feature.geometry), label_lat = \(bind: feature.lat), label_lng = \(bind: feature.lng)
                WHERE kode = \(bind: feature.code.rawValue)
                """).run()
        }
        try await recordImport(db, kind: "boundaries", source: source, digest: digest, result: changes.result, actor: actor)
    }

    private func recordImport(_ db: any SQLDatabase, kind: String, source: String, digest: String, result: ImportResult, actor: Actor) async throws {
        try await db.raw("""
            INSERT INTO data_imports (kind, source, sha256, rows_read, rows_changed, imported_at)
            VALUES (\(bind: kind), \(bind: source), \(bind: digest), \(bind: result.rowsRead), \(bind: result.changed), \(bind: clock.now()))
            """).run()
        let label = kind == "regions" ? "wilayah" : "batas wilayah"
        try await audit(db, actor: actor, action: "import", entity: .region, entityID: nil, region: nil,
                        summary: "Impor \(label) dari \(source): \(result.inserted) baru, \(result.updated) diubah, \(result.unchanged) tetap")
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

private struct RegionRowPlain: Decodable {
    var kode: String
    var nama: String
}
