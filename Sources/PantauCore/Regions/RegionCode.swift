/// A Kemendagri region code (kode wilayah) in the form `PP`, `PP.KK`, `PP.KK.CC` or `PP.KK.CC.DDDD`,
/// or `ID` for the whole country (the ministry's jurisdiction, parent of every provinsi).
///
/// The code's shape defines the hierarchy: a code's parent is the code without its last segment.
/// Codes have gaps, so a code is never derived from a sequence; it is only parsed and compared.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    /// Parses a code, returning nil when it is not well formed.
    public init?(_ text: some StringProtocol) {
        if text == "ID" {
            self.rawValue = "ID"
            return
        }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(segments.count) else { return nil }
        for (index, segment) in segments.enumerated() {
            let expectedLength = index == 3 ? 4 : 2
            guard segment.count == expectedLength, segment.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
        }
        self.rawValue = String(text)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Kode wilayah tidak valid: \(text)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The whole of Indonesia.
    public static let national = RegionCode("ID")!

    public var isNational: Bool { rawValue == "ID" }

    public var level: RegionLevel {
        isNational ? .nasional : RegionLevel(rawValue: rawValue.split(separator: ".").count)!
    }

    /// The code one level up; a provinsi's parent is `ID`, and `ID` has none.
    public var parent: RegionCode? {
        if isNational { return nil }
        guard let dot = rawValue.lastIndex(of: ".") else { return .national }
        return RegionCode(rawValue[..<dot])
    }

    /// Every code above this one, from the provinsi down to the parent.
    public var ancestors: [RegionCode] {
        var result: [RegionCode] = []
        var current = parent
        while let code = current {
            result.insert(code, at: 0)
            current = code.parent
        }
        return result
    }

    /// True when this code is `other` or lies below it.
    public func isWithin(_ other: RegionCode) -> Bool {
        other.isNational || rawValue == other.rawValue || rawValue.hasPrefix(other.rawValue + ".")
    }

    /// The kind of a kab/kota or desa/kelurahan as its code tells it.
    public var kind: RegionKind {
        let segments = rawValue.split(separator: ".")
        switch level {
        case .nasional: return .nasional
        case .provinsi: return .provinsi
        case .kabupatenKota: return Int(segments[1])! >= 71 ? .kota : .kabupaten
        case .kecamatan: return .kecamatan
        case .desaKelurahan:
            switch segments[3].first {
            case "1": return .kelurahan
            case "3": return .desaAdat
            default: return .desa
            }
        }
    }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum RegionLevel: Int, Sendable, CaseIterable, Codable {
    case nasional = 0
    case provinsi = 1
    case kabupatenKota = 2
    case kecamatan = 3
    case desaKelurahan = 4

    /// The level name as users say it.
    public var label: String {
        switch self {
        case .nasional: "Nasional"
        case .provinsi: "Provinsi"
        case .kabupatenKota: "Kabupaten/Kota"
        case .kecamatan: "Kecamatan"
        case .desaKelurahan: "Desa/Kelurahan"
        }
    }

    public var child: RegionLevel? { RegionLevel(rawValue: rawValue + 1) }
}

public enum RegionKind: String, Sendable, Codable {
    case nasional, provinsi, kabupaten, kota, kecamatan, kelurahan, desa, desaAdat = "desa_adat"

    public var label: String {
        switch self {
        case .nasional: "Nasional"
        case .provinsi: "Provinsi"
        case .kabupaten: "Kabupaten"
        case .kota: "Kota"
        case .kecamatan: "Kecamatan"
        case .kelurahan: "Kelurahan"
        case .desa: "Desa"
        case .desaAdat: "Desa Adat"
        }
    }
}

/// A region with its name.
public struct Region: Hashable, Sendable, Codable {
    public var code: RegionCode
    public var name: String

    public init(code: RegionCode, name: String) {
        self.code = code
        self.name = name
    }

    public var level: RegionLevel { code.level }

    /// The name as it is written in a heading: "Provinsi Banten", "Kota Serang" (kab/kota names
    /// already carry their kind), "Kecamatan Curug", "Kelurahan Sukawana".
    public var displayName: String {
        switch code.level {
        case .nasional, .kabupatenKota: name
        default: "\(code.kind.label) \(name)"
        }
    }
}

/// A region with the names of the regions above it, so that equal names are told apart
/// (Kota Serang has a Sukawana in both Serang and Curug).
public struct RegionPath: Hashable, Sendable {
    public var region: Region
    /// From the provinsi down to the parent (the national root is left out).
    public var ancestors: [Region]

    public init(region: Region, ancestors: [Region]) {
        self.region = region
        self.ancestors = ancestors
    }

    /// "Banten › Kota Serang › Curug › Sukawana"
    public var text: String {
        (ancestors + [region]).map(\.name).joined(separator: " › ")
    }
}
