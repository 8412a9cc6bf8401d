/// One bad cell or row of an uploaded table: its line (1 = the header), its column and why.
public struct ImportProblem: Sendable, Equatable, Codable, Error {
    public var line: Int
    public var column: String
    public var reason: String

    public init(line: Int, column: String, reason: String) { (self.line, self.column, self.reason) = (line, column, reason) }
}

/// Every problem of an upload; nothing was imported.
public struct ImportRejected: Error, Sendable, Equatable {
    public var problems: [ImportProblem]
    public init(_ problems: [ImportProblem]) { self.problems = problems }
}

/// A table read from CSV: the header and the rows as dictionaries, with their line numbers.
public struct ImportTable: Sendable {
    public var header: [String]
    public var rows: [(line: Int, cells: [String: String])]

    public init(header: [String], rows: [(line: Int, cells: [String: String])]) { (self.header, self.rows) = (header, rows) }

    /// Problems for required columns missing from the header.
    public func missing(_ required: [String]) -> [ImportProblem] {
        required.filter { !header.contains($0) }.map { ImportProblem(line: 1, column: $0, reason: "kolom wajib tidak ada pada baris judul") }
    }
}

/// Reads the cells of one row, collecting a problem per bad cell.
public struct RowReader {
    public let line: Int
    public let cells: [String: String]
    public private(set) var problems: [ImportProblem] = []

    public init(line: Int, cells: [String: String]) { (self.line, self.cells) = (line, cells) }

    public func text(_ column: String) -> String { (cells[column] ?? "").trimmingWhitespace() }

    public mutating func fail(_ column: String, _ reason: String) { problems.append(ImportProblem(line: line, column: column, reason: reason)) }

    /// A whole number >= 0, optionally with dots between thousands ("12.345"); empty counts as 0
    /// unless required.
    public mutating func count(_ column: String, required: Bool = true, maximum: Int = 10_000_000) -> Int {
        let text = text(column)
        if text.isEmpty {
            if required { fail(column, "wajib diisi") }
            return 0
        }
        guard let value = Self.wholeNumber(text) else { fail(column, "\"\(text.prefix(20))\" bukan bilangan bulat tidak negatif"); return 0 }
        guard value <= maximum else { fail(column, "\(value) terlalu besar (paling banyak \(maximum))"); return 0 }
        return value
    }

    /// "1234" or "1.234" (dots only between groups of three digits, as Indonesians write them).
    static func wholeNumber(_ text: String) -> Int? {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        guard groups.count == 1 || (groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) else { return nil }
        guard groups.reduce(0, { $0 + $1.count }) <= 12 else { return nil }
        return Int(groups.joined())
    }

    public mutating func coordinate(_ column: String, range: ClosedRange<Double>) -> Double? {
        let text = text(column).replacingOccurrences(of: ",", with: ".")
        if text.isEmpty { return nil }
        guard let value = Double(text), range.contains(value) else { fail(column, "\"\(text.prefix(20))\" bukan koordinat di Indonesia"); return nil }
        return value
    }
}

/// A polling station (TPS) row of an import.
public struct PollingStationRow: Sendable, Equatable {
    public var region: RegionCode
    public var number: Int
    public var address: String
    public var dpt: Int
    public var location: GeoPoint?

    public init(region: RegionCode, number: Int, address: String, dpt: Int, location: GeoPoint?) {
        (self.region, self.number, self.address, self.dpt, self.location) = (region, number, address, dpt, location)
    }

    public static let columns = ["kode_wilayah", "nomor_tps", "alamat", "dpt", "lintang", "bujur"]
    public static let required = ["kode_wilayah", "nomor_tps", "dpt"]

