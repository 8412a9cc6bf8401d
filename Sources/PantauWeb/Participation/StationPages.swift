import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The TPS of an election: the list with its filters and import, the map of TPS rawan, and the
/// vulnerability survey of one TPS.
extension ParticipationRoutes {
    static let stationPageSize = 50
    static let stationSampleHeader = PollingStationRow.columns.joined(separator: ",")
    static let stationSampleRow = "36.73.01.1001,1,\"Jl. Contoh No. 1, RT 001 RW 01\",280,-6.1203,106.1502"

    struct StationFilter {
        var variable: String?
        var vulnerableOnly: Bool
        var page: Int

        init(_ request: Request, variables: Set<String>) throws {
            let query = request.uri.queryParameters
            variable = query.get("variabel").flatMap { $0.isEmpty ? nil : $0 }
            if let variable, !variables.contains(variable) { throw BadRequest("Variabel kerawanan tidak dikenal.") }
            vulnerableOnly = try QueryValues.flag(query, "rawan")
            page = try Paging.page(request)
        }
    }

    struct StationListView {
        var election: String; var electionHref: String; var participationHref: String
        var region: String; var crumbs: [Crumb]
        var regionCode: String; var places: [Option]; var hasPlaces: Bool
        var variables: [Option]; var vulnerableOnly: Bool; var action: String
        var totalStations: String; var vulnerableStations: String; var selectedStations: String?
        var variableRows: [VariableCount]
        var map: String; var mapHref: String; var hasMap: Bool
        var rawanLabel: String; var childLevel: String; var childRows: [ChildCount]
        var rows: [StationRow]; var empty: Bool; var filtered: Bool
        var previousHref: String?; var nextHref: String?
        var canManage: Bool; var importAction: String; var sampleHeader: String; var sampleRow: String
        var report: SpreadsheetImport.ImportReport?; var errors: [String]; var notice: String?
        var downloads: [Download] = []
    }
    struct VariableCount { var name: String; var count: Int; var href: String; var active: Bool }
    struct ChildCount { var name: String; var count: Int; var href: String }
    struct StationRow {
        var number: Int; var href: String; var region: String; var address: String; var dpt: String
        var findings: Int; var rawan: Bool; var located: Bool
    }

    func stationList(request: Request, context: AppRequestContext) async throws -> Response {
        try await renderStationList(request, context)
    }

