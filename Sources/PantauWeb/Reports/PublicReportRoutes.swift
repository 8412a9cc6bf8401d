import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Pengaduan masyarakat (Bawaslu's participatory supervision): a form without sign-in, limited per
/// address, that lands as a new public report. The reporter's contact is shown only to Kesbangpol.
struct PublicReportRoutes {
    let store: Store
    let renderer: Renderer
    let jurisdiction: RegionCode
    let perHour: Int
    let secureCookies: Bool
    /// Where a photo sent with a complaint goes, and how large it may be.
    var uploads = UploadSettings()

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.complaint.path)) { request, context in try await form(request: request, context: context) }
        router.post(RouterPath(SiteURL.complaint.path)) { request, context in try await submit(request: request, context: context) }
    }

    struct View {
        var action: String
        var values: [String: String]
        /// A problem not of one field (the hourly limit).
        var alert: String?
        var errorSummary: [FieldError]
        var fieldErrors: [String: String]
        var hasErrors: Bool
        var maxUploadMB: Int
        var categories: [Option]
        var places: [Option]
        var precisions: [Option]
        var done: Int?
        var area: String
    }

    /// How sure a citizen is of the time: exactly, about, or only the day.
    static func precisionOptions(_ selected: String?) -> [Option] {
        [(TimePrecision.exact, "Tepat pada waktu itu"), (.approximate, "Sekitar waktu itu"), (.day, "Hanya tanggalnya")].map { precision, label in
            Option(value: precision.rawValue, label: label, selected: precision.rawValue == (selected ?? TimePrecision.exact.rawValue))
        }
    }

    func view(values: [String: String], errors: [FieldError] = [], alert: String? = nil, done: Int? = nil) async throws -> View {
        let categories = try await store.reportCategories()
        let places = try await Places.options(store: store, jurisdiction: jurisdiction, selected: values["kode_wilayah"], includeKecamatan: false)
        let area = try await store.region(jurisdiction)?.displayName ?? jurisdiction.rawValue
        return View(action: SiteURL.complaint.path, values: values, alert: alert, errorSummary: errors, fieldErrors: FieldProblems(errors).byField,
                    hasErrors: !errors.isEmpty, maxUploadMB: uploads.maxBytes >> 20,
                    categories: categories.map { Option(value: $0.code, label: $0.name, selected: $0.code == values["kategori"]) },
                    places: places, precisions: Self.precisionOptions(values["presisi_waktu"]), done: done, area: area)
    }

    func render(_ context: AppRequestContext, view: View, status: HTTPResponse.Status = .ok) throws -> Response {
        let (context, cookie) = CSRF.anonymousForm(context, secure: secureCookies)
        var response = try renderer.page("reports/complaint", title: "Pengaduan masyarakat", context: context, status: status, body: view)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func form(request: Request, context: AppRequestContext) async throws -> Response {
        try render(context, view: try await view(values: [:]))
    }

    func submit(request: Request, context: AppRequestContext) async throws -> Response {
        let key = "public-report:\(context.clientIP ?? "unknown")"
        let limited = "Sudah terlalu banyak pengaduan dari perangkat atau jaringan ini dalam satu jam terakhir. Coba lagi nanti, "
            + "atau sampaikan langsung ke kantor Kesbangpol."
        // A device or network past its limit is refused by a read, before its form is read or the
        // writer is asked for anything. Only complaints that are taken count towards the limit:
        // one refused for a missing field can be corrected and sent again.
        if try await store.isOverLimit(key, limit: perHour, windowSeconds: 3600) {
            return try render(context, view: try await view(values: [:], alert: limited), status: .tooManyRequests)
        }
        let (form, files) = try await Forms.readWithFiles(request, limit: uploads.maxBytes + 64 * 1024)
        let values = form.dictionary
        var raw = RawReport()
        raw.judul = form["judul"]; raw.uraian = form["uraian"]; raw.kategori = form["kategori"]; raw.waktu_kejadian = form["waktu_kejadian"]
        raw.kode_wilayah = form["kode_wilayah"]; raw.tempat = form["tempat"]; raw.kontak_pelapor = form["kontak_pelapor"]
        raw.tingkat = Severity.sedang.rawValue; raw.sumber = ReportSource.publicReport.rawValue
        let precision = form["presisi_waktu"].flatMap(TimePrecision.init(rawValue:)) ?? ((form["waktu_kejadian"] ?? "").count == 10 ? .day : .exact)
        raw.presisi_waktu = precision.rawValue
        if precision == .day, let time = raw.waktu_kejadian { raw.waktu_kejadian = String(time.prefix(10)) }
        do {
            let input = try ReportInput.validate(raw, now: store.clock.now())
            guard try await store.allowEvent(key, limit: perHour, windowSeconds: 3600) else {
                return try render(context, view: try await view(values: values, alert: limited), status: .tooManyRequests)
            }
            let (report, _) = try await store.reports(.visitor(in: jurisdiction)).create(input, draft: false, isPublic: true, author: nil, agencyID: nil,
                                                           attachment: files["foto"].map { uploads.first($0) },
                                                           actor: Actor(userID: nil, name: "masyarakat", ip: context.clientIP))
            return try render(context, view: try await view(values: [:], done: report.id), status: .created)
        } catch let failure as ValidationFailure {
            return try render(context, view: try await view(values: values, errors: failure.errors), status: .unprocessableContent)
        }
    }
}
