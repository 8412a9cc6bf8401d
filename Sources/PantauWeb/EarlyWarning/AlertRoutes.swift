import Foundation
import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let alerts = Renderer.Section("alerts")
}

/// The alerts the detectors raised: the list, one alert with what raised it, and its handling.
struct AlertRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(AlertURL.list.path)) { request, context in try await list(request: request, context: context) }
        router.get(RouterPath(AlertURL.Pattern.alert)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(AlertURL.Pattern.alert)) { request, context in try await handle(request: request, context: context) }
        router.get(RouterPath(AlertURL.api(.alerts).path)) { request, context in try await apiList(request: request, context: context) }
        router.get(RouterPath(AlertURL.Pattern.apiAlert)) { request, context in try await apiShow(request: request, context: context) }
        router.post(RouterPath(AlertURL.Pattern.apiAlertStatus)) { request, context in try await apiHandle(request: request, context: context) }
    }

    /// The list filter, for the page and the API: `status` (repeatable; `terbuka` for baru and
    /// ditangani), `wilayah`, `halaman`.
    static func filter(_ request: Request) throws -> AlertFilter {
        let query = request.uri.queryParameters
        var filter = AlertFilter()
        for status in query.getAll("status") where !status.isEmpty {
            if status == "terbuka" { filter.statuses += [.new, .handling]; continue }
            guard let value = AlertStatus(rawValue: String(status)) else { throw BadRequest("Status peringatan tidak dikenal.") }
            filter.statuses.append(value)
        }
        filter.region = try QueryValues.region(query, "wilayah")
        filter.page = try Paging.page(request)
        return filter
    }

    /// What the page says about one alert's figures.
    static func explanation(_ alert: Alert) -> String {
        guard let rule = alert.parameters else { return "" }
        let day = LocalDate(dayNumber: alert.lastDay).longIndonesian
        switch rule.kind {
        case .threshold:
            return "\(alert.observed) laporan dalam \(rule.windowDays) hari sampai \(day); ambangnya \(rule.minimumCount) laporan."
        case .c1, .c2, .c3:
            let figures = String(format: "rata-rata pembanding %.1f, simpangan baku %.1f (paling kecil %.1f), statistik %.2f melewati ambang %.1f",
                                 alert.expected, alert.sd, rule.minSigma, alert.statistic, alert.threshold)
            return "\(alert.observed) laporan pada \(day): \(figures)."
        }
    }

    // MARK: Pages

    struct ListView {
        var rows: [Row]; var empty: Bool; var statuses: [Option]; var previousHref: String?; var nextHref: String?
        var rulesHref: String; var notice: String?
    }
    struct Row { var id: Int; var href: String; var rule: String; var region: String; var days: String; var observed: Int; var status: String; var statusClass: String; var agency: String }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewAlerts)
        let query = request.uri.queryParameters
        var filter = try Self.filter(request)
        if query.get("status") == nil { filter.statuses = [.new, .handling] }
        let page = try await store.alerts(Scope(principal)).list(filter)
        let names = try await store.regionNames(page.items.map(\.region.rawValue))
        let agencies = Dictionary(try await store.agencies(scope: principal.jurisdiction).map { ($0.agency.id, $0.agency.name) }, uniquingKeysWith: { a, _ in a })
        let chosen = query.get("status") ?? "terbuka"
        var statuses = [Option(value: "terbuka", label: "Terbuka (baru dan ditangani)", selected: chosen == "terbuka")]
        statuses += AlertStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: chosen == $0.rawValue) }
        let filters: [(String, String?)] = [("status", chosen), ("wilayah", filter.region?.rawValue)]
        return try renderer.page("early-warning/alerts", title: "Peringatan dini", section: .alerts, context: context, body: ListView(
            rows: page.items.map { a in
                Row(id: a.id, href: AlertURL.alert(a.id).path, rule: a.ruleName, region: names[a.region.rawValue] ?? a.region.rawValue,
                    days: Self.days(a), observed: a.observed, status: a.status.label, statusClass: a.status.rawValue,
                    agency: a.agencyID.flatMap { agencies[$0] } ?? "–")
            },
            empty: page.items.isEmpty, statuses: statuses,
            previousHref: page.page > 1 ? Paging.link(AlertURL.list.path, filters: filters, page: page.page - 1) : nil,
            nextHref: page.hasNext ? Paging.link(AlertURL.list.path, filters: filters, page: page.page + 1) : nil,
            rulesHref: AlertURL.rules.path, notice: Notice.text(request)))
    }

    static func days(_ alert: Alert) -> String {
        let first = LocalDate(dayNumber: alert.firstDay).longIndonesian
        return alert.firstDay == alert.lastDay ? first : "\(first) – \(LocalDate(dayNumber: alert.lastDay).longIndonesian)"
    }

    struct ShowView {
        var id: Int; var listHref: String; var rule: String; var ruleVersion: Int; var kind: String; var region: String; var category: String
        var days: String; var status: String; var statusClass: String; var note: String?; var agency: String; var explanation: String
        var chart: String; var chartNarrow: String; var reportsHref: String; var canHandle: Bool; var moves: [Option]; var agencies: [Option]; var version: Int
        var action: String; var values: [String: String]; var errorSummary: [FieldError]; var fieldErrors: [String: String]; var notice: String?
    }

    func render(_ request: Request, _ context: AppRequestContext, form: FormData? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let principal = try context.require(.viewAlerts)
        guard let id = context.parameters.get("id", as: Int.self), let alert = try await store.alerts(Scope(principal)).get(id) else { throw NotFound("peringatan") }
        let names = try await store.regionNames([alert.region.rawValue])
        let agencies = try await store.agencies(scope: principal.jurisdiction, includeInactive: false).map(\.agency)
        let categories = try await store.reportCategories()
        let category = alert.categoryCode.map { code in categories.first { $0.code == code }?.name ?? code } ?? "Semua kategori"
        let bars = alert.counts.map { item in
            let date = LocalDate(dayNumber: item.day)
            return (label: "\(date.day)/\(date.month)", value: item.count)
        }
        // A narrower drawing on phones keeps the labels readable, as on Situasi.
        let chart = SVGBarChart(width: 640, height: 200).render(title: "Laporan per hari di wilayah ini", bars: bars)
        let chartNarrow = SVGBarChart(width: 360, height: 220).render(title: "Laporan per hari di wilayah ini", bars: bars)
        var link = "\(SiteURL.reports.path)?wilayah=\(alert.region.rawValue)&dari=\(LocalDate(dayNumber: alert.counts.first?.day ?? alert.firstDay))&sampai=\(LocalDate(dayNumber: alert.lastDay))"
        if let code = alert.categoryCode { link += "&kategori=\(code)" }
        let values = form?.dictionary ?? ["instansi": alert.agencyID.map(String.init) ?? ""]
        return try renderer.page("early-warning/alert", title: "Peringatan #\(alert.id)", section: .alerts, context: context,
                                 status: failure == nil ? .ok : .unprocessableContent, body: ShowView(
            id: alert.id, listHref: AlertURL.list.path, rule: alert.ruleName, ruleVersion: alert.ruleVersion, kind: alert.parameters?.kind.label ?? "",
            region: names[alert.region.rawValue].map { "\($0) (\(alert.region))" } ?? alert.region.rawValue, category: category,
            days: Self.days(alert), status: alert.status.label, statusClass: alert.status.rawValue, note: alert.note,
            agency: alert.agencyID.flatMap { id in agencies.first { $0.id == id }?.name } ?? "–", explanation: Self.explanation(alert),
            chart: chart, chartNarrow: chartNarrow, reportsHref: link, canHandle: principal.can(.handleAlerts),
            moves: ([alert.status] + alert.status.next).map { Option(value: $0.rawValue, label: $0 == alert.status ? "\($0.label) (tetap)" : $0.label, selected: values["status"] == $0.rawValue) },
            agencies: [Option(value: "", label: "– belum ditentukan –", selected: (values["instansi"] ?? "").isEmpty)]
                + agencies.map { Option(value: String($0.id), label: $0.name, selected: values["instansi"] == String($0.id)) },
            version: alert.updatedAt, action: AlertURL.alert(alert.id).path, values: values,
            errorSummary: failure?.errors ?? [], fieldErrors: FieldProblems(failure?.errors ?? []).byField, notice: Notice.text(request)))
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response { try await render(request, context) }

    func handle(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.handleAlerts)
        guard let id = context.parameters.get("id", as: Int.self) else { throw NotFound("peringatan") }
        let form = try await Forms.read(request)
        do {
            let (status, agency, version) = try Self.handling(status: form["status"], agency: form["instansi"], version: form["versi"])
            _ = try await store.alerts(Scope(principal)).handle(id, to: status, note: form["catatan"], agencyID: agency, updatedAt: version, actor: try context.actor())
            return .redirect(to: AlertURL.alert(id).path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(request, context, form: form, failure: failure)
        }
    }

    /// Reads a handling step's fields; each problem is named at its field.
    static func handling(status: String?, agency: String?, version: String?) throws(ValidationFailure) -> (AlertStatus, Int?, Int) {
        var errors: [FieldError] = []
        let target = AlertStatus(rawValue: status ?? "")
        if target == nil { errors.append(FieldError("status", "Pilih status peringatan.")) }
        var agencyID: Int?
        if let agency, !agency.isEmpty {
            agencyID = Int(agency)
            if agencyID == nil { errors.append(FieldError("instansi", "Instansi tidak dikenal.")) }
        }
        let seen = Int(version ?? "")
        if seen == nil { errors.append(FieldError("versi", "Muat ulang halaman peringatan, lalu coba lagi.")) }
        guard errors.isEmpty, let target, let seen else { throw ValidationFailure(errors) }
        return (target, agencyID, seen)
    }

    // MARK: API

    struct AlertJSON: Codable, Sendable {
        var id: Int; var aturan: Int; var nama_aturan: String; var versi_aturan: Int; var jenis: String?; var kode_wilayah: String; var kategori: String?
        var hari_pertama: String; var hari_terakhir: String; var jumlah: Int; var harapan: Double; var simpangan_baku: Double; var statistik: Double
        var ambang: Double; var hitungan: [DayJSON]; var status: String; var catatan: String?; var instansi: Int?; var versi: Int
        var dibuat: String; var diperbarui: String
    }
    struct DayJSON: Codable, Sendable { var tanggal: String; var jumlah: Int }
    struct AlertList: Codable, Sendable { var data: [AlertJSON]; var halaman: Int; var per_halaman: Int; var berikutnya: Bool }
    struct HandleBody: Decodable { var status: String; var catatan: String?; var instansi: Int?; var versi: Int }

    static func json(_ a: Alert) -> AlertJSON {
        AlertJSON(id: a.id, aturan: a.ruleID, nama_aturan: a.ruleName, versi_aturan: a.ruleVersion, jenis: a.parameters?.kind.rawValue, kode_wilayah: a.region.rawValue,
                  kategori: a.categoryCode, hari_pertama: LocalDate(dayNumber: a.firstDay).description, hari_terakhir: LocalDate(dayNumber: a.lastDay).description,
                  jumlah: a.observed, harapan: a.expected, simpangan_baku: a.sd, statistik: a.statistic, ambang: a.threshold,
                  hitungan: a.counts.map { DayJSON(tanggal: LocalDate(dayNumber: $0.day).description, jumlah: $0.count) },
                  status: a.status.rawValue, catatan: a.note, instansi: a.agencyID, versi: a.updatedAt,
                  dibuat: Display.iso(a.createdAt), diperbarui: Display.iso(a.updatedAt))
    }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<AlertList> {
        let principal = try context.require(.viewAlerts)
        let page = try await store.alerts(Scope(principal)).list(try Self.filter(request))
        return JSONBody(AlertList(data: page.items.map(Self.json), halaman: page.page, per_halaman: page.pageSize, berikutnya: page.hasNext))
    }

    func apiShow(request: Request, context: AppRequestContext) async throws -> JSONBody<AlertJSON> {
        let principal = try context.require(.viewAlerts)
        guard let id = context.parameters.get("id", as: Int.self), let alert = try await store.alerts(Scope(principal)).get(id) else { throw NotFound("peringatan") }
        return JSONBody(Self.json(alert))
    }

    func apiHandle(request: Request, context: AppRequestContext) async throws -> JSONBody<AlertJSON> {
        let principal = try context.require(.handleAlerts)
        guard let id = context.parameters.get("id", as: Int.self) else { throw NotFound("peringatan") }
        let body = try await JSONInput.decode(HandleBody.self, from: request, expected: #"objek JSON {"status": ..., "catatan": ..., "instansi": ..., "versi": ...}"#)
        let (status, agency, version) = try Self.handling(status: body.status, agency: body.instansi.map(String.init), version: String(body.versi))
        let alert = try await store.alerts(Scope(principal)).handle(id, to: status, note: body.catatan, agencyID: agency, updatedAt: version, actor: try context.actor())
        return JSONBody(Self.json(alert))
    }
}
