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

    static func svgResponse(_ svg: String) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "private, max-age=60"],
                 body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    /// An inline SVG map with its own title id, so that two maps on one page stay distinct.
    static func inline(_ svg: String, id: String) -> String {
        svg.replacingOccurrences(of: "\"map-title\"", with: "\"\(id)\"")
    }
}
