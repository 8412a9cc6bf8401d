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
    /// The zone exports write times in.
    var zone: LocalZone = .wib
    /// Where a photo sent with a new report goes, and how large it may be.
    var uploads = UploadSettings()

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.reports.path)) { request, context in try await list(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportsCSV.path)) { request, context in try await csv(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportsGeoJSON.path)) { request, context in try await geojson(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportsXLSX.path)) { request, context in try await xlsx(request: request, context: context) }
        router.get(RouterPath(SiteURL.reportNew.path)) { request, context in try await newForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.reports.path)) { request, context in try await create(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.report)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.reportAction)) { request, context in try await act(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.reportEdit)) { request, context in try await editForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.reportEdit)) { request, context in try await saveEdit(request: request, context: context) }
        router.get(RouterPath(SiteURL.api(.reports).path)) { request, context in try await apiList(request: request, context: context) }
        router.post(RouterPath(SiteURL.api(.reports).path)) { request, context in try await apiCreate(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiReport)) { request, context in try await apiShow(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.apiReportAction)) { request, context in try await apiAct(request: request, context: context) }
    }

    // MARK: Filters

    static let filterNames = ["status", "kategori", "wilayah", "dari", "sampai", "tingkat", "sumber", "instansi", "terlambat", "dasar", "q", "urut"]

    /// Reads the list filters from the query string; a malformed one is a 400, never ignored.
    static func filter(_ request: Request) throws -> ReportFilter {
        var problems = FieldProblems()
        let filter = filter(request, problems: &problems)
        try problems.throwFirst()
        return filter
    }

    /// Reads the list filters, each bad one reported at its field and left out, for the list page,
    /// which answers with its form and the messages.
    static func filter(_ request: Request, problems: inout FieldProblems) -> ReportFilter {
        let query = request.uri.queryParameters
        var filter = ReportFilter()
        func list(_ name: String) -> [String] {
            query.getAll(name).flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }.filter { !$0.isEmpty }
        }
        filter.statuses = problems.read("status") {
            try list("status").map { text in
                guard let status = ReportStatus(rawValue: text) else { throw BadRequest("Status \"\(text.prefix(30))\" tidak dikenal.") }
                return status
            }
        } ?? []
        filter.severities = problems.read("tingkat") {
            try list("tingkat").map { text in
                guard let severity = Severity(rawValue: text) else { throw BadRequest("Tingkat \"\(text.prefix(30))\" tidak dikenal.") }
                return severity
            }
        } ?? []
        filter.categoryCode = problems.read("kategori") {
            guard let text = QueryValues.text(query, "kategori") else { return nil }
            guard text.length <= 60 else { throw BadRequest("Kode kategori paling panjang 60 karakter.") }
            return text
        } ?? nil
        filter.region = problems.read("wilayah") { try QueryValues.region(query, "wilayah") } ?? nil
        filter.source = problems.read("sumber") {
            guard let text = QueryValues.text(query, "sumber") else { return nil }
            guard let source = ReportSource(rawValue: text) else { throw BadRequest("Sumber \"\(text.prefix(30))\" tidak dikenal.") }
            return source
        } ?? nil
        filter.agencyID = problems.read("instansi") { try QueryValues.id(query, "instansi", label: "Nomor instansi") } ?? nil
        filter.from = problems.read("dari") { try AuditRoutes.parseDay(query.get("dari"), field: "dari") } ?? nil
        filter.until = problems.read("sampai") { try AuditRoutes.parseDay(query.get("sampai"), field: "sampai").map { $0 + 86_400 } } ?? nil
        filter.overdue = problems.read("terlambat") { try QueryValues.flag(query, "terlambat") } ?? false
        filter.basis = problems.read("dasar") {
            guard let text = QueryValues.text(query, "dasar") else { return nil }
            guard let basis = CountBasis(rawValue: text) else { throw BadRequest("Dasar hitungan \"\(text.prefix(30))\" tidak dikenal.") }
            return basis
        } ?? nil
        filter.query = problems.read("q") {
            guard let text = query.get("q"), !text.isEmpty else { return nil }
            guard text.length <= 100 else { throw BadRequest("Kata kunci paling panjang 100 karakter.") }
            return text
        } ?? nil
        filter.sort = problems.read("urut") {
            guard let text = QueryValues.text(query, "urut") else { return .newest }
            guard let sort = ReportSort(rawValue: text) else { throw BadRequest("Urutan \"\(text.prefix(30))\" tidak dikenal.") }
            return sort
        } ?? .newest
        filter.page = problems.read("page") { try Paging.page(request) } ?? 1
        filter.pageSize = problems.read("per_halaman") {
            guard let text = query.get("per_halaman") else { return 50 }
            guard let size = Int(text), (1...500).contains(size) else { throw BadRequest("per_halaman harus 1-500.") }
            return size
        } ?? 50
        return filter
    }

    // MARK: Pages

    struct ListView {
        var rows: [Row]
        var canCreate: Bool
        var categoriesHref: String?
        var newHref: String
        var csvHref: String
        var csvSemicolonHref: String
        var xlsxHref: String
        var geojsonHref: String
        var statuses: [Option]
        var categories: [Option]
        var severities: [Option]
        var sources: [Option]
        var sorts: [Option]
        var places: [Option]
        var hasPlaces: Bool
        var query: String
        var region: String
        var from: String
        var until: String
        var overdue: Bool
        var counted: Bool
        var verifiedBasis: Bool
        var agency: String?
        var instansiValue: String
        var nextHref: String?
        var previousHref: String?
        var empty: Bool
        var errorSummary: [FieldError]
        var fieldErrors: [String: String]
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
        var problems = FieldProblems()
        var filter = Self.filter(request, problems: &problems)
        // An inverted range is a typing slip on the page (said at the field, the end dropped); the
        // API, whose document allows any two dates, answers it with an empty list.
        if let from = filter.from, let until = filter.until, until <= from {
            problems.add("sampai", "Tanggal sampai harus sama dengan atau sesudah tanggal dari.")
            filter.until = nil
        }
        let page = try await store.reports(Scope(principal)).list(filter)
        let query = request.uri.queryParameters
        // Links keep the filters that were read; a bad one is left out so that the export and the
        // next page match the list shown.
        let filters = Self.filterNames.map { ($0, problems[$0] == nil ? query.get($0) : nil) }
        let categories = try await store.reportCategories()
        let places = try await Places.filterOptions(store: store, jurisdiction: principal.jurisdiction, selected: filter.region?.rawValue)
        var statuses = ReportStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.statuses == [$0]) }
        if filter.statuses.count > 1 {
            // A list from Situasi ("verified, in follow-up or resolved") stays chosen when the form is sent again.
            statuses.insert(Option(value: filter.statuses.map(\.rawValue).joined(separator: ","), label: filter.statuses.map(\.label).joined(separator: ", "), selected: true), at: 0)
        }
        let agency = try await filter.agencyID.asyncMap { try await store.agency($0, scope: .national)?.name }
        let view = ListView(
            rows: page.items.map(row), canCreate: principal.can(.createReports),
            categoriesHref: context.administersInstallation ? SiteURL.categories.path : nil, newHref: SiteURL.reportNew.path,
            csvHref: Paging.link(SiteURL.reportsCSV.path, filters: filters, page: 1),
            csvSemicolonHref: Paging.link(SiteURL.reportsCSV.path, filters: filters + [("pemisah", "titik-koma")], page: 1),
            xlsxHref: Paging.link(SiteURL.reportsXLSX.path, filters: filters, page: 1),
            geojsonHref: Paging.link(SiteURL.reportsGeoJSON.path, filters: filters, page: 1),
            statuses: statuses,
            categories: categories.map { Option(value: $0.code, label: $0.name, selected: $0.code == filter.categoryCode) },
            severities: Severity.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.severities.contains($0)) },
            sources: ReportSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.source) },
            sorts: ReportSort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.sort) },
            places: places, hasPlaces: !places.isEmpty,
            query: filter.query ?? "", region: filter.region?.rawValue ?? query.get("wilayah") ?? "",
            from: query.get("dari") ?? "", until: query.get("sampai") ?? "",
            overdue: filter.overdue, counted: filter.basis == .counted, verifiedBasis: filter.basis == .verified,
            agency: filter.agencyID.map { id in (agency ?? nil) ?? "Instansi #\(id)" }, instansiValue: filter.agencyID.map(String.init) ?? "",
            nextHref: page.hasNext ? Paging.link(SiteURL.reports.path, filters: filters, page: filter.page + 1) : nil,
            previousHref: filter.page > 1 ? Paging.link(SiteURL.reports.path, filters: filters, page: filter.page - 1) : nil,
            empty: page.items.isEmpty, errorSummary: problems.errors, fieldErrors: problems.byField)
        return try renderer.page("reports/reports", title: "Laporan kejadian", section: .reports, context: context, body: view)
    }

    /// The filtered list as CSV for Excel: UTF-8 with a byte-order mark, so Indonesian text opens
    /// intact, at most 100,000 rows.
    func formView(principal: Principal, form: FormData?, failure: ValidationFailure?) async throws -> FormView {
        let values = form?.dictionary ?? ["sumber": principal.role == .partner ? "agency" : "field_monitor", "tingkat": "sedang", "presisi_waktu": "exact"]
        let categories = try await store.reportCategories()
        let places = try await Places.options(store: store, jurisdiction: principal.jurisdiction, selected: values["kode_wilayah"], includeKecamatan: true)
        let kinds = Set(form?.all("pihak_jenis") ?? [])
        var fieldErrors: [String: String] = [:]
        for error in failure?.errors ?? [] where fieldErrors[error.field] == nil { fieldErrors[error.field] = error.message }
        return FormView(
            action: SiteURL.reports.path, values: values, errorSummary: Self.summary(failure), maxUploadMB: uploads.maxBytes >> 20,
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

    /// Every problem of a failed submission, each linking to its field's id (the form's ids are
    /// its field names).
    static func summary(_ failure: ValidationFailure?) -> [FieldError] { failure?.errors ?? [] }

    /// "40 terlibat · tidak diketahui luka · 0 meninggal": a count never given is not 0.
    static func peopleText(_ report: Report) -> String {
        func count(_ value: Int?) -> String { value.map(countText) ?? "tidak diketahui" }
        if report.involved == nil && report.injured == nil && report.dead == nil { return "jumlah orang dan korban tidak diketahui" }
        return "\(count(report.involved)) terlibat · \(count(report.injured)) luka · \(count(report.dead)) meninggal"
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
        let (form, files) = try await Forms.readWithFiles(request, limit: uploads.maxBytes + 256 * 1024)
        do {
            let input = try ReportInput.validate(try Self.raw(form), now: store.clock.now())
            let user = try await store.user(id: principal.userID)
            let attachment = files["foto"].map { uploads.first($0) }
            let (report, _) = try await store.reports(Scope(principal)).create(input, draft: form["simpan"] == "draf", author: user,
                                                           agencyID: principal.agencyID, attachment: attachment, actor: try context.actor())
            return .redirect(to: SiteURL.report(report.id).path + "?notice=created", type: .normal)
        } catch let quota as QuotaExceeded {
            return try renderer.page("reports/report-form", title: "Laporan baru", section: .reports, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, form: form, failure: ValidationFailure("foto", quota.message)))
        } catch let failure as ValidationFailure {
            return try renderer.page("reports/report-form", title: "Laporan baru", section: .reports, context: context, status: .unprocessableContent,
                                 body: try await formView(principal: principal, form: form, failure: failure))
        }
    }

    struct DetailView {
        var maxUploadMB = 10
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
        var editHref: String?
        var editLabel: String?
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
        let extent = ReportEditing.extent(role: principal.role, status: report.status, isAuthor: report.createdBy == principal.userID)
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
            counts: Self.peopleText(report), tags: report.tags.joined(separator: ", ").nilIfEmpty,
            author: report.createdByName ?? "Masyarakat", created: Display.dateTime(report.createdAt),
            contact: principal.can(.viewReporterContact) ? report.reporterContact : nil, isPublic: report.isPublic,
            duplicateHref: report.duplicateOf.map { SiteURL.report($0).path }, duplicateOf: report.duplicateOf, resolution: report.resolution)
        let view = DetailView(
            maxUploadMB: uploads.maxBytes >> 20,
            report: detail,
            events: events.map { EventRow(at: Display.dateTime($0.at), actor: $0.actorName, action: Display.eventLabel($0.action, to: $0.toStatus), note: $0.note) },
            assignments: assignments.map { AssignmentRow(agency: $0.agencyName, due: Display.dateTime($0.dueAt), status: $0.status.label(onReport: report.status), overdue: report.status == .followUp && $0.isOverdue(at: now),
                                                         instruction: $0.instruction, response: $0.response) },
            actions: actions,
            agencies: agencies.map { Option(value: String($0.agency.id), label: $0.agency.name, selected: false) },
            canRespond: principal.role != .viewer && report.status == .followUp && assignments.contains { $0.agencyID == principal.agencyID },
            respondAction: SiteURL.reportRespond(id).path,
            assignmentStatuses: AssignmentStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .inProgress) },
            notice: Self.notice(request, report),
            attachments: try await store.reports(Scope(principal)).attachments(of: id).map {
                AttachmentRow(name: $0.filename, href: SiteURL.reportAttachment(id, $0.id).path, size: "\(max(1, $0.size / 1024)) KB", isImage: $0.contentType.hasPrefix("image/"))
            },
            canUpload: principal.can(.createReports) && [.draft, .submitted, .verified, .followUp].contains(report.status),
            uploadAction: SiteURL.reportAttachments(id).path,
            editHref: extent.map { _ in SiteURL.reportEdit(id).path },
            editLabel: extent.map { $0 == .facts ? "Betulkan kategori, tingkat, lokasi atau waktu" : (report.status == .draft ? "Lanjutkan draf" : "Ubah laporan") })
        return try renderer.page("reports/report", title: "Laporan #\(id)", section: .reports, context: context, body: view)
    }
}

extension Display {
    static func eventLabel(_ action: String, to status: String) -> String {
        if action == "create" { return "Dibuat (\(ReportStatus(rawValue: status)?.label ?? status))" }
        if action == "respond" { return "Tanggapan instansi" }
        if action == "edit" { return "Diubah" }
        return ReportTransition(rawValue: action).map { "\($0.label) → \(ReportStatus(rawValue: status)?.label ?? status)" } ?? action
    }
}
