import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Correcting a report: its author finishes a draft or changes a report not yet verified; a
/// verifier corrects category, severity, place and time (ReportEditing). The form is the intake
/// form, filled with the report as it is and the version it was read at, so a change made by
/// someone else in the meantime is refused (409) instead of overwritten.
extension ReportRoutes {
    /// The fields that a verifier's correction takes from the form.
    static let factFields = ["kategori", "tingkat", "kode_wilayah", "lintang", "bujur", "tempat", "waktu_kejadian", "presisi_waktu"]

    /// The form's values for a report as it is.
    static func formValues(_ report: Report) -> FormData {
        var pairs: [(String, String)] = [
            ("judul", report.title), ("uraian", report.narrative), ("kategori", report.category.code), ("tingkat", report.severity.rawValue),
            ("sumber", report.source.rawValue), ("waktu_kejadian", TimeText.wibMinute(report.occurredAt)),
            ("presisi_waktu", report.precision.rawValue), ("kode_wilayah", report.region.code.rawValue), ("tempat", report.place ?? ""),
            ("lintang", report.location.map { String($0.lat) } ?? ""), ("bujur", report.location.map { String($0.lng) } ?? ""),
            ("pihak_nama", report.actorNames.joined(separator: ", ")), ("tag", report.tags.joined(separator: ", ")),
            ("jumlah_terlibat", report.involved.map(String.init) ?? ""), ("jumlah_luka", report.injured.map(String.init) ?? ""), ("jumlah_meninggal", report.dead.map(String.init) ?? ""),
        ]
        pairs += report.actorKinds.map { ("pihak_jenis", $0.rawValue) }
        if let contact = report.reporterContact { pairs.append(("kontak_pelapor", contact)) }
        return FormData(pairs)
    }

    func editable(_ context: AppRequestContext) async throws -> (Principal, Report, ReportEditing.Extent) {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        guard let report = try await store.reports(Scope(principal)).report(id) else { throw NotFound("laporan") }
        guard let extent = ReportEditing.extent(role: principal.role, status: report.status, isAuthor: report.createdBy == principal.userID) else {
            throw Forbidden("Laporan berstatus \(report.status.label) tidak dapat Anda ubah.")
        }
        return (principal, report, extent)
    }

    func editView(_ principal: Principal, _ report: Report, _ extent: ReportEditing.Extent, form: FormData, version: Int,
                  failure: ValidationFailure?) async throws -> FormView {
        var view = try await formView(principal: principal, form: form, failure: failure)
        view.action = SiteURL.reportEdit(report.id).path
        view.heading = report.status == .draft ? "Lanjutkan draf #\(report.id)" : "Ubah laporan #\(report.id)"
        view.version = String(version)
        view.isNew = false
        view.isDraft = report.status == .draft
        view.factsOnly = extent == .facts
        view.cancelHref = SiteURL.report(report.id).path
        return view
    }

    func editForm(request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, report, extent) = try await editable(context)
        let view = try await editView(principal, report, extent, form: Self.formValues(report), version: report.updatedAt, failure: nil)
        return try renderer.page("reports/report-form", title: view.heading, section: .reports, context: context, body: view)
    }

    func saveEdit(request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, report, extent) = try await editable(context)
        let form = try await Forms.readWithFiles(request, limit: 256 * 1024).form
        guard let version = form["versi"].flatMap({ Int($0) }) else { throw BadRequest("Formulir tanpa versi laporan; buka lagi halaman ubah.") }
        // A correction of facts starts from the report as it is and takes only the facts.
        var effective = Self.formValues(report)
        if extent == .facts {
            for field in Self.factFields { effective[field] = form[field] ?? "" }
        } else {
            effective = form
        }
        do {
            let input = try ReportInput.validate(try Self.raw(effective), now: store.clock.now())
            let repository = store.reports(Scope(principal))
            _ = try await repository.edit(report.id, input: input, version: version, actor: try context.actor())
            if report.status == .draft, form["simpan"] == "kirim" {
                _ = try await repository.transition(report.id, .submit, note: nil, actor: try context.actor())
                return .redirect(to: SiteURL.report(report.id).path + "?notice=created", type: .normal)
            }
            return .redirect(to: SiteURL.report(report.id).path + "?notice=diubah", type: .normal)
        } catch let failure as ValidationFailure {
            let view = try await editView(principal, report, extent, form: effective, version: version, failure: failure)
            return try renderer.page("reports/report-form", title: view.heading, section: .reports, context: context, status: .unprocessableContent, body: view)
        }
    }
}
