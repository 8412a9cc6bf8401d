import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Two elections side by side for the same regions (Pilwalkot Serang 2018 and 2024): turnout of
/// each per child region, the change in percentage points, a grouped chart, and maps of turnout
/// and of its change. The change is always the later election minus the earlier one.
extension ParticipationRoutes {
    struct ComparisonView {
        var election: String; var electionHref: String; var participationHref: String
        var region: String; var crumbs: [Crumb]; var action: String
        var others: [Option]; var hasOthers: Bool; var chosen: Bool
        var regionCode: String; var places: [Option]; var hasPlaces: Bool
        var earlier: String; var later: String; var earlierName: String; var laterName: String
        var rows: [ComparisonRow]; var hasRows: Bool; var total: ComparisonRow?
        var chart: String; var turnoutMap: String; var changeMap: String
    }
    struct ComparisonRow {
        var name: String; var href: String?
        var earlierDPT: String; var laterDPT: String; var earlierTurnout: String; var laterTurnout: String
        var change: String; var direction: String
    }

    func comparison(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let path = ElectionURL.comparison(election.id).path
        let visible = try await store.elections(Scope(principal)).list().filter { $0.id != election.id }
        var other: Election?
        if let text = request.uri.queryParameters.get("dengan"), !text.isEmpty {
            guard let id = Int(text) else { throw BadRequest("Pemilihan pembanding tidak valid.") }
            guard let found = try await store.elections(Scope(principal)).election(id), found.id != election.id else { throw NotFound("pemilihan pembanding") }
            other = found
        }
        let otherID = other.map { String($0.id) }
        // The region must lie in what the caller sees of both elections.
        var scoped = election
        if let other {
            let first = Self.base(of: election, for: principal), second = Self.base(of: other, for: principal)
            guard first.isWithin(second) || second.isWithin(first) else {
                throw BadRequest("\(other.name) tidak meliputi wilayah \(election.name); pilih pemilihan lain.")
            }
            if second.isWithin(first), let region = try await store.region(second) { scoped.region = region }
        }
        let area = try await resolveArea(request, election: scoped, principal: principal) { QueryLink.make(path, [("dengan", otherID), ("wilayah", $0.rawValue)]) }
        let code = area.region.code
        var view = ComparisonView(
            election: election.name, electionHref: ElectionURL.election(election.id).path,
            participationHref: QueryLink.make(ElectionURL.participation(election.id).path, [("wilayah", code.rawValue)]),
            region: area.region.displayName, crumbs: area.crumbs, action: path,
            others: visible.map { Option(value: String($0.id), label: "\($0.name) (\($0.votingDay.year))", selected: $0.id == other?.id) },
            hasOthers: !visible.isEmpty, chosen: other != nil,
            regionCode: code == area.base ? "" : code.rawValue,
            places: try await Places.options(store: store, jurisdiction: area.base, selected: code.rawValue, includeKecamatan: true),
            hasPlaces: area.base.level == .kabupatenKota || area.base.level == .kecamatan,
            earlier: "", later: "", earlierName: "", laterName: "", rows: [], hasRows: false, total: nil, chart: "", turnoutMap: "", changeMap: "")
        guard let other else {
            return try renderer.page("participation/comparison", title: "Bandingkan · \(election.name)", section: .elections, context: context, body: view)
        }
        let (earlier, later) = other.votingDay < election.votingDay ? (other, election) : (election, other)
        let earlierView = try await store.participation(Scope(principal)).participation(of: earlier.id, in: code)
        let laterView = try await store.participation(Scope(principal)).participation(of: later.id, in: code)
        func parts(_ v: ParticipationView) -> [(key: String, name: String, counts: VoterCounts)] {
            v.parts.map { (key: $0.region.code.rawValue + ($0.tps.map { "#\($0)" } ?? ""), name: Self.partName($0), counts: $0.counts) }
        }
        let compared = TurnoutComparison(total: (area.region.displayName, laterView.total, earlierView.total),
                                         current: parts(laterView), previous: parts(earlierView))
        let baseLevel = max(earlierView.baseLevel ?? 0, laterView.baseLevel ?? 0)
        func row(_ place: TurnoutComparison.Place, href: String?) -> ComparisonRow {
            ComparisonRow(name: place.name, href: href,
                          earlierDPT: place.previous.map { countText($0.dpt) } ?? "–", laterDPT: place.current.map { countText($0.dpt) } ?? "–",
                          earlierTurnout: percentText(place.previous?.turnout), laterTurnout: percentText(place.current?.turnout),
                          change: pointsText(place.change), direction: place.change.map { $0 >= ChangeScale.threshold ? "naik" : $0 <= -ChangeScale.threshold ? "turun" : "tetap" } ?? "")
        }
        // Column heads and chart series by year when the years differ: election names are long.
        let byYear = earlier.votingDay.year != later.votingDay.year
        view.earlier = byYear ? String(earlier.votingDay.year) : earlier.name
        view.later = byYear ? String(later.votingDay.year) : later.name
        (view.earlierName, view.laterName) = ("\(earlier.name) (\(earlier.votingDay.longIndonesian))", "\(later.name) (\(later.votingDay.longIndonesian))")
        view.rows = compared.places.map { place in
            let drill = !place.key.contains("#") && (RegionCode(place.key)?.level.rawValue ?? 5) < baseLevel
            return row(place, href: drill ? QueryLink.make(path, [("dengan", otherID), ("wilayah", place.key)]) : nil)
        }
        view.hasRows = !view.rows.isEmpty
        view.total = row(compared.total, href: nil)
        view.chart = SVGRateBarChart().render(
            title: "Partisipasi \(earlier.name) dan \(later.name), \(area.region.displayName)",
            series: [.init(name: view.earlier, color: SVGRateBarChart.palette[1]), .init(name: view.later, color: SVGRateBarChart.palette[0])],
            rows: [("Seluruh wilayah", [compared.total.previous?.turnout, compared.total.current?.turnout])] +
                compared.places.map { ($0.name, [$0.previous?.turnout, $0.current?.turnout]) })
        let thisView = election.id == later.id ? laterView : earlierView
        view.turnoutMap = Self.inline(try await turnoutChoropleth(election: election, region: area.region, view: thisView), id: "peta-partisipasi")
        view.changeMap = Self.inline(try await changeChoropleth(region: area.region, comparison: compared, earlier: earlier, later: later,
                                                                link: { QueryLink.make(path, [("dengan", otherID), ("wilayah", $0)]) }), id: "peta-perubahan")
        return try renderer.page("participation/comparison", title: "Bandingkan · \(election.name)", section: .elections, context: context, body: view)
    }