    func renderStationList(_ request: Request, _ context: AppRequestContext, report: SpreadsheetImport.ImportReport? = nil, failure: ValidationFailure? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let indicators = try await store.tpsIndicators()
        let variables = Self.variables(indicators)
        let filter = try StationFilter(request, variables: Set(variables.map(\.code)))
        let path = ElectionURL.stations(election.id).path
        let filters: [(String, String?)] = [("variabel", filter.variable), ("rawan", filter.vulnerableOnly ? "1" : nil)]
        let area = try await resolveArea(request, election: election, principal: principal) { QueryLink.make(path, [("wilayah", $0.rawValue)] + filters) }
        let code = area.region.code
        let page = try await store.participation(Scope(principal)).stations(of: election.id, in: code, variable: filter.variable, vulnerableOnly: filter.vulnerableOnly,
                                            page: filter.page, pageSize: Self.stationPageSize)
        let overall = try await store.participation(Scope(principal)).vulnerabilitySummary(of: election.id, in: code, variable: nil)
        let selected = filter.variable == nil ? overall : try await store.participation(Scope(principal)).vulnerabilitySummary(of: election.id, in: code, variable: filter.variable)
        let pageFilters = [("wilayah", code == area.base ? nil : code.rawValue)] + filters
        let hasMap = code.level.rawValue < RegionLevel.desaKelurahan.rawValue
        let map = hasMap ? try await stationsChoropleth(election: election, region: area.region, variable: filter.variable, variables: variables,
                                                        filters: filters, byChild: selected.byChild, scope: Scope(principal)) : ""
        let children = hasMap ? try await store.children(of: code).map(\.region) : []
        return try renderer.page("participation/tps", title: "TPS · \(election.name)", section: .elections, context: context, status: status, body: StationListView(
            election: election.name, electionHref: ElectionURL.election(election.id).path,
            participationHref: QueryLink.make(ElectionURL.participation(election.id).path, [("wilayah", code.rawValue)]),
            region: area.region.displayName, crumbs: area.crumbs,
            regionCode: code == area.base ? "" : code.rawValue,
            places: try await Places.options(store: store, jurisdiction: area.base, selected: code.rawValue, includeKecamatan: true),
            hasPlaces: area.base.level == .kabupatenKota || area.base.level == .kecamatan,
            variables: variables.map { Option(value: $0.code, label: $0.name, selected: $0.code == filter.variable) },
            vulnerableOnly: filter.vulnerableOnly, action: path,
            totalStations: countText(overall.stations), vulnerableStations: countText(overall.byChild.values.reduce(0, +)),
            selectedStations: filter.variable == nil ? nil : countText(selected.byChild.values.reduce(0, +)),
            variableRows: variables.map { variable in
                VariableCount(name: variable.name, count: overall.byVariable[variable.code] ?? 0,
                              href: QueryLink.make(path, [("wilayah", pageFilters[0].1), ("variabel", variable.code)]), active: variable.code == filter.variable)
            },
            map: Self.inline(map, id: "peta-tps"),
            mapHref: QueryLink.make(ElectionURL.stationsMap(election.id).path, pageFilters), hasMap: hasMap,
            rawanLabel: Self.rawanLabel(filter.variable, variables), childLevel: code.level.child?.label.lowercased() ?? "wilayah",
            childRows: children.map { child in
                ChildCount(name: child.name, count: selected.byChild[child.code.rawValue] ?? 0, href: QueryLink.make(path, [("wilayah", child.code.rawValue)] + filters))
            },
            rows: page.items.map { station in
                StationRow(number: station.number, href: ElectionURL.station(election.id, station.id).path, region: station.region.name,
                           address: station.address, dpt: countText(station.dpt), findings: station.findings, rawan: station.findings > 0,
                           located: station.location != nil)
            },
            empty: page.items.isEmpty, filtered: filter.variable != nil || filter.vulnerableOnly,
            previousHref: page.page > 1 ? Paging.link(path, filters: pageFilters, page: page.page - 1) : nil,
            nextHref: page.hasNext ? Paging.link(path, filters: pageFilters, page: page.page + 1) : nil,
            canManage: Self.canManage(election, principal), importAction: ElectionURL.stationImport(election.id).path,
            sampleHeader: Self.stationSampleHeader, sampleRow: Self.stationSampleRow,
            report: report, errors: failure?.errors.map(\.message) ?? [], notice: Self.importNotice(request, what: "TPS"),
            downloads: Self.downloads({ ElectionURL.stationsFile(election.id, $0).path }, query: [("wilayah", code.rawValue)])))
    }

    /// The survey's variables in their order, with their names.
    static func variables(_ indicators: [TPSIndicator]) -> [(code: String, name: String)] {
        var seen = Set<String>()
        return indicators.compactMap { seen.insert($0.variable).inserted ? ($0.variable, $0.variableName) : nil }
    }

    static func importNotice(_ request: Request, what: String) -> String? {
        if let count = request.uri.queryParameters.get("diimpor").flatMap(Int.init) { return "\(countText(count)) baris \(what) diimpor." }
        return Notice.text(request)
    }

