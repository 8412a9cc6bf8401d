import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Situasi: the state of the jurisdiction for a period on one page, for leadership and the desk.
struct SituationRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.situation.path)) { request, context in try await show(request: request, context: context) }
    }

    struct View {
        var from: String
        var until: String
        var total: Int
        var statuses: [Stat]
        var categories: [CategoryRow]
        var trend: String
        var trendTitle: String
        var map: String
        var severe: [Severe]
        var overdue: [Overdue]
        var reportsHref: String
        var hasSevere: Bool
        var hasOverdue: Bool
    }

    struct Stat { var label: String; var value: Int; var href: String; var statusClass: String }
    struct CategoryRow { var name: String; var count: Int; var percent: Int; var href: String }
    struct Severe { var href: String; var title: String; var meta: String; var severity: String; var severityClass: String; var status: String }
    struct Overdue { var agency: String; var count: Int }

    static let day = 86_400
    static let wib = 25_200

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let query = request.uri.queryParameters
        let today = (store.clock.now() + Self.wib) / Self.day
        let fromDay = try AuditRoutes.parseDay(query.get("dari"), field: "dari").map { ($0 + Self.wib) / Self.day } ?? today - 29
        let untilDay = try AuditRoutes.parseDay(query.get("sampai"), field: "sampai").map { ($0 + Self.wib) / Self.day } ?? today
        guard untilDay >= fromDay, untilDay - fromDay <= 3660 else { throw BadRequest("Periode harus berurutan dan paling lama 10 tahun.") }
        let from = fromDay * Self.day - Self.wib, until = (untilDay + 1) * Self.day - Self.wib
        let situation = try await store.reports(Scope(principal)).situation(from: from, until: until)
        let dayText = { (day: Int) -> String in Display.shortDay(day * Self.day) }
        let isoDay = { (day: Int) -> String in String(Display.iso(day * Self.day).prefix(10)) }
        let period = [("dari", isoDay(fromDay)), ("sampai", isoDay(untilDay))]
        func reportsLink(_ extra: [(String, String)]) -> String {
            var components = URLComponents()
            components.path = SiteURL.reports.path
            components.queryItems = (period + extra).map { URLQueryItem(name: $0.0, value: $0.1) }
            return components.string ?? SiteURL.reports.path
        }
        // Days for up to two months, weeks beyond.
        let span = untilDay - fromDay + 1
        let bucket = span <= 62 ? 1 : 7
        var bars: [(label: String, value: Int)] = []
        var start = fromDay
        while start <= untilDay {
            let end = min(start + bucket - 1, untilDay)
            bars.append((dayText(start), (start...end).reduce(0) { $0 + (situation.byDay[$1] ?? 0) }))
            start += bucket
        }
        let total = situation.byStatus.values.reduce(0, +)
        let maxCategory = situation.byCategory.map(\.count).max() ?? 1
        let map = try await choropleth(principal: principal, counts: situation.verifiedByChild)
        let view = View(
            from: isoDay(fromDay), until: isoDay(untilDay), total: total,
            statuses: ReportStatus.allCases.filter { $0 != .draft }.map { Stat(label: $0.label, value: situation.byStatus[$0] ?? 0, href: reportsLink([("status", $0.rawValue)]), statusClass: $0.rawValue) },
            categories: situation.byCategory.map { CategoryRow(name: $0.name, count: $0.count, percent: $0.count * 100 / max(maxCategory, 1), href: reportsLink([("kategori", $0.code)])) },
            trend: SVGBarChart().render(title: "Laporan per \(bucket == 1 ? "hari" : "minggu")", bars: bars), trendTitle: bucket == 1 ? "Laporan per hari" : "Laporan per minggu",
            map: map,
            severe: situation.severe.map { Severe(href: SiteURL.report($0.id).path, title: $0.title, meta: "\($0.region.name) · \(Display.occurred($0.occurredAt, $0.precision))",
                                                   severity: $0.severity.label, severityClass: $0.severity.rawValue, status: $0.status.label) },
            overdue: situation.overdueByAgency.map { Overdue(agency: $0.agency, count: $0.count) },
            reportsHref: reportsLink([]), hasSevere: !situation.severe.isEmpty, hasOverdue: !situation.overdueByAgency.isEmpty)
        return try renderer.page("reports/situation", title: "Situasi", section: .situation, context: context, body: view)
    }

    /// The jurisdiction's children shaded by verified reports, on the regions' SVG map.
    func choropleth(principal: Principal, counts: [String: Int]) async throws -> String {
        guard let region = try await store.region(principal.jurisdiction) else { return "" }
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let scale = ChoroplethScale(values: boundaries.map { counts[$0.region.code.rawValue] ?? 0 })
        let areas = boundaries.map { boundary in
            let count = counts[boundary.region.code.rawValue] ?? 0
            return MapArea(code: boundary.region.code.rawValue, name: boundary.region.name,
                           href: SiteURL.reports.path + "?wilayah=\(boundary.region.code)&status=verified,follow_up,resolved",
                           polygons: boundary.polygons, labelPoint: boundary.labelPoint, fill: scale.color(for: count), detail: "\(count) laporan terverifikasi")
        }
        let renderer = SVGMapRenderer()
        guard !areas.isEmpty else { return renderer.placeholder(title: "Sebaran laporan", message: "Data batas wilayah belum tersedia.") }
        return renderer.render(title: "Laporan terverifikasi per wilayah, \(region.displayName)", areas: areas, missing: missing.map(\.name),
                               legend: MapLegend(title: "Laporan terverifikasi", entries: scale.legend))
    }
}

extension Display {
    static func shortDay(_ epoch: Int) -> String { TimeText.wib(epoch, time: false, year: false) }
}