    /// The children of the region shaded by the change in turnout, red for a fall, blue for a rise.
    func changeChoropleth(region: Region, comparison: TurnoutComparison, earlier: Election, later: Election, link: (String) -> String) async throws -> String {
        let title = "Perubahan partisipasi \(earlier.votingDay.year)–\(later.votingDay.year), \(region.displayName)"
        let renderer = SVGMapRenderer()
        guard region.level != .desaKelurahan else { return renderer.placeholder(title: title, message: "Perubahan per TPS ada pada tabel.") }
        let places = Dictionary(comparison.places.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let scale = ChangeScale(values: boundaries.map { places[$0.region.code.rawValue]?.change })
        let areas = boundaries.map { boundary in
            let place = places[boundary.region.code.rawValue]
            return MapArea(code: boundary.region.code.rawValue, name: boundary.region.name, href: link(boundary.region.code.rawValue),
                           polygons: boundary.polygons, labelPoint: boundary.labelPoint, fill: scale.color(for: place?.change),
                           detail: place?.change.map { "\(pointsText($0)) poin (\(percentText(place?.previous?.turnout)) → \(percentText(place?.current?.turnout)))" } ?? "tanpa data pembanding")
        }
        guard !areas.isEmpty else { return renderer.placeholder(title: title, message: "Data batas wilayah belum tersedia.") }
        return renderer.render(title: title, areas: areas, missing: missing.map(\.name), legend: MapLegend(title: "Perubahan partisipasi (poin persentase)", entries: scale.legend))
    }
}