    func stationImport(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        do {
            let table = try await uploadedTable(request)
            let count = try await store.participation(Scope(principal)).importStations(into: election.id, table: table, actor: try context.actor())
            return .redirect(to: QueryLink.make(ElectionURL.stations(election.id).path, [("diimpor", String(count))]), type: .normal)
        } catch let rejected as ImportRejected {
            return try await renderStationList(request, context, report: SpreadsheetImport.ImportReport(rejected), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            return try await renderStationList(request, context, failure: failure, status: .unprocessableContent)
        }
    }

    // MARK: Map

    func stationsMap(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let variables = Self.variables(try await store.tpsIndicators())
        let filter = try StationFilter(request, variables: Set(variables.map(\.code)))
        let filters: [(String, String?)] = [("variabel", filter.variable)]
        let area = try await resolveArea(request, election: election, principal: principal) { $0.rawValue }
        return Self.svgResponse(try await stationsChoropleth(election: election, region: area.region, variable: filter.variable, variables: variables, filters: filters, scope: Scope(principal)))
    }

    static func rawanLabel(_ variable: String?, _ variables: [(code: String, name: String)]) -> String {
        variable.flatMap { code in variables.first { $0.code == code }?.name }.map { "TPS rawan \($0.lowercased())" } ?? "TPS rawan"
    }

    /// The children of `region` shaded by their number of TPS rawan (for one variable, or any).
    func stationsChoropleth(election: Election, region: Region, variable: String?, variables: [(code: String, name: String)],
                            filters: [(String, String?)], byChild known: [String: Int]? = nil, scope: Scope) async throws -> String {
        let what = Self.rawanLabel(variable, variables)
        let title = "\(what) per wilayah, \(region.displayName)"
        let renderer = SVGMapRenderer()
        guard region.level != .desaKelurahan else {
            return renderer.placeholder(title: title, message: "Peta per wilayah tersedia sampai tingkat kecamatan; daftar TPS ada di bawah.")
        }
        var byChild = known ?? [:]
        if known == nil { byChild = try await store.participation(scope).vulnerabilitySummary(of: election.id, in: region.code, variable: variable).byChild }
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let scale = ChoroplethScale(values: boundaries.map { byChild[$0.region.code.rawValue] ?? 0 })
        let path = ElectionURL.stations(election.id).path
        let areas = boundaries.map { boundary in
            let count = byChild[boundary.region.code.rawValue] ?? 0
            return MapArea(code: boundary.region.code.rawValue, name: boundary.region.name,
                           href: QueryLink.make(path, [("wilayah", boundary.region.code.rawValue)] + filters),
                           polygons: boundary.polygons, labelPoint: boundary.labelPoint, fill: scale.color(for: count), detail: "\(count) \(what)")
        }
        guard !areas.isEmpty else { return renderer.placeholder(title: title, message: "Data batas wilayah belum tersedia.") }
        return renderer.render(title: title, areas: areas, missing: missing.map(\.name), legend: MapLegend(title: "Jumlah \(what)", entries: scale.legend))
    }

    // MARK: Survey of one TPS

    struct SurveyView {
        var election: String; var electionHref: String; var stationsHref: String
        var title: String; var region: String; var address: String; var dpt: String; var coordinates: String?
        var variables: [SurveyVariable]; var findings: Int
        var canManage: Bool; var action: String; var notice: String?; var errors: [String]
    }
    struct SurveyVariable { var code: String; var name: String; var indicators: [SurveyIndicator]; var badge: String? }
    struct SurveyIndicator { var id: Int; var label: String; var checked: Bool; var retired: Bool }

    func survey(request: Request, context: AppRequestContext) async throws -> Response {
        try await renderSurvey(request, context)
    }

    func renderSurvey(_ request: Request, _ context: AppRequestContext, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let stationID = context.parameters.get("station", as: Int.self) else { throw NotFound("TPS") }
        guard let (station, found) = try await store.participation(Scope(principal)).station(stationID, of: election.id) else { throw NotFound("TPS") }
        // Retired indicators stay visible where they were recorded.
        let indicators = try await store.tpsIndicators(includeInactive: true).filter { $0.active == 1 || found.contains($0.id) }
        let path = try await store.path(for: station.region)
        let variables = Self.variables(indicators).map { variable in
            let items = indicators.filter { $0.variable == variable.code }.map {
                SurveyIndicator(id: $0.id, label: $0.label, checked: found.contains($0.id), retired: $0.active == 0)
            }
            let checked = items.filter(\.checked).count
            return SurveyVariable(code: variable.code, name: variable.name, indicators: items, badge: checked > 0 ? String(checked) : nil)
        }
        return try renderer.page("participation/tps-survey", title: "TPS \(station.number) \(station.region.name)", section: .elections, context: context,
                             status: failure == nil ? .ok : .unprocessableContent, body: SurveyView(
            election: election.name, electionHref: ElectionURL.election(election.id).path,
            stationsHref: QueryLink.make(ElectionURL.stations(election.id).path, [("wilayah", station.region.code.rawValue)]),
            title: "TPS \(station.number)", region: path.text, address: station.address.isEmpty ? "–" : station.address, dpt: countText(station.dpt),
            coordinates: station.location.map { "\(decimalText($0.lat, digits: 5)); \(decimalText($0.lng, digits: 5))" },
            variables: variables, findings: found.count,
            canManage: Self.canManage(election, principal), action: ElectionURL.station(election.id, station.id).path,
            notice: Notice.text(request), errors: failure?.errors.map(\.message) ?? []))
    }

    func saveSurvey(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let stationID = context.parameters.get("station", as: Int.self) else { throw NotFound("TPS") }
        let form = try await Forms.read(request)
        var chosen = Set<Int>()
        for value in form.all("indikator") {
            guard let id = Int(value) else { throw BadRequest("Indikator tidak valid.") }
            chosen.insert(id)
        }
        do {
            try await store.participation(Scope(principal)).recordFindings(at: stationID, of: election.id, indicators: chosen, actor: try context.actor())
        } catch let failure as ValidationFailure {
            return try await renderSurvey(request, context, failure: failure)
        }
        return .redirect(to: ElectionURL.station(election.id, stationID).path + "?notice=saved", type: .normal)
    }

    // MARK: Survey API

    struct IndicatorJSON: Codable, Sendable { var id: Int; var variabel: String; var nama_variabel: String; var kode: String; var indikator: String; var berlaku: Bool }
    struct SurveyJSON: Codable, Sendable { var tps: Int; var nomor: Int; var kode_wilayah: String; var indikator: [IndicatorJSON]; var jumlah_berlaku: Int }
    struct SurveyBody: Decodable { var indikator: [Int] }

    func surveyJSON(_ station: PollingStation, _ found: Set<Int>) async throws -> SurveyJSON {
        let indicators = try await store.tpsIndicators()
        return SurveyJSON(tps: station.id, nomor: station.number, kode_wilayah: station.region.code.rawValue,
                          indikator: indicators.map { IndicatorJSON(id: $0.id, variabel: $0.variable, nama_variabel: $0.variableName, kode: $0.code,
                                                                    indikator: $0.label, berlaku: found.contains($0.id)) },
                          jumlah_berlaku: found.count)
    }

    func apiSurvey(request: Request, context: AppRequestContext) async throws -> JSONBody<SurveyJSON> {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let stationID = context.parameters.get("station", as: Int.self),
              let (station, found) = try await store.participation(Scope(principal)).station(stationID, of: election.id) else { throw NotFound("TPS") }
        return JSONBody(try await surveyJSON(station, found))
    }

    /// Sets which indicators hold at a TPS (the whole set, replacing the last survey).
    func apiSaveSurvey(request: Request, context: AppRequestContext) async throws -> JSONBody<SurveyJSON> {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let stationID = context.parameters.get("station", as: Int.self) else { throw NotFound("TPS") }
        let body = try await JSONInput.decode(SurveyBody.self, from: request, expected: #"objek JSON {"indikator": [id, ...]}"#)
        try await store.participation(Scope(principal)).recordFindings(at: stationID, of: election.id, indicators: Set(body.indikator),
                                       actor: try context.actor())
        guard let (station, found) = try await store.participation(Scope(principal)).station(stationID, of: election.id) else { throw NotFound("TPS") }
        return JSONBody(try await surveyJSON(station, found))
    }
}
