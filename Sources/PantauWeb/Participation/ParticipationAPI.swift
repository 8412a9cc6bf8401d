import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The JSON API of TPS and voter participation. Rates are fractions (0.6963 = 69.63%), computed
/// from the counts in every answer and never accepted as input.
extension ParticipationRoutes {
    struct StationJSON: Codable, Sendable {
        var id: Int; var kode_wilayah: String; var nama_wilayah: String; var nomor_tps: Int; var alamat: String; var dpt: Int
        var lintang: Double?; var bujur: Double?; var jumlah_indikator: Int; var url: String
    }
    struct StationList: Codable, Sendable {
        var data: [StationJSON]; var halaman: Int; var per_halaman: Int; var berikutnya: Bool
        var jumlah_tps: Int; var tps_rawan_per_variabel: [String: Int]
    }
    struct ImportResult: Codable, Sendable { var diimpor: Int }

    struct VotesJSON: Codable, Sendable { var nomor: Int; var suara: Int; var persentase: Double? }
    struct CountsJSON: Codable, Sendable {
        var dpt_l: Int; var dpt_p: Int; var dpt: Int; var memilih_l: Int; var memilih_p: Int; var memilih: Int
        /// Null when never entered ("tidak diketahui"), for a sum when some part was never entered.
        var dptb: Int?; var dpk: Int?; var disabilitas: Int?; var suara_sah: Int; var suara_tidak_sah: Int
        var suara_paslon: [VotesJSON]
        var partisipasi: Double?; var partisipasi_dpt: Double?; var partisipasi_l: Double?; var partisipasi_p: Double?; var persentase_tidak_sah: Double?

        init(_ c: VoterCounts) {
            (dpt_l, dpt_p, dpt, memilih_l, memilih_p, memilih) = (c.dptMale, c.dptFemale, c.dpt, c.votedMale, c.votedFemale, c.voted)
            (suara_sah, suara_tidak_sah) = (c.valid, c.invalid)
            dptb = c.isKnown(.dptb) ? c.dptb : nil
            dpk = c.isKnown(.dpk) ? c.dpk : nil
            disabilitas = c.isKnown(.disabled) ? c.disabled : nil
            partisipasi_dpt = c.turnoutOfDPT
            suara_paslon = c.votes.keys.sorted().map { VotesJSON(nomor: $0, suara: c.votes[$0] ?? 0, persentase: c.share(of: $0)) }
            (partisipasi, partisipasi_l, partisipasi_p, persentase_tidak_sah) = (c.turnout, c.turnoutMale, c.turnoutFemale, c.invalidShare)
        }

