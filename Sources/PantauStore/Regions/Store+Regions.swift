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

/// A reader of `[[[[lng, lat, ...], ...], ...], ...]` over UTF-8 bytes.
struct GeometryScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    /// Exact powers of ten: a number of at most 15 significant digits divided by one is the
    /// correctly rounded value, the same Double as Double(text).
    static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    var atEnd: Bool {
        mutating get { skipSpace(); return index == bytes.count }
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `[ element, ... ]`, possibly empty.
    mutating func list<T>(_ element: (inout GeometryScanner) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            guard let item = element(&self) else { return nil }
            items.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    mutating func multiPolygon() -> MultiPolygon? { list { $0.polygon() } }

    mutating func polygon() -> [[GeoPoint]]? { list { $0.ring() } }

    mutating func ring() -> [GeoPoint]? { list { $0.point() }.map { $0.compactMap { $0 } } }

    /// A position: nil when malformed, `.some(nil)` when it has fewer than two numbers (left out).
    mutating func point() -> GeoPoint?? {
        guard let numbers = list({ $0.number() }) else { return nil }
        return .some(numbers.count >= 2 ? GeoPoint(lng: numbers[0], lat: numbers[1]) : nil)
    }

    mutating func number() -> Double? {
        skipSpace()
        let start = index
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var mantissa: Int64 = 0, digits = 0, decimals = 0, seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                if digits < 18 { mantissa = mantissa * 10 + Int64(byte - 0x30) } else if !seenPoint { return fallback(from: start) }
                digits += 1
                if seenPoint { decimals += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                return fallback(from: start)
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        guard digits <= 15, decimals < Self.powers.count else { return fallback(from: start) }
        let value = Double(mantissa) / Self.powers[decimals]
        return negative ? -value : value
    }

    /// A number this scanner does not read exactly (an exponent, many digits): Double's own parser.
    mutating func fallback(from start: Int) -> Double? {
        index = start
        while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || "+-.eE".utf8.contains(bytes[index]) { index += 1 }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }
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

    /// Reads what `encode` wrote (any JSON array of that shape): nil when it is not one. A scanner
    /// of its own, because JSONDecoder took about 0.4 s for the 2.4 MB of the 38 provinsi that the
    /// national map reads on every view.
    static func decode(_ text: String) -> MultiPolygon? {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = GeometryScanner(bytes: bytes)
            guard let polygons = scanner.multiPolygon(), scanner.atEnd else { return nil }
            return polygons
        }
    }

    private static func number(_ value: Double) -> String {
        // Five decimals (about a metre) is what the source data carries.
        let rounded = (value * 100_000).rounded() / 100_000
        return String(rounded)
    }
}