    /// Checks every row; returns all rows or every problem, never a part.
    public static func parse(_ table: ImportTable, isKelurahanInScope: (RegionCode) -> Bool) -> Result<[PollingStationRow], ImportRejected> {
        var problems = table.missing(required)
        guard problems.isEmpty else { return .failure(ImportRejected(problems)) }
        var rows: [PollingStationRow] = []
        var seen: [String: Int] = [:]
        for (line, cells) in table.rows {
            var reader = RowReader(line: line, cells: cells)
            let codeText = reader.text("kode_wilayah")
            let code = RegionCode(codeText)
            if code == nil || code?.level != .desaKelurahan {
                reader.fail("kode_wilayah", "\"\(codeText.prefix(20))\" bukan kode desa/kelurahan")
            } else if !isKelurahanInScope(code!) {
                reader.fail("kode_wilayah", "\(codeText) tidak dikenal atau di luar wilayah pemilihan")
            }
            let before = reader.problems.count
            let number = reader.count("nomor_tps", maximum: 9999)
            if reader.problems.count == before && number == 0 { reader.fail("nomor_tps", "nomor TPS mulai dari 1") }
            let address = reader.text("alamat")
            if address.length > 300 || address.containsControlCharacters { reader.fail("alamat", "alamat terlalu panjang atau berisi karakter tak sah") }
            let dpt = reader.count("dpt", maximum: 5000)
            let lat = reader.coordinate("lintang", range: -11.5...6.5), lng = reader.coordinate("bujur", range: 94...142)
            if (lat == nil) != (lng == nil) && reader.problems.allSatisfy({ $0.column != "lintang" && $0.column != "bujur" }) {
                reader.fail(lat == nil ? "lintang" : "bujur", "lintang dan bujur diisi keduanya atau tidak sama sekali")
            }
            if let code, number > 0 {
                let key = "\(code)#\(number)"
                if let first = seen[key] { reader.fail("nomor_tps", "TPS \(number) di \(code) sudah ada pada baris \(first)") } else { seen[key] = line }
            }
            problems += reader.problems
            if reader.problems.isEmpty, let code {
                rows.append(PollingStationRow(region: code, number: number, address: address, dpt: dpt,
                                              location: lat.flatMap { lat in lng.map { GeoPoint(lng: $0, lat: lat) } }))
            }
        }
        if table.rows.isEmpty { problems.append(ImportProblem(line: 2, column: "-", reason: "berkas tidak berisi baris data")) }
        return problems.isEmpty ? .success(rows) : .failure(ImportRejected(problems))
    }
}

/// A row of voter figures for a region or a TPS.
public struct ParticipationRow: Sendable, Equatable {
    public var region: RegionCode
    public var tps: Int?
    public var counts: VoterCounts

    public init(region: RegionCode, tps: Int?, counts: VoterCounts) { (self.region, self.tps, self.counts) = (region, tps, counts) }

    /// Every column a row may have besides `paslon_<number>`, in the order of the sample header.
    public static let columns = ["kode_wilayah", "tps", "dpt_l", "dpt_p", "memilih_l", "memilih_p", "dptb", "dpk", "disabilitas", "suara_sah", "suara_tidak_sah"]
    public static let required = ["kode_wilayah", "dpt_l", "dpt_p", "memilih_l", "memilih_p", "suara_sah", "suara_tidak_sah"]

    /// Checks every row against the election's candidate numbers and regions; all or nothing.
    public static func parse(_ table: ImportTable, candidates: Set<Int>, isRegionInScope: (RegionCode) -> Bool) -> Result<[ParticipationRow], ImportRejected> {
        var problems = table.missing(required)
        for column in table.header where column.hasPrefix("paslon_") {
            if Int(column.dropFirst(7)).map(candidates.contains) != true {
                problems.append(ImportProblem(line: 1, column: column, reason: "paslon nomor \(column.dropFirst(7)) tidak ada pada pemilihan ini"))
            }
        }
        guard problems.isEmpty else { return .failure(ImportRejected(problems)) }
        var rows: [ParticipationRow] = [], seen: [String: Int] = [:]
        for (line, cells) in table.rows {
            var reader = RowReader(line: line, cells: cells)
            let codeText = reader.text("kode_wilayah")
            let code = RegionCode(codeText)
            if code == nil || code!.isNational { reader.fail("kode_wilayah", "\"\(codeText.prefix(20))\" bukan kode wilayah") }
            else if !isRegionInScope(code!) { reader.fail("kode_wilayah", "\(codeText) tidak dikenal atau di luar wilayah pemilihan") }
            var tps: Int?
            if !reader.text("tps").isEmpty {
                let before = reader.problems.count
                tps = reader.count("tps", maximum: 9999)
                if reader.problems.count == before && tps == 0 { reader.fail("tps", "nomor TPS mulai dari 1") }
                if code != nil && code?.level != .desaKelurahan { reader.fail("tps", "nomor TPS hanya untuk baris desa/kelurahan") }
            }
            var counts = VoterCounts()
            counts.dptMale = reader.count("dpt_l"); counts.dptFemale = reader.count("dpt_p")
            counts.votedMale = reader.count("memilih_l"); counts.votedFemale = reader.count("memilih_p")
            // An empty optional figure was not recorded: "tidak diketahui", not 0.
            for field in OptionalCount.allCases where reader.text(field.rawValue).isEmpty { counts.unknown.insert(field) }
            counts.dptb = reader.count("dptb", required: false); counts.dpk = reader.count("dpk", required: false)
            counts.disabled = reader.count("disabilitas", required: false)
            counts.valid = reader.count("suara_sah"); counts.invalid = reader.count("suara_tidak_sah")
            for column in table.header where column.hasPrefix("paslon_") {
                counts.votes[Int(column.dropFirst(7))!] = reader.count(column)
            }
            if reader.problems.isEmpty {
                for problem in counts.problems(candidates: candidates) { reader.fail(problem.column, problem.reason) }
            }
            if let code {
                let key = "\(code)#\(tps ?? 0)"
                if let first = seen[key] { reader.fail("kode_wilayah", "wilayah/TPS ini sudah ada pada baris \(first)") } else { seen[key] = line }
            }
            problems += reader.problems
            if reader.problems.isEmpty, let code { rows.append(ParticipationRow(region: code, tps: tps, counts: counts)) }
        }
        if table.rows.isEmpty { problems.append(ImportProblem(line: 2, column: "-", reason: "berkas tidak berisi baris data")) }
        return problems.isEmpty ? .success(rows) : .failure(ImportRejected(problems))
    }
}

