import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The workflow steps of a report from its page: the form posts to `/laporan/{id}/{step}` (the
/// step's Bahasa Indonesia slug), the step is taken as the API takes it, and the page then says
/// what happened.
extension ReportRoutes {
    func act(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let id = try reportID(context)
        let form = try await Forms.read(request)
        let body = ActionBody(catatan: form["catatan"], instansi: form.all("instansi").compactMap { Int($0) }, tenggat: form["tenggat"].flatMap(\.nilIfEmpty),
                              duplikat_dari: form["duplikat_dari"].flatMap { Int($0.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "#"))) },
                              status: form["status"], tanggapan: form["tanggapan"])
        let slug = context.parameters.get("action") ?? ""
        let action = slug == SiteURL.respondSlug ? "respond" : SiteURL.transition(slug: slug)?.rawValue ?? "tindakan-\(slug.prefix(30))"
        try await perform(action, on: id, body: body, principal: principal, context: context)
        return .redirect(to: SiteURL.report(id).path + "?notice=\(slug)", type: .normal)
    }

    /// What the page says after a redirect: what just happened to this report, in words (the
    /// query names the event from a fixed list, so the URL cannot inject text).
    static func notice(_ request: Request, _ report: Report) -> String? {
        let number = "#\(report.id)"
        switch request.uri.queryParameters.get("notice") {
        case "created":
            return report.status == .draft ? "Draf laporan \(number) tersimpan. Lengkapi, lalu kirim bila sudah siap."
                : "Laporan \(number) terkirim, menunggu verifikasi."
        case SiteURL.respondSlug: return "Tanggapan instansi Anda untuk laporan \(number) tersimpan."
        case "lampiran": return "Lampiran ditambahkan ke laporan \(number)."
        case "diubah": return "Perubahan laporan \(number) tersimpan dan tercatat di riwayatnya."
        case let slug?:
            switch SiteURL.transition(slug: slug) {
            case .submit: return "Laporan \(number) terkirim, menunggu verifikasi."
            case .verify: return "Laporan \(number) terverifikasi."
            case .reject: return "Laporan \(number) ditolak; pelapor melihat alasannya di berandanya."
            case .assign: return "Tindak lanjut laporan \(number) ditugaskan."
            case .resolve: return "Laporan \(number) selesai."
            case .archive: return "Laporan \(number) diarsipkan."
            case .reopen: return "Laporan \(number) dibuka kembali."
            case .markDuplicate: return "Laporan \(number) ditandai sebagai duplikat."
            case nil: return Notice.text(request)
            }
        case nil: return nil
        }
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
}
