/// A kind of agency (instansi) that sits on the monitoring team or reports to it. The kinds are a
/// table (`agency_types`) that administrators keep and capabilities extend by migration (an ASN
/// neutrality capability adds BKPSDM, Inspektorat and BKN); these are the kinds Pantau ships with,
/// which the first list of agencies uses.
public struct AgencyType: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind's code, as stored ("kesbangpol").
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A code as a form or the API may give it: 2 to 40 lower-case letters, digits or "_".
    public init?(code: String) {
        guard (2...40).contains(code.count), code.allSatisfy({ $0.isASCII && (($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_") }) else { return nil }
        self.rawValue = code
    }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let kesbangpol = AgencyType("kesbangpol"), kpu = AgencyType("kpu"), bawaslu = AgencyType("bawaslu"), polri = AgencyType("polri")
    public static let tni = AgencyType("tni"), kejaksaan = AgencyType("kejaksaan"), diskominfo = AgencyType("diskominfo")
    public static let intelijen = AgencyType("intelijen"), opd = AgencyType("opd"), kecamatan = AgencyType("kecamatan"), lainnya = AgencyType("lainnya")

    /// The kinds Pantau first shipped with and their names, in the order lists show them.
    public static let shipped: [(type: AgencyType, name: String)] = [
        (.kesbangpol, "Kesbangpol"), (.kpu, "KPU"), (.bawaslu, "Bawaslu"), (.polri, "Polri (Polda/Polres/Polresta)"), (.tni, "TNI (Kodam/Korem/Kodim)"),
        (.kejaksaan, "Kejaksaan (Kejati/Kejari)"), (.diskominfo, "Diskominfo"), (.intelijen, "BIN Daerah / Kominda"), (.opd, "Perangkat daerah (OPD)"),
        (.kecamatan, "Kantor kecamatan"), (.lainnya, "Lainnya"),
    ]
}

/// An agency to be created when an installation starts.
public struct AgencySeed: Sendable, Equatable {
    public var name: String
    public var type: AgencyType
    public var region: RegionCode

    public init(name: String, type: AgencyType, region: RegionCode) {
        self.name = name
        self.type = type
        self.region = region
    }
}

public enum AgencySeeds {
    /// A sensible first list of agencies for a jurisdiction: the monitoring team's members
    /// (Permendagri 61/2011) at the jurisdiction's level, the common OPD, and one office per
    /// region one level below (kecamatan offices of a kab/kota, Kesbangpol of each kab/kota of a
    /// provinsi). Administrators rename and extend it.
    public static func forJurisdiction(_ jurisdiction: Region, children: [Region]) -> [AgencySeed] {
        let code = jurisdiction.code
        let name = jurisdiction.name
        func seed(_ text: String, _ type: AgencyType) -> AgencySeed { AgencySeed(name: text, type: type, region: code) }
        switch code.level {
        case .nasional:
            return [
                seed("Ditjen Politik dan Pemerintahan Umum Kemendagri", .kesbangpol),
                seed("KPU Republik Indonesia", .kpu),
                seed("Bawaslu Republik Indonesia", .bawaslu),
                seed("Kepolisian Negara Republik Indonesia", .polri),
                seed("Tentara Nasional Indonesia", .tni),
                seed("Kejaksaan Agung", .kejaksaan),
                seed("Kementerian Komunikasi dan Digital", .diskominfo),
                seed("Badan Intelijen Negara", .intelijen),
            ] + children.map { AgencySeed(name: "Badan Kesbangpol Provinsi \($0.name)", type: .kesbangpol, region: $0.code) }
        case .provinsi:
            return [
                seed("Badan Kesatuan Bangsa dan Politik Provinsi \(name)", .kesbangpol),
                seed("KPU Provinsi \(name)", .kpu),
                seed("Bawaslu Provinsi \(name)", .bawaslu),
                seed("Kepolisian Daerah \(name)", .polri),
                seed("Korem/Kodam wilayah \(name)", .tni),
                seed("Kejaksaan Tinggi \(name)", .kejaksaan),
                seed("Dinas Komunikasi dan Informatika Provinsi \(name)", .diskominfo),
                seed("BIN Daerah \(name)", .intelijen),
                seed("Sekretariat Daerah Provinsi \(name)", .opd),
                seed("Badan Kepegawaian Daerah Provinsi \(name)", .opd),
                seed("Badan Penanggulangan Bencana Daerah Provinsi \(name)", .opd),
                seed("Satuan Polisi Pamong Praja Provinsi \(name)", .opd),
                seed("Inspektorat Provinsi \(name)", .opd),
            ] + children.map { AgencySeed(name: "Badan Kesbangpol \($0.name)", type: .kesbangpol, region: $0.code) }
        case .kabupatenKota:
            return [
                seed("Badan Kesatuan Bangsa dan Politik \(name)", .kesbangpol),
                seed("KPU \(name)", .kpu),
                seed("Bawaslu \(name)", .bawaslu),
                seed(code.kind == .kota ? "Polresta \(name)" : "Polres \(name)", .polri),
                seed("Kodim wilayah \(name)", .tni),
                seed("Kejaksaan Negeri \(name)", .kejaksaan),
                seed("Dinas Komunikasi dan Informatika \(name)", .diskominfo),
                seed("BIN Daerah / Kominda \(name)", .intelijen),
                seed("Sekretariat Daerah \(name)", .opd),
                seed("Badan Kepegawaian dan Pengembangan SDM \(name)", .opd),
                seed("Dinas Kependudukan dan Pencatatan Sipil \(name)", .opd),
                seed("Badan Penanggulangan Bencana Daerah \(name)", .opd),
                seed("Satuan Polisi Pamong Praja \(name)", .opd),
                seed("Inspektorat \(name)", .opd),
            ] + children.map { AgencySeed(name: "Kecamatan \($0.name)", type: .kecamatan, region: $0.code) }
        case .kecamatan:
            return [seed("Kecamatan \(name)", .kecamatan)]
                + children.map { AgencySeed(name: "\($0.code.kind.label) \($0.name)", type: .opd, region: $0.code) }
        case .desaKelurahan:
            return [seed("\(code.kind.label) \(name)", .opd)]
        }
    }
}