/// Bawaslu's TPS vulnerability survey (TPS rawan, Pilkada 2024): 8 variables and their indicators.
/// The store seeds this list; administrators may retire or add indicators later.
public enum TPSVulnerability {
    public struct Variable: Sendable {
        public var code: String
        public var name: String
        public var indicators: [(code: String, label: String)]
    }

    public static let variables: [Variable] = [
        Variable(code: "hak_pilih", name: "Penggunaan hak pilih", indicators: [
            ("dpt_tms", "Terdapat pemilih DPT yang tidak memenuhi syarat (meninggal, pindah, TNI/Polri)"),
            ("dptb", "Terdapat pemilih pindahan (DPTb)"),
            ("potensi_dpk", "Terdapat potensi pemilih yang tidak terdaftar di DPT (DPK)"),
            ("disabilitas", "Terdapat pemilih disabilitas"),
            ("riwayat_psu", "Riwayat pemungutan atau penghitungan suara ulang"),
        ]),
        Variable(code: "keamanan", name: "Keamanan", indicators: [
            ("riwayat_kekerasan", "Riwayat kekerasan di TPS"),
            ("riwayat_intimidasi", "Riwayat intimidasi terhadap penyelenggara atau pemilih"),
            ("penolakan", "Riwayat penolakan penyelenggaraan pemungutan suara"),
        ]),
        Variable(code: "politik_uang", name: "Politik uang", indicators: [
            ("riwayat_politik_uang", "Riwayat pemberian uang atau barang di sekitar TPS"),
            ("potensi_politik_uang", "Informasi rencana pemberian uang atau barang"),
        ]),
        Variable(code: "sara", name: "Politisasi SARA dan ujaran kebencian", indicators: [
            ("politisasi_sara", "Riwayat politisasi SARA di sekitar TPS"),
            ("ujaran_kebencian", "Riwayat ujaran kebencian di sekitar TPS"),
        ]),
        Variable(code: "netralitas", name: "Netralitas", indicators: [
            ("penyelenggara", "Penyelenggara pemilihan tidak netral"),
            ("asn", "ASN tidak netral"),
            ("tni_polri", "TNI/Polri tidak netral"),
            ("kepala_desa", "Kepala desa atau perangkat desa tidak netral"),
            ("kpps_kampanye", "KPPS berkampanye untuk peserta"),
        ]),
        Variable(code: "logistik", name: "Logistik", indicators: [
            ("kerusakan", "Riwayat kerusakan logistik"),
            ("kekurangan", "Riwayat kekurangan logistik"),
            ("keterlambatan", "Riwayat keterlambatan distribusi logistik"),
        ]),
        Variable(code: "lokasi", name: "Lokasi TPS", indicators: [
            ("sulit_dijangkau", "TPS sulit dijangkau"),
            ("rawan_konflik", "TPS di wilayah rawan konflik"),
            ("rawan_bencana", "TPS di wilayah rawan bencana"),
            ("dekat_paslon", "TPS dekat rumah atau posko pasangan calon"),
            ("lokasi_khusus", "TPS di lokasi khusus (lapas, rumah sakit, pabrik, asrama)"),
        ]),
        Variable(code: "jaringan", name: "Jaringan listrik dan internet", indicators: [
            ("listrik", "Kendala aliran listrik di TPS"),
            ("internet", "Kendala jaringan internet di TPS"),
        ]),
    ]
}
