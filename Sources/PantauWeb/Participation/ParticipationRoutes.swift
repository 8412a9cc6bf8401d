import Foundation
import Hummingbird
import NIOCore
import PantauCore
import PantauStore

/// Polling stations (TPS) with their vulnerability survey, and voter participation: pages and API.
/// The pages live in StationPages, ParticipationPages and ComparisonPage, the API in
/// ParticipationAPI; this file holds what they share.
struct ParticipationRoutes {
    let store: Store
    let renderer: Renderer
    let maxUploadBytes: Int
    /// The zone downloads write times in.
    var zone: LocalZone = .wib

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(ElectionURL.Pattern.participationCSV)) { request, context in try await participationFile(.csv, request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.participationXLSX)) { request, context in try await participationFile(.xlsx, request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.stationsCSV)) { request, context in try await stationsFile(.csv, request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.stationsXLSX)) { request, context in try await stationsFile(.xlsx, request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.stations)) { request, context in try await stationList(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.stationImport)) { request, context in try await stationImport(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.stationsMap)) { request, context in try await stationsMap(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.station)) { request, context in try await survey(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.station)) { request, context in try await saveSurvey(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.participation)) { request, context in try await participation(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.participationImport)) { request, context in try await participationImport(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.participationMap)) { request, context in try await participationMap(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.comparison)) { request, context in try await comparison(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiStations)) { request, context in try await apiStations(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiStations)) { request, context in try await apiImportStations(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiStationSurvey)) { request, context in try await apiSurvey(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiStationSurvey)) { request, context in try await apiSaveSurvey(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiParticipation)) { request, context in try await apiParticipation(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiParticipation)) { request, context in try await apiImportParticipation(request: request, context: context) }
    }

    // MARK: Where the caller looks

    /// The region a page shows: `wilayah` from the query, inside both the election's region and
    /// the caller's jurisdiction (a kota desk sees its own part of a governor election).
    struct Area {
        /// The widest region the caller may see of this election.
        var base: RegionCode
        var region: Region
        var crumbs: [Crumb]
    }

    struct Crumb { var label: String; var href: String }

    static func base(of election: Election, for principal: Principal) -> RegionCode {
        election.region.code.isWithin(principal.jurisdiction) ? election.region.code : principal.jurisdiction
    }

    /// The requested region (or the base), with links up to the base; 404 outside it.
    func resolveArea(_ request: Request, election: Election, principal: Principal, link: (RegionCode) -> String) async throws -> Area {
        let base = Self.base(of: election, for: principal)
        let code = try QueryValues.region(request.uri.queryParameters, "wilayah") ?? base
        guard code.isWithin(base), let region = try await store.region(code) else { throw NotFound("wilayah") }
        let path = try await store.path(for: region)
        let crumbs = path.ancestors.filter { $0.code.isWithin(base) }.map { Crumb(label: $0.name, href: link($0.code)) }
        return Area(base: base, region: region, crumbs: crumbs)
    }

    /// Whether the caller may change the election's TPS and figures (its region is theirs).
    static func canManage(_ election: Election, _ principal: Principal) -> Bool {
        principal.can(.manageElections) && election.region.code.isWithin(principal.jurisdiction)
    }

    // MARK: Uploads

    /// The CSV or Excel (.xlsx) file of an import form (`berkas`, multipart), read into a table;
    /// `ImportRejected` when the file itself cannot be read.
    func uploadedTable(_ request: Request) async throws -> ImportTable {
        try await SpreadsheetImport.uploaded(request, maxBytes: maxUploadBytes)
    }

    /// The rows of an API import: a JSON array of objects, or `{"data": [...]}`.
    static func jsonRows(_ request: Request, columns: [String]) async throws -> ImportTable {
        let rows = try await JSONInput.decode(JSONRows.self, from: request, limit: 8 << 20,
                                              expected: "larik JSON berisi objek baris (atau {\"data\": [...]}), dengan nilai teks, angka atau null")
        return try TableImport.json(rows.objects, columns: columns).get()
    }

    /// Either shape of an API import body.
    struct JSONRows: Decodable {
        var objects: [[String: JSONCell]]

        init(from decoder: any Decoder) throws {
            struct Wrapped: Decodable { var data: [[String: JSONCell]] }
            if let objects = try? [[String: JSONCell]](from: decoder) { self.objects = objects } else { self.objects = try Wrapped(from: decoder).data }
        }
    }

    /// The most problems one page or answer lists; the count says how many there were.
    static let shownProblems = 1000

    struct ImportProblemRow { var line: Int; var column: String; var reason: String }

    /// What a page shows of a refused import.
    struct ImportReport {
        var count: Int
        var rows: [ImportProblemRow]
        var more: String?

        init(_ rejected: ImportRejected) {
            count = rejected.problems.count
            rows = rejected.problems.prefix(ParticipationRoutes.shownProblems).map { ImportProblemRow(line: $0.line, column: $0.column, reason: $0.reason) }
            more = count > rows.count ? "… dan \(count - rows.count) masalah lainnya." : nil
        }
    }

    /// A refused API import as problem+json: `errors` as every other 422, and `masalah` with the
    /// line (the header is line 1; in a JSON array, the position from 1), column and reason of each.
    static func problemResponse(_ rejected: ImportRejected) -> Response {
        struct Item: Encodable { var baris: Int; var kolom: String; var alasan: String }
        struct Document: Encodable {
            var type = "about:blank"
            var title: String
            var status = 422
            var detail: String
            var errors: [FieldError]
            var masalah: [Item]
            var jumlah_masalah: Int
        }
        let shown = rejected.problems.prefix(shownProblems)
        let document = Document(
            title: Problem.title(for: .unprocessableContent),
            detail: "Tidak ada yang diimpor: \(rejected.problems.count) masalah pada data. Perbaiki semua baris yang disebut lalu kirim ulang seluruhnya.",
            errors: shown.map { FieldError("baris \($0.line), kolom \($0.column)", $0.reason) },
            masalah: shown.map { Item(baris: $0.line, kolom: $0.column, alasan: $0.reason) },
            jumlah_masalah: rejected.problems.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return Response(status: .unprocessableContent, headers: [.contentType: "application/problem+json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func svgResponse(_ svg: String) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "private, max-age=60"],
                 body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    /// An inline SVG map with its own title id, so that two maps on one page stay distinct.
    static func inline(_ svg: String, id: String) -> String {
        svg.replacingOccurrences(of: "\"map-title\"", with: "\"\(id)\"")
    }
}
