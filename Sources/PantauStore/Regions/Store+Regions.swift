import Foundation
import PantauCore
import SQLKit

/// A region with the number of regions directly below it.
public struct RegionSummary: Sendable, Equatable {
    public var region: Region
    public var childCount: Int
    public var hasBoundary: Bool
}

/// A region's outline as stored.
public struct RegionBoundary: Sendable {
    public var region: Region
    public var polygons: MultiPolygon
    public var labelPoint: GeoPoint?
}

struct RegionRow: Decodable {
    var kode: String
    var nama: String
}

extension Store {
    public func region(_ code: RegionCode) async throws -> Region? {
        try await database.read { db in
            try await db.raw("SELECT kode, nama FROM regions WHERE kode = \(bind: code.rawValue)")
                .first(decoding: RegionRow.self).flatMap(Self.region(from:))
        }
    }

    static func region(from row: RegionRow) -> Region? {
        RegionCode(row.kode).map { Region(code: $0, name: row.nama) }
    }

    /// The regions directly below `code`, each with its own child count, in code order.
    public func children(of code: RegionCode) async throws -> [RegionSummary] {
        struct Row: Decodable { var kode: String; var nama: String; var child_count: Int; var has_boundary: Int }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT r.kode, r.nama,
                       (SELECT COUNT(*) FROM regions c WHERE c.parent_kode = r.kode) AS child_count,
                       (SELECT COUNT(*) FROM region_boundaries b WHERE b.kode = r.kode) AS has_boundary
                FROM regions r WHERE r.parent_kode = \(bind: code.rawValue) ORDER BY r.kode
                """).all(decoding: Row.self)
        }
        return rows.compactMap { row in
            RegionCode(row.kode).map { RegionSummary(region: Region(code: $0, name: row.nama), childCount: row.child_count, hasBoundary: row.has_boundary > 0) }
        }
    }

    /// How many regions of each level lie below `code`.
    public func descendantCounts(of code: RegionCode) async throws -> [RegionLevel: Int] {
        struct Row: Decodable { var level: Int; var n: Int }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT level, COUNT(*) AS n FROM regions
                WHERE \(SQLQueryString.within("kode", code)) AND kode <> \(bind: code.rawValue)
                GROUP BY level
                """).all(decoding: Row.self)
        }
        var result: [RegionLevel: Int] = [:]
        for row in rows { if let level = RegionLevel(rawValue: row.level) { result[level] = row.n } }
        return result
    }

    /// The full paths of the given regions, fetched in one query.
    public func paths(for regions: [Region]) async throws -> [RegionPath] {
        let ancestorCodes = Set(regions.flatMap { $0.code.ancestors.filter { !$0.isNational } })
        var names: [RegionCode: String] = [:]
        if !ancestorCodes.isEmpty {
            let rows = try await database.read { db in
                try await db.raw("SELECT kode, nama FROM regions WHERE kode IN (\(binds: ancestorCodes.map(\.rawValue)))")
                    .all(decoding: RegionRow.self)
            }
            for row in rows { if let code = RegionCode(row.kode) { names[code] = row.nama } }
        }
        return regions.map { region in
            RegionPath(region: region, ancestors: region.code.ancestors.filter { !$0.isNational }.map { Region(code: $0, name: names[$0] ?? $0.rawValue) })
        }
    }

    public func path(for region: Region) async throws -> RegionPath {
        try await paths(for: [region])[0]
    }

    /// Regions in `scope` whose name contains `query`, or whose code starts with it; exact and
    /// prefix matches first, then higher levels, then by name.
    public func searchRegions(_ query: String, scope: RegionCode, limit: Int = 50) async throws -> [RegionPath] {
        let text = query.trimmingWhitespace().lowercased()
        guard !text.isEmpty else { return [] }
        let limit = min(max(limit, 1), 200)
        let looksLikeCode = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        let rows = try await database.read { db in
            if looksLikeCode {
                return try await db.raw("""
                    SELECT kode, nama FROM regions
                    WHERE \(SQLQueryString.within("kode", scope)) AND kode >= \(bind: text) AND kode < \(bind: text + "\u{7F}")
                    ORDER BY level, kode LIMIT \(literal: limit)
                    """).all(decoding: RegionRow.self)
            }
            let escaped = text.likeEscaped
            return try await db.raw("""
                SELECT kode, nama FROM regions
                WHERE \(SQLQueryString.within("kode", scope)) AND nama_search LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'
                ORDER BY CASE WHEN nama_search = \(bind: text) THEN 0 WHEN nama_search LIKE \(bind: escaped + "%") ESCAPE '\\' THEN 1 ELSE 2 END,
                         level, nama, kode
                LIMIT \(literal: limit)
                """).all(decoding: RegionRow.self)
        }
        return try await paths(for: rows.compactMap(Self.region(from:)))
    }

    /// The outlines of the regions directly below `code`, and the children that have none.
    public func childBoundaries(of code: RegionCode) async throws -> (boundaries: [RegionBoundary], missing: [Region]) {
        struct Row: Decodable { var kode: String; var nama: String; var geometry: String?; var label_lat: Double?; var label_lng: Double? }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT r.kode, r.nama, b.geometry, b.label_lat, b.label_lng
                FROM regions r LEFT JOIN region_boundaries b ON b.kode = r.kode
                WHERE r.parent_kode = \(bind: code.rawValue) ORDER BY r.kode
                """).all(decoding: Row.self)
        }
        var boundaries: [RegionBoundary] = []
        var missing: [Region] = []
        for row in rows {
            guard let regionCode = RegionCode(row.kode) else { continue }
            let region = Region(code: regionCode, name: row.nama)
            guard let geometry = row.geometry, let polygons = GeometryCoding.decode(geometry) else {
                missing.append(region)
                continue
            }
            let label = zip(row.label_lng, row.label_lat).map { GeoPoint(lng: $0, lat: $1) }
            boundaries.append(RegionBoundary(region: region, polygons: polygons, labelPoint: label))
        }
        return (boundaries, missing)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// Geometry as stored: the MultiPolygon's coordinate array in GeoJSON order.
enum GeometryCoding {
    static func encode(_ polygons: [[[[Double]]]]) -> String {
        var text = "["
        for (p, polygon) in polygons.enumerated() {
            if p > 0 { text += "," }
            text += "["
            for (r, ring) in polygon.enumerated() {
                if r > 0 { text += "," }
                text += "["
                for (i, point) in ring.enumerated() where point.count >= 2 {
                    if i > 0 { text += "," }
                    text += "[\(number(point[0])),\(number(point[1]))]"
                }
                text += "]"
            }
            text += "]"
        }
        return text + "]"
    }

    static func decode(_ text: String) -> MultiPolygon? {
        guard let raw = try? JSONDecoder().decode([[[[Double]]]].self, from: Data(text.utf8)) else { return nil }
        return raw.map { polygon in polygon.map { ring in ring.compactMap { $0.count >= 2 ? GeoPoint(lng: $0[0], lat: $0[1]) : nil } } }
    }

    private static func number(_ value: Double) -> String {
        // Five decimals (about a metre) is what the source data carries.
        let rounded = (value * 100_000).rounded() / 100_000
        return String(rounded)
    }
}