        /// Every key is written, an unknown figure as null (the synthesized encoder leaves nil out).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dpt_l, forKey: .dpt_l); try container.encode(dpt_p, forKey: .dpt_p); try container.encode(dpt, forKey: .dpt)
            try container.encode(memilih_l, forKey: .memilih_l); try container.encode(memilih_p, forKey: .memilih_p); try container.encode(memilih, forKey: .memilih)
            try container.encode(dptb, forKey: .dptb); try container.encode(dpk, forKey: .dpk); try container.encode(disabilitas, forKey: .disabilitas)
            try container.encode(suara_sah, forKey: .suara_sah); try container.encode(suara_tidak_sah, forKey: .suara_tidak_sah)
            try container.encode(suara_paslon, forKey: .suara_paslon)
            try container.encode(partisipasi, forKey: .partisipasi); try container.encode(partisipasi_dpt, forKey: .partisipasi_dpt)
            try container.encode(partisipasi_l, forKey: .partisipasi_l); try container.encode(partisipasi_p, forKey: .partisipasi_p)
            try container.encode(persentase_tidak_sah, forKey: .persentase_tidak_sah)
        }
    }
    struct PartJSON: Codable, Sendable { var kode_wilayah: String; var nama_wilayah: String; var tps: Int?; var angka: CountsJSON }
    struct MismatchJSON: Codable, Sendable {
        var kode_wilayah: String; var nama_wilayah: String; var kolom: [String]; var dimasukkan: CountsJSON; var dijumlahkan: CountsJSON
    }
    struct ParticipationJSON: Codable, Sendable {
        var pemilihan: Int; var kode_wilayah: String; var nama_wilayah: String; var tingkat_dasar: String?
        var total: CountsJSON; var bagian: [PartJSON]; var tidak_sesuai: [MismatchJSON]; var total_diperiksa: Int
    }

    static let levelCodes = [1: "provinsi", 2: "kabupaten_kota", 3: "kecamatan", 4: "desa_kelurahan", 5: "tps"]

    func apiStations(request: Request, context: AppRequestContext) async throws -> JSONBody<StationList> {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let variables = Self.variables(try await store.tpsIndicators())
        let filter = try StationFilter(request, variables: Set(variables.map(\.code)))
        let area = try await resolveArea(request, election: election, principal: principal) { $0.rawValue }
        let page = try await store.participation(Scope(principal)).stations(of: election.id, in: area.region.code, variable: filter.variable, vulnerableOnly: filter.vulnerableOnly,
                                            page: filter.page, pageSize: 200)
        let summary = try await store.participation(Scope(principal)).vulnerabilitySummary(of: election.id, in: area.region.code, variable: nil)
        return JSONBody(StationList(
            data: page.items.map { s in
                StationJSON(id: s.id, kode_wilayah: s.region.code.rawValue, nama_wilayah: s.region.name, nomor_tps: s.number, alamat: s.address, dpt: s.dpt,
                            lintang: s.location?.lat, bujur: s.location?.lng, jumlah_indikator: s.findings, url: ElectionURL.station(election.id, s.id).path)
            },
            halaman: page.page, per_halaman: page.pageSize, berikutnya: page.hasNext,
            jumlah_tps: summary.stations, tps_rawan_per_variabel: Dictionary(uniqueKeysWithValues: variables.map { ($0.code, summary.byVariable[$0.code] ?? 0) })))
    }

    func apiImportStations(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        do {
            let table = try await SpreadsheetImport.jsonRows(request, columns: PollingStationRow.columns)
            let count = try await store.participation(Scope(principal)).importStations(into: election.id, table: table, actor: try context.actor())
            return try JSONBody(ImportResult(diimpor: count)).response(from: request, context: context)
        } catch let rejected as ImportRejected {
            return SpreadsheetImport.problemResponse(rejected)
        }
    }

    func apiParticipation(request: Request, context: AppRequestContext) async throws -> JSONBody<ParticipationJSON> {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let area = try await resolveArea(request, election: election, principal: principal) { $0.rawValue }
        let view = try await store.participation(Scope(principal)).participation(of: election.id, in: area.region.code)
        return JSONBody(ParticipationJSON(
            pemilihan: election.id, kode_wilayah: view.region.code.rawValue, nama_wilayah: view.region.name,
            tingkat_dasar: view.baseLevel.flatMap { Self.levelCodes[$0] },
            total: CountsJSON(view.total),
            bagian: view.parts.map { PartJSON(kode_wilayah: $0.region.code.rawValue, nama_wilayah: $0.region.name, tps: $0.tps, angka: CountsJSON($0.counts)) },
            tidak_sesuai: view.mismatches.map {
                MismatchJSON(kode_wilayah: $0.region.code.rawValue, nama_wilayah: $0.region.name, kolom: $0.fields,
                             dimasukkan: CountsJSON($0.entered), dijumlahkan: CountsJSON($0.summed))
            },
            total_diperiksa: view.checkedTotals))
    }

    func apiImportParticipation(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        do {
            let table = try await SpreadsheetImport.jsonRows(request, columns: ParticipationRow.required)
            let count = try await store.participation(Scope(principal)).importParticipation(into: election.id, table: table, actor: try context.actor())
            return try JSONBody(ImportResult(diimpor: count)).response(from: request, context: context)
        } catch let rejected as ImportRejected {
            return SpreadsheetImport.problemResponse(rejected)
        }
    }
}
