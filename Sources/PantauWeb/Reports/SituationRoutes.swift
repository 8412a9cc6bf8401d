import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Situasi: the state of the jurisdiction for a period on one page, for leadership and the desk.
struct SituationRoutes {
    let store: Store
    let renderer: Renderer
    /// The capabilities, for their Situasi panels (open alerts, the vulnerability category).
    let capability: CapabilityContext

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.situation.path)) { request, context in try await show(request: request, context: context) }
    }

    struct View {
        var from: String
        var until: String
        var fromError: String?
        var untilError: String?
        var errorSummary: [FieldError]
        var total: Int
        var basisLabel: String
        var periodLabel: String
        var bases: [Option]
        var statuses: [Stat]
        var categories: [CategoryRow]
        var trend: String
        /// The same chart drawn for a phone's width, so its text stays readable there.
        var trendNarrow: String
        var trendTitle: String
        var map: String
        var severe: [Severe]
        var overdue: [Overdue]
        var overdueHref: String
        var reportsHref: String
        var hasSevere: Bool
        var hasOverdue: Bool
        var jurisdiction: String
        var panels: [HomePanel]
        var hasPanels: Bool
    }

    struct Stat { var label: String; var value: Int; var href: String; var statusClass: String; var counted: Bool }
    struct CategoryRow { var name: String; var count: Int; var percent: Int; var href: String }
    struct Severe { var href: String; var title: String; var meta: String; var severity: String; var severityClass: String; var status: String }
    struct Overdue { var agency: String; var count: Int; var href: String }

    static let day = 86_400
    static let wib = 25_200

    /// The period (`dari`, `sampai`) and basis (`dasar`) of the page. A bad date is reported at its
    /// field and replaced by the default, so the page still answers.
    struct Period {
        var fromDay: Int
        var untilDay: Int
        var basis: CountBasis
        var problems = FieldProblems()

        init(_ request: Request, today: Int) {
            let query = request.uri.queryParameters
            var problems = FieldProblems()
            let from = problems.read("dari") { try AuditRoutes.parseDay(query.get("dari"), field: "dari") } ?? nil
            let until = problems.read("sampai") { try AuditRoutes.parseDay(query.get("sampai"), field: "sampai") } ?? nil
            fromDay = from.map { ($0 + SituationRoutes.wib) / SituationRoutes.day } ?? today - 29
            untilDay = until.map { ($0 + SituationRoutes.wib) / SituationRoutes.day } ?? today
            if untilDay < fromDay {
                problems.add("sampai", "Tanggal sampai harus sama dengan atau sesudah tanggal dari.")
                (fromDay, untilDay) = (today - 29, today)
            } else if untilDay - fromDay > 3660 {
                problems.add("sampai", "Periode paling lama 10 tahun.")
                (fromDay, untilDay) = (today - 29, today)
            }
            basis = problems.read("dasar") { () throws(BadRequest) -> CountBasis in
                guard let text = QueryValues.text(query, "dasar") else { return .counted }
                guard let basis = CountBasis(rawValue: text) else { throw BadRequest("Dasar hitungan \"\(text.prefix(30))\" tidak dikenal.") }
                return basis
            } ?? .counted
            self.problems = problems
        }
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let today = (store.clock.now() + Self.wib) / Self.day
        let period = Period(request, today: today)
        let (fromDay, untilDay, basis) = (period.fromDay, period.untilDay, period.basis)
        let situation = try await store.reports(Scope(principal)).situation(fromDay: fromDay, untilDay: untilDay, basis: basis)
        let dayText = { (day: Int) -> String in Display.shortDay(day * Self.day) }
        let isoDay = { (day: Int) -> String in String(Display.iso(day * Self.day).prefix(10)) }
        let periodItems = [("dari", isoDay(fromDay)), ("sampai", isoDay(untilDay))]
        /// The report list behind a figure: the same period, the same basis, one more condition.
        func reportsLink(_ extra: [(String, String)], basis: CountBasis? = basis) -> String {
            Self.link(SiteURL.reports.path, periodItems + (basis.map { [("dasar", $0.rawValue)] } ?? []) + extra)
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
        let maxCategory = situation.byCategory.map(\.count).max() ?? 1
        let region = try await store.region(principal.jurisdiction)
        var panels: [HomePanel] = []
        for other in capability.capabilities.all {
            if let panel = try await other.situationPanel(request, context, capability) { panels.append(panel) }
        }
        let map = try await choropleth(region: region, counts: situation.byChild, basis: basis, link: { code in reportsLink([("wilayah", code)]) })
        let periodLabel = "kejadian \(TimeText.wib(fromDay * Self.day, time: false)) – \(TimeText.wib(untilDay * Self.day, time: false))"
        let view = View(
            from: isoDay(fromDay), until: isoDay(untilDay), fromError: period.problems["dari"], untilError: period.problems["sampai"],
            errorSummary: period.problems.errors, total: situation.total, basisLabel: basis.label, periodLabel: periodLabel,
            bases: CountBasis.allCases.map { Option(value: $0.rawValue, label: $0.choice, selected: $0 == basis) },
            statuses: ReportStatus.allCases.filter { $0 != .draft }.map { status in
                let counted = basis.statuses.contains(status)
                return Stat(label: counted ? status.label : "\(status.label) (tidak dihitung)", value: situation.byStatus[status] ?? 0,
                            href: reportsLink([("status", status.rawValue)], basis: nil), statusClass: status.rawValue, counted: counted)
            },
            categories: situation.byCategory.map { CategoryRow(name: $0.name, count: $0.count, percent: $0.count * 100 / max(maxCategory, 1), href: reportsLink([("kategori", $0.code)])) },
            trend: SVGBarChart().render(title: "Laporan per \(bucket == 1 ? "hari" : "minggu")", bars: bars),
            trendNarrow: SVGBarChart(width: 360, height: 220).render(title: "Laporan per \(bucket == 1 ? "hari" : "minggu")", bars: bars), trendTitle: bucket == 1 ? "Laporan per hari" : "Laporan per minggu",
            map: map,
            severe: situation.severe.map { Severe(href: SiteURL.report($0.id).path, title: $0.title, meta: "\($0.region.name) · \(Display.occurred($0.occurredAt, $0.precision))",
                                                   severity: $0.severity.label, severityClass: $0.severity.rawValue, status: $0.status.label) },
            overdue: situation.overdueByAgency.map { Overdue(agency: $0.agency, count: $0.count, href: InboxRoutes.lateHref(agency: $0.agencyID)) },
            overdueHref: InboxRoutes.lateHref(agency: nil),
            reportsHref: reportsLink([]), hasSevere: !situation.severe.isEmpty, hasOverdue: !situation.overdueByAgency.isEmpty,
            jurisdiction: region?.displayName ?? principal.jurisdiction.rawValue, panels: panels, hasPanels: !panels.isEmpty)
        return try renderer.page("reports/situation", title: "Situasi", section: .situation, context: context, body: view)
    }

    static func link(_ path: String, _ items: [(String, String)]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }

    /// The jurisdiction's children shaded by the reports on the basis; each area opens the list
    /// behind its number.
    func choropleth(region: Region?, counts: [String: Int], basis: CountBasis, link: (String) -> String) async throws -> String {
        guard let region else { return "" }
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let scale = ChoroplethScale(values: boundaries.map { counts[$0.region.code.rawValue] ?? 0 })
        let noun = basis == .verified ? "laporan terverifikasi" : "laporan"
        let areas = boundaries.map { boundary in
            let count = counts[boundary.region.code.rawValue] ?? 0
            return MapArea(code: boundary.region.code.rawValue, name: boundary.region.name,
                           href: link(boundary.region.code.rawValue),
                           polygons: boundary.polygons, labelPoint: boundary.labelPoint, fill: scale.color(for: count), detail: "\(count) \(noun)", value: String(count))
        }
        let renderer = SVGMapRenderer()
        guard !areas.isEmpty else { return renderer.placeholder(title: "Sebaran laporan", message: "Data batas wilayah belum tersedia.") }
        return renderer.render(title: "Sebaran \(noun) per wilayah, \(region.displayName)", areas: areas, missing: missing.map(\.name),
                               legend: MapLegend(title: basis == .verified ? "Laporan terverifikasi" : "Laporan", entries: scale.legend))
    }
}

extension Display {
    static func shortDay(_ epoch: Int) -> String { TimeText.wib(epoch, time: false, year: false) }
}
