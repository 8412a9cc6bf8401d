import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The participation recapitulation and the TPS list of an election as CSV or Excel, for the
/// region the page shows (`wilayah`), with the page's figures: counts as numbers, rates as
/// fractions Excel can format, and a figure never entered left empty ("tidak diketahui").
extension ParticipationRoutes {
    struct Download { var label: String; var href: String }

    /// The page's table as Excel, CSV and semicolon CSV, for the same region.
    static func downloads(_ path: (String) -> String, query: [(String, String?)]) -> [Download] {
        [Download(label: "Excel (.xlsx)", href: QueryLink.make(path("xlsx"), query)), Download(label: "CSV", href: QueryLink.make(path("csv"), query)),
         Download(label: "CSV titik koma (Excel berbahasa Indonesia)", href: QueryLink.make(path("csv"), query + [("pemisah", "titik-koma")]))]
    }

    func participationFile(_ format: TableDownload.Format, request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let area = try await resolveArea(request, election: election, principal: principal) { _ in "" }
        let view = try await store.participation(Scope(principal)).participation(of: election.id, in: area.region.code)
        let numbers = Array(view.parts.reduce(into: Set(view.total.votes.keys)) { $0.formUnion($1.counts.votes.keys) }).sorted()
        var columns = [DownloadColumn(header: "Kode wilayah", width: 15), DownloadColumn(header: "Wilayah", width: 24), DownloadColumn(header: "TPS", width: 6)]
        columns += ["DPT laki-laki", "DPT perempuan", "DPT", "Memilih laki-laki", "Memilih perempuan", "Memilih", "Memilih dari DPTb", "Memilih dari DPK",
                    "Pemilih disabilitas", "Suara sah", "Suara tidak sah"].map { DownloadColumn(header: $0, width: 11) }
        columns += ["Partisipasi (memilih ÷ (DPT + DPTb + DPK))", "Partisipasi terhadap DPT (memilih ÷ DPT)", "Partisipasi laki-laki (÷ DPT laki-laki)",
                    "Partisipasi perempuan (÷ DPT perempuan)"].map { DownloadColumn(header: $0, width: 14) }
        columns += numbers.map { DownloadColumn(header: "Suara paslon \($0)", width: 11) }
        func rate(_ value: Double?) -> ExportCell { value.map { .decimal(($0 * 10_000).rounded() / 10_000) } ?? .empty }
        func row(code: String, name: String, tps: Int?, _ c: VoterCounts) -> [ExportCell] {
            func optional(_ field: OptionalCount, _ value: Int) -> ExportCell { c.isKnown(field) ? .integer(value) : .empty }
            return [.text(code), .text(name), tps.map { .integer($0) } ?? .empty,
                    .integer(c.dptMale), .integer(c.dptFemale), .integer(c.dpt), .integer(c.votedMale), .integer(c.votedFemale), .integer(c.voted),
                    optional(.dptb, c.dptb), optional(.dpk, c.dpk), optional(.disabled, c.disabled), .integer(c.valid), .integer(c.invalid),
                    rate(c.turnout), rate(c.turnoutOfDPT), rate(c.turnoutMale), rate(c.turnoutFemale)]
                + numbers.map { c.votes[$0].map { .integer($0) } ?? .empty }
        }
        var rows = view.parts.map { row(code: $0.region.code.rawValue, name: $0.region.name, tps: $0.tps, $0.counts) }
        if view.baseLevel != nil { rows.append(row(code: area.region.code.rawValue, name: "Jumlah \(area.region.displayName)", tps: nil, view.total)) }
        return try TableDownload.response(format, request: request, name: "partisipasi-\(election.id)-\(area.region.code.rawValue)", sheet: "Partisipasi",
                                          columns: columns, rows: rows, zone: zone)
    }

    func stationsFile(_ format: TableDownload.Format, request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let area = try await resolveArea(request, election: election, principal: principal) { _ in "" }
        let stations = store.participation(Scope(principal))
        var rows: [[ExportCell]] = []
        // A kab/kota has a few thousand TPS: read 500 at a time.
        for page in 1...400 {
            let batch = try await stations.stations(of: election.id, in: area.region.code, page: page, pageSize: 500)
            for s in batch.items {
                rows.append([.text(s.region.code.rawValue), .text(s.region.name), .integer(s.number), s.address.isEmpty ? .empty : .text(s.address), .integer(s.dpt),
                             s.location.map { .decimal($0.lat) } ?? .empty, s.location.map { .decimal($0.lng) } ?? .empty, .integer(s.findings)])
            }
            if !batch.hasNext { break }
        }
        let columns = [DownloadColumn(header: "Kode wilayah", width: 15), DownloadColumn(header: "Desa/Kelurahan", width: 22), DownloadColumn(header: "Nomor TPS", width: 8),
                       DownloadColumn(header: "Alamat", width: 32), DownloadColumn(header: "DPT", width: 8), DownloadColumn(header: "Lintang", width: 11),
                       DownloadColumn(header: "Bujur", width: 11), DownloadColumn(header: "Indikator rawan terpenuhi", width: 12)]
        return try TableDownload.response(format, request: request, name: "tps-\(election.id)-\(area.region.code.rawValue)", sheet: "TPS",
                                          columns: columns, rows: rows, zone: zone)
    }
}
