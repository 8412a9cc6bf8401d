import Foundation
import HTTPTypes
import Hummingbird
import PantauCore
import PantauStore

/// Incident reports: intake (form and API), the filtered list with its CSV export, the report page
/// with its timeline, and the workflow steps.
struct ReportRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.reports.path)) { request, context in try await list(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportsCSV.path)) { request, context in try await csv(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportsGeoJSON.path)) { request, context in try await geojson(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportNew.path)) { request, context in try await newForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.reports.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.report)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.reportAction)) { request, context in try await act(request: request, context: context) }
        router.get(RouterPath(SiteURL.api(.reports).path)) { request, context in try await apiList(request: request, context: context) }
        router.post(RouterPath(SiteURL.api(.reports).path)) { request, context in try await apiCreate(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiReport)) { request, context in try await apiShow(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.apiReportAction)) { request, context in try await apiAct(request: request, context: context) }
    }

    // MARK: Filters

    static let filterNames = ["status", "kategori", "wilayah", "dari", "sampai", "tingkat", "sumber", "instansi", "terlambat", "q", "urut"]

    /// Reads the list filters from the query string; a malformed one is a 400, never ignored.
    static func filter(_ request: Request) throws -> ReportFilter {
        let query = request.uri.queryParameters
        var filter = ReportFilter()
        func list(_ name: String) -> [String] {
            query.getAll(name).flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }.filter { !$0.isEmpty }
        }
        for text in list("status") {
            guard let status = ReportStatus(rawValue: text) else { throw BadRequest("Status \"\(text.prefix(30))\" tidak dikenal.") }
            filter.statuses.append(status)
        }
        for text in list("tingkat") {
            guard let severity = Severity(rawValue: text) else { throw BadRequest("Tingkat \"\(text.prefix(30))\" tidak dikenal.") }
            filter.severities.append(severity)
        }
        if let text = query.get("kategori"), !text.isEmpty { filter.categoryCode = String(text.prefix(60)) }
        if let text = query.get("wilayah"), !text.isEmpty {
            guard let code = RegionCode(text) else { throw BadRequest("Kode wilayah \"\(text.prefix(30))\" tidak valid.") }
            filter.region = code
        }
        if let text = query.get("sumber"), !text.isEmpty {
            guard let source = ReportSource(rawValue: text) else { throw BadRequest("Sumber \"\(text.prefix(30))\" tidak dikenal.") }
            filter.source = source
        }
        if let text = query.get("instansi"), !text.isEmpty {
            guard let id = Int(text) else { throw BadRequest("Nomor instansi tidak valid.") }
            filter.agencyID = id
        }
        filter.from = try AuditRoutes.parseDay(query.get("dari"), field: "dari")
        filter.until = try AuditRoutes.parseDay(query.get("sampai"), field: "sampai").map { $0 + 86_400 }
        filter.overdue = ["1", "true", "ya", "on"].contains(query.get("terlambat") ?? "")
        if let text = query.get("q"), !text.isEmpty {
            guard text.count <= 100 else { throw BadRequest("Kata kunci paling panjang 100 karakter.") }
            filter.query = text
        }
        if let text = query.get("urut"), !text.isEmpty {
            guard let sort = ReportSort(rawValue: text) else { throw BadRequest("Urutan \"\(text.prefix(30))\" tidak dikenal.") }
            filter.sort = sort
        }
        filter.page = try Paging.page(request)
        if let text = query.get("per_halaman") {
            guard let size = Int(text), (1...500).contains(size) else { throw BadRequest("per_halaman harus 1-500.") }
            filter.pageSize = size
        }
        return filter
    }

    // MARK: Pages

    struct ListView {
        var rows: [Row]
        var canCreate: Bool
        var categoriesHref: String?
        var newHref: String
        var csvHref: String
        var geojsonHref: String
        var statuses: [Option]
        var categories: [Option]
        var severities: [Option]
        var sources: [Option]
        var sorts: [Option]
        var query: String
        var region: String
        var from: String
        var until: String
        var overdue: Bool
        var nextHref: String?
        var previousHref: String?
        var empty: Bool
    }

    struct Row { var id: Int; var href: String; var title: String; var status: String; var statusClass: String; var severity: String; var severityClass: String
        var category: String; var region: String; var occurred: String }

    func row(_ report: Report) -> Row {
        Row(id: report.id, href: SiteURL.report(report.id).path, title: report.title, status: report.status.label, statusClass: report.status.rawValue,
            severity: report.severity.label, severityClass: report.severity.rawValue, category: report.category.name, region: report.region.name,
            occurred: Display.occurred(report.occurredAt, report.precision))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let filter = try Self.filter(request)
        let page = try await store.reports(Scope(principal)).list(filter)
        let query = request.uri.queryParameters
        let filters = Self.filterNames.map { ($0, query.get($0)) }
        let categories = try await store.reportCategories()
        let view = ListView(
            rows: page.items.map(row), canCreate: principal.can(.createReports),
            categoriesHref: context.administersInstallation ? SiteURL.categories.path : nil, newHref: SiteURL.reportNew.path,
            csvHref: Paging.link(SiteURL.reportsCSV.path, filters: filters, page: 1),
            geojsonHref: Paging.link(SiteURL.reportsGeoJSON.path, filters: filters, page: 1),
            statuses: ReportStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.statuses.contains($0)) },
            categories: categories.map { Option(value: $0.code, label: $0.name, selected: $0.code == filter.categoryCode) },
            severities: Severity.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.severities.contains($0)) },
            sources: ReportSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.source) },
            sorts: ReportSort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.sort) },
            query: filter.query ?? "", region: filter.region?.rawValue ?? "", from: query.get("dari") ?? "", until: query.get("sampai") ?? "",
            overdue: filter.overdue,
            nextHref: page.hasNext ? Paging.link(SiteURL.reports.path, filters: filters, page: filter.page + 1) : nil,
            previousHref: filter.page > 1 ? Paging.link(SiteURL.reports.path, filters: filters, page: filter.page - 1) : nil,
            empty: page.items.isEmpty)
        return try renderer.page("reports/reports", title: "Laporan kejadian", section: .reports, context: context, body: view)
    }

    /// The filtered list as CSV for Excel: UTF-8 with a byte-order mark, so Indonesian text opens
    /// intact, at most 100,000 rows.
    /// Every report matching the filter (at most 100,000), read page by page.
    func exportable(_ request: Request, _ principal: Principal) async throws -> [Report] {
        var filter = try Self.filter(request)
        filter.pageSize = 500
        var reports: [Report] = []
        for pageNumber in 1...200 {
            filter.page = pageNumber
            let page = try await store.reports(Scope(principal)).list(filter)
            reports += page.items
            if !page.hasNext { break }
        }
        return reports
    }

    func csv(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        var text = "\u{FEFF}id,judul,status,tingkat,kategori,sumber,waktu_kejadian,kode_wilayah,wilayah,tempat,lintang,bujur,terlibat,luka,meninggal,tag,duplikat_dari\r\n"
        func cell(_ value: String) -> String {
            var value = value
            // A leading =, +, - or @ would make Excel run the cell as a formula; TAB and CR are
            // stripped by some programs before they look. The first scalar is checked, not the
            // first Character: CR LF is one Character, and so is = with a combining mark.
            if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        for r in try await exportable(request, principal) {
            let fields = [String(r.id), cell(r.title), r.status.rawValue, r.severity.rawValue, cell(r.category.name), r.source.rawValue,
                          Display.iso(r.occurredAt), r.region.code.rawValue, cell(r.region.name), cell(r.place ?? ""),
                          r.location.map { String($0.lat) } ?? "", r.location.map { String($0.lng) } ?? "",
                          String(r.involved), String(r.injured), String(r.dead), cell(r.tags.joined(separator: ", ")), r.duplicateOf.map(String.init) ?? ""]
            text += fields.joined(separator: ",") + "\r\n"
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"laporan-pantau.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The filtered reports that carry coordinates, as a GeoJSON FeatureCollection of points.
    func geojson(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        struct Properties: Encodable { var id: Int; var judul: String; var status: String; var tingkat: String; var kategori: String; var waktu_kejadian: String; var kode_wilayah: String; var url: String }
        struct Geometry: Encodable { var type = "Point"; var coordinates: [Double] }
        struct Feature: Encodable { var type = "Feature"; var geometry: Geometry; var properties: Properties }
        struct Collection: Encodable { var type = "FeatureCollection"; var features: [Feature] }
        let features = try await exportable(request, principal).compactMap { r in
            r.location.map { point in
                Feature(geometry: Geometry(coordinates: [point.lng, point.lat]),
                        properties: Properties(id: r.id, judul: r.title, status: r.status.rawValue, tingkat: r.severity.rawValue, kategori: r.category.code,
                                               waktu_kejadian: Display.iso(r.occurredAt), kode_wilayah: r.region.code.rawValue, url: SiteURL.report(r.id).path))
            }
        }
        let data = try JSONEncoder().encode(Collection(features: features))
        return Response(status: .ok, headers: [.contentType: "application/geo+json", .contentDisposition: "attachment; filename=\"laporan-pantau.geojson\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct FormView {
        var action: String
        var values: [String: String]
        var errors: [String]
        var categories: [Option]
        var severities: [Option]
        var sources: [Option]
        var precisions: [Option]
        var actorKinds: [Option]
        var places: [Option]
        /// A kab/kota or kecamatan jurisdiction picks from a list; a wider one types the code.
        var hasPlaces: Bool
        var fieldErrors: [String: String]
    }

    func formView(principal: Principal, form: FormData?, failure: ValidationFailure?) async throws -> FormView {
        let values = form?.dictionary ?? ["sumber": principal.role == .partner ? "agency" : "field_monitor", "tingkat": "sedang", "presisi_waktu": "exact"]
        let categories = try await store.reportCategories()
        let places = try await Places.options(store: store, jurisdiction: principal.jurisdiction, selected: values["kode_wilayah"], includeKecamatan: true)
        let kinds = Set(form?.all("pihak_jenis") ?? [])
        var fieldErrors: [String: String] = [:]
        for error in failure?.errors ?? [] where fieldErrors[error.field] == nil { fieldErrors[error.field] = error.message }
        return FormView(
            action: SiteURL.reports.path, values: values, errors: failure?.errors.map(\.message) ?? [],
            categories: categories.map { Option(value: $0.code, label: $0.name, selected: $0.code == values["kategori"]) },
            severities: Severity.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["tingkat"]) },
            sources: ReportSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["sumber"]) },
            precisions: TimePrecision.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["presisi_waktu"]) },
            actorKinds: ReportActorKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: kinds.contains($0.rawValue)) },
            places: places, hasPlaces: !places.isEmpty, fieldErrors: fieldErrors)
    }

    func newForm(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        return try renderer.page("reports/report-form", title: "Laporan baru", section: .reports, context: context, body: try await formView(principal: principal, form: nil, failure: nil))
    }

    /// Turns form fields into the raw report the API also takes.
    static func raw(_ form: FormData) throws(ValidationFailure) -> RawReport {
        var raw = RawReport()
        var v = Validator()
        raw.judul = form["judul"]; raw.uraian = form["uraian"]; raw.kategori = form["kategori"]; raw.tingkat = form["tingkat"]; raw.sumber = form["sumber"]
        raw.waktu_kejadian = form["waktu_kejadian"]; raw.presisi_waktu = form["presisi_waktu"]; raw.kode_wilayah = form["kode_wilayah"]; raw.tempat = form["tempat"]
        raw.pihak_jenis = form.all("pihak_jenis")
        raw.pihak_nama = (form["pihak_nama"] ?? "").split(separator: ",").map(String.init)
        raw.tag = (form["tag"] ?? "").split(separator: ",").map(String.init)
        raw.kontak_pelapor = form["kontak_pelapor"]
        func number<T: LosslessStringConvertible>(_ name: String, _ label: String) -> T? {
            guard let text = form[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            guard let value = T(text.replacingOccurrences(of: ",", with: ".")) else { v.add(name, "\(label) harus berupa angka."); return nil }
            return value
        }
        raw.lintang = number("lintang", "Lintang"); raw.bujur = number("bujur", "Bujur")
        raw.jumlah_terlibat = number("jumlah_terlibat", "Jumlah terlibat"); raw.jumlah_luka = number("jumlah_luka", "Jumlah luka")
        raw.jumlah_meninggal = number("jumlah_meninggal", "Jumlah meninggal")
        try v.finish()
        return raw
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        let form = try await Forms.read(request, limit: 128 * 1024)
        do {
            let input = try ReportInput.validate(try Self.raw(form), now: store.clock.now())
            let user = try await store.user(id: principal.userID)
            let (report, _) = try await store.reports(Scope(principal)).create(input, draft: form["simpan"] == "draf", author: user,
                                                           agencyID: principal.agencyID, actor: try context.actor())
            return .redirect(to: SiteURL.report(report.id).path + "?notice=created", type: .normal)
        } catch let failure as ValidationFailure {
            return try renderer.page("reports/report-form", title: "Laporan baru", section: .reports, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, form: form, failure: failure))
        }
    }

    struct DetailView {
        var report: ReportDetail
        var events: [EventRow]
        var assignments: [AssignmentRow]
        var actions: [ActionForm]
        var agencies: [Option]
        var canRespond: Bool
        var respondAction: String
        var assignmentStatuses: [Option]
        var notice: String?
        var attachments: [AttachmentRow]
        var canUpload: Bool
        var uploadAction: String
    }

    struct AttachmentRow { var name: String; var href: String; var size: String; var isImage: Bool }

    struct ReportDetail { var id: Int; var title: String; var narrative: String; var status: String; var statusClass: String; var severity: String; var severityClass: String
        var category: String; var source: String; var occurred: String; var regionPath: String; var regionHref: String; var place: String?; var coordinates: String?
        var actors: String?; var counts: String; var tags: String?; var author: String; var created: String; var contact: String?; var isPublic: Bool
        var duplicateHref: String?; var duplicateOf: Int?; var resolution: String? }
    struct EventRow { var at: String; var actor: String; var action: String; var note: String? }
    struct AssignmentRow { var agency: String; var due: String; var status: String; var overdue: Bool; var instruction: String?; var response: String? }
    struct ActionForm { var href: String; var label: String; var needsNote: Bool; var isAssign: Bool; var isDuplicate: Bool; var danger: Bool }

    func reportID(_ context: AppRequestContext) throws -> Int {
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor laporan tidak valid.") }
        return id
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        guard let report = try await store.reports(Scope(principal)).report(id) else { throw NotFound("laporan") }
        let events = try await store.reports(Scope(principal)).events(of: id)
        let assignments = try await store.reports(Scope(principal)).assignments(of: id)
        let path = try await store.path(for: report.region)
        let now = store.clock.now()
        let actions = ReportWorkflow.available(from: report.status, role: principal.role, isAuthor: report.createdBy == principal.userID).map {
            ActionForm(href: SiteURL.reportAction(id, $0).path, label: $0.label, needsNote: $0.needsNote, isAssign: $0 == .assign, isDuplicate: $0 == .markDuplicate,
                       danger: $0 == .reject || $0 == .markDuplicate)
        }
        let agencies = actions.contains(where: \.isAssign) ? try await store.agencies(scope: principal.jurisdiction, includeInactive: false) : []
        let detail = ReportDetail(
            id: id, title: report.title, narrative: report.narrative, status: report.status.label, statusClass: report.status.rawValue,
            severity: report.severity.label, severityClass: report.severity.rawValue, category: report.category.name, source: report.source.label,
            occurred: Display.occurred(report.occurredAt, report.precision), regionPath: path.text, regionHref: SiteURL.region(report.region.code).path,
            place: report.place, coordinates: report.location.map { String(format: "%.5f, %.5f", $0.lat, $0.lng) },
            actors: (report.actorKinds.map(\.label) + report.actorNames).joined(separator: ", ").nilIfEmpty,
            counts: "\(report.involved) terlibat · \(report.injured) luka · \(report.dead) meninggal", tags: report.tags.joined(separator: ", ").nilIfEmpty,
            author: report.createdByName ?? "Masyarakat", created: Display.dateTime(report.createdAt),
            contact: principal.can(.viewReporterContact) ? report.reporterContact : nil, isPublic: report.isPublic,
            duplicateHref: report.duplicateOf.map { SiteURL.report($0).path }, duplicateOf: report.duplicateOf, resolution: report.resolution)
        let view = DetailView(
            report: detail,
            events: events.map { EventRow(at: Display.dateTime($0.at), actor: $0.actorName, action: Display.eventLabel($0.action, to: $0.toStatus), note: $0.note) },
            assignments: assignments.map { AssignmentRow(agency: $0.agencyName, due: Display.dateTime($0.dueAt), status: $0.status.label, overdue: report.status == .followUp && $0.isOverdue(at: now),
                                                         instruction: $0.instruction, response: $0.response) },
            actions: actions,
            agencies: agencies.map { Option(value: String($0.agency.id), label: $0.agency.name, selected: false) },
            canRespond: principal.role != .viewer && report.status == .followUp && assignments.contains { $0.agencyID == principal.agencyID },
            respondAction: SiteURL.reportRespond(id).path,
            assignmentStatuses: AssignmentStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .inProgress) },
            notice: Notice.text(request),
            attachments: try await store.reports(Scope(principal)).attachments(of: id).map {
                AttachmentRow(name: $0.filename, href: SiteURL.reportAttachment(id, $0.id).path, size: "\(max(1, $0.size / 1024)) KB", isImage: $0.contentType.hasPrefix("image/"))
            },
            canUpload: principal.can(.createReports) && [.draft, .submitted, .verified, .followUp].contains(report.status),
            uploadAction: SiteURL.reportAttachments(id).path)
        return try renderer.page("reports/report", title: "Laporan #\(id)", section: .reports, context: context, body: view)
    }

    func act(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        let form = try await Forms.read(request)
        let body = ActionBody(catatan: form["catatan"], instansi: form.all("instansi").compactMap { Int($0) }, tenggat: form["tenggat"].flatMap(\.nilIfEmpty),
                              duplikat_dari: form["duplikat_dari"].flatMap { Int($0.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "#"))) },
                              status: form["status"], tanggapan: form["tanggapan"])
        try await perform(context.parameters.get("action") ?? "", on: id, body: body, principal: principal, context: context)
        return .redirect(to: SiteURL.report(id).path + "?notice=saved", type: .normal)
    }

    /// One workflow step or an agency's response, the same from a form and from the API.
    func perform(_ action: String, on id: Int, body: ActionBody, principal: Principal, context: AppRequestContext) async throws {
        if action == "respond" {
            guard let status = AssignmentStatus(rawValue: body.status ?? "in_progress") else { throw BadRequest("Status tindak lanjut tidak dikenal.") }
            try await store.reports(Scope(principal)).respond(to: id, status: status, response: body.tanggapan ?? "", actor: try context.actor())
            return
        }
        guard let transition = ReportTransition(rawValue: action) else { throw NotFound("tindakan \(action.prefix(30))") }
        let due = try body.tenggat.map { text -> Int in
            guard let time = ReportInput.parseTime(text, timeZone: Display.timeZone) else { throw BadRequest("tenggat harus berformat TTTT-BB-HH.") }
            return text.count == 10 ? time + 86_399 : time
        }
        _ = try await store.reports(Scope(principal)).transition(id, transition, note: body.catatan, assignTo: body.instansi ?? [], dueAt: due,
                                       duplicateOf: body.duplikat_dari, actor: try context.actor())
    }

    // MARK: API

    struct ReportJSON: Codable, Sendable {
        var id: Int; var judul: String; var uraian: String; var kategori: String; var nama_kategori: String; var status: String; var tingkat: String
        var sumber: String; var waktu_kejadian: String; var presisi_waktu: String; var kode_wilayah: String; var nama_wilayah: String
        var lintang: Double?; var bujur: Double?; var tempat: String?; var pihak_jenis: [String]; var pihak_nama: [String]
        var jumlah_terlibat: Int; var jumlah_luka: Int; var jumlah_meninggal: Int; var tag: [String]; var masyarakat: Bool
        var kontak_pelapor: String?; var duplikat_dari: Int?; var penyelesaian: String?; var dibuat: String; var diperbarui: String
    }

    static func json(_ r: Report, principal: Principal) -> ReportJSON {
        ReportJSON(id: r.id, judul: r.title, uraian: r.narrative, kategori: r.category.code, nama_kategori: r.category.name, status: r.status.rawValue,
                   tingkat: r.severity.rawValue, sumber: r.source.rawValue, waktu_kejadian: Display.iso(r.occurredAt), presisi_waktu: r.precision.rawValue,
                   kode_wilayah: r.region.code.rawValue, nama_wilayah: r.region.name, lintang: r.location?.lat, bujur: r.location?.lng, tempat: r.place,
                   pihak_jenis: r.actorKinds.map(\.rawValue), pihak_nama: r.actorNames, jumlah_terlibat: r.involved, jumlah_luka: r.injured,
                   jumlah_meninggal: r.dead, tag: r.tags, masyarakat: r.isPublic,
                   kontak_pelapor: principal.can(.viewReporterContact) ? r.reporterContact : nil, duplikat_dari: r.duplicateOf, penyelesaian: r.resolution,
                   dibuat: Display.iso(r.createdAt), diperbarui: Display.iso(r.updatedAt))
    }

    struct ReportList: Codable, Sendable { var data: [ReportJSON]; var halaman: Int; var per_halaman: Int; var berikutnya: Bool }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<ReportList> {
        let principal = try context.require(.viewReports)
        let filter = try Self.filter(request)
        let page = try await store.reports(Scope(principal)).list(filter)
        return JSONBody(ReportList(data: page.items.map { Self.json($0, principal: principal) }, halaman: page.page, per_halaman: page.pageSize, berikutnya: page.hasNext))
    }

    struct CreateBody: Decodable { var draf: Bool? }

    func apiCreate(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.count > 200 { throw BadRequest("Idempotency-Key harus 1-200 karakter.") }
        var request = request
        let body = try await request.collectBody(upTo: 256 * 1024)
        let data = Data(buffer: body)
        let raw: RawReport, options: CreateBody
        do {
            raw = try JSONDecoder().decode(RawReport.self, from: data)
            options = try JSONDecoder().decode(CreateBody.self, from: data)
        } catch {
            throw BadRequest("Isi permintaan harus objek JSON laporan dengan jenis kolom yang benar (lihat /api/v1/openapi.json).")
        }
        let input = try ReportInput.validate(raw, now: store.clock.now())
        let user = try await store.user(id: principal.userID)
        let (report, created) = try await store.reports(Scope(principal)).create(input, draft: options.draf ?? false, author: user,
                                                             agencyID: principal.agencyID, idempotencyKey: key, actor: try context.actor())
        var response = try JSONBody(Self.json(report, principal: principal), status: created ? .created : .ok).response(from: request, context: context)
        response.headers[.location] = SiteURL.api(.report(report.id)).path
        return response
    }

    func apiShow(request: Request, context: AppRequestContext) async throws -> JSONBody<ReportJSON> {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        guard let report = try await store.reports(Scope(principal)).report(id) else { throw NotFound("laporan") }
        return JSONBody(Self.json(report, principal: principal))
    }

    struct ActionBody: Decodable {
        var catatan: String?
        var instansi: [Int]?
        var tenggat: String?
        var duplikat_dari: Int?
        var status: String?
        var tanggapan: String?
    }

    func apiAct(request: Request, context: AppRequestContext) async throws -> JSONBody<ReportJSON> {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        let action = context.parameters.get("action") ?? ""
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: 64 * 1024))
        let body: ActionBody
        do {
            body = data.isEmpty ? ActionBody() : try JSONDecoder().decode(ActionBody.self, from: data)
        } catch {
            throw BadRequest("Isi permintaan harus objek JSON (catatan, instansi, tenggat, duplikat_dari, status, tanggapan).")
        }
        try await perform(action, on: id, body: body, principal: principal, context: context)
        guard let report = try await store.reports(Scope(principal)).report(id) else { throw NotFound("laporan") }
        return JSONBody(Self.json(report, principal: principal))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Display {
    static func iso(_ epoch: Int) -> String { TimeText.iso(epoch) }

    static func occurred(_ epoch: Int, _ precision: TimePrecision) -> String {
        let text = TimeText.wib(epoch, time: precision == .exact)
        switch precision {
        case .exact: return text + " WIB"
        case .day: return text
        case .approximate: return "± " + text
        }
    }

    static func eventLabel(_ action: String, to status: String) -> String {
        if action == "create" { return "Dibuat (\(ReportStatus(rawValue: status)?.label ?? status))" }
        if action == "respond" { return "Tanggapan instansi" }
        return ReportTransition(rawValue: action).map { "\($0.label) → \(ReportStatus(rawValue: status)?.label ?? status)" } ?? action
    }
}

/// Locations a report may name, as options of a select.
enum Places {
    /// Every desa/kelurahan of a kab/kota or kecamatan jurisdiction labelled with its kecamatan, so
    /// equal names (the two Sukawana of Kota Serang) are told apart; optionally each whole kecamatan too.
    static func options(store: Store, jurisdiction: RegionCode, selected: String?, includeKecamatan: Bool) async throws -> [Option] {
        let districts: [Region] = switch jurisdiction.level {
        case .kabupatenKota: try await store.children(of: jurisdiction).map(\.region)
        case .kecamatan: [try await store.region(jurisdiction)].compactMap { $0 }
        default: []
        }
        var options: [Option] = []
        for district in districts {
            if includeKecamatan {
                options.append(Option(value: district.code.rawValue, label: "Kec. \(district.name) (seluruh kecamatan)", selected: selected == district.code.rawValue))
            }
            for village in try await store.children(of: district.code) {
                options.append(Option(value: village.region.code.rawValue, label: "\(village.region.name) — Kec. \(district.name)", selected: selected == village.region.code.rawValue))
            }
        }
        return options
    }
}
