import Foundation
import Hummingbird
import PantauCore
import PantauDocuments
import PantauStore

/// Desk reports and agency notes over /api/v1.
extension DeskRoutes {
    struct DeskJSON: Codable, Sendable {
        var id: Int; var wilayah_desk: String; var nama_wilayah_desk: String
        var jenis: String; var mulai: String; var selesai: String; var versi: Int; var status: String; var narasi: String
        var isi: DeskReportContent?; var difinalkan: String?; var url_docx: String; var url_cetak: String
    }
    struct DeskList: Codable, Sendable { var data: [DeskJSON]; var halaman: Int; var berikutnya: Bool }
    struct OpenBody: Decodable { var jenis: String; var tanggal: String }

    static func json(_ r: DeskReport, detail: Bool) -> DeskJSON {
        DeskJSON(id: r.id, wilayah_desk: r.desk.code.rawValue, nama_wilayah_desk: r.desk.name, jenis: r.kind.rawValue, mulai: r.start.description, selesai: r.end.description, versi: r.version, status: r.status.rawValue,
                 narasi: r.narrative, isi: detail ? r.content : nil, difinalkan: r.finalisedAt.map(Display.iso),
                 url_docx: ElectionURL.deskDocx(r.electionID, r.id).path, url_cetak: ElectionURL.deskPrint(r.electionID, r.id).path)
    }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<DeskList> {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let page = try await store.elections(Scope(principal)).deskReports(of: election.id, page: try Paging.page(request))
        return JSONBody(DeskList(data: page.items.map { Self.json($0, detail: false) }, halaman: page.page, berikutnya: page.hasNext))
    }

    func apiShow(request: Request, context: AppRequestContext) async throws -> JSONBody<DeskJSON> {
        let principal = try context.require(.viewElections)
        return JSONBody(Self.json(try await report(context, principal).1, detail: true))
    }

    func apiOpen(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.compileDeskReports)
        let electionID = try ElectionRoutes.electionID(context)
        let body = try await JSONInput.decode(OpenBody.self, from: request, expected: #"objek JSON {"jenis": "harian"|"bulanan", "tanggal": "TTTT-BB-HH"}"#)
        guard let kind = DeskReportKind(rawValue: body.jenis) else { throw ValidationFailure("jenis", "Jenis laporan harus harian atau bulanan.") }
        guard let date = LocalDate(body.tanggal) else { throw ValidationFailure("tanggal", "Tanggal harus TTTT-BB-HH.") }
        let report = try await store.elections(Scope(principal)).openDeskReport(in: electionID, kind: kind, date: date, actor: try context.actor())
        var response = try JSONBody(Self.json(report, detail: true), status: .created).response(from: request, context: context)
        response.headers[.location] = ElectionURL.api(.deskReport(electionID, report.id)).path
        return response
    }

    struct EditBody: Decodable { var narasi: String?; var susun_ulang: Bool? }
    struct NoteBody: Decodable { var tanggal: String?; var catatan: String?; var wilayah_desk: String? }

    func apiEdit(request: Request, context: AppRequestContext) async throws -> JSONBody<DeskJSON> {
        let principal = try context.require(.compileDeskReports)
        let (election, report) = try await self.report(context, principal)
        let body = try await JSONInput.decode(EditBody.self, from: request, limit: 128 * 1024, expected: #"objek JSON {"narasi": ..., "susun_ulang": true|false}"#)
        var v = Validator()
        let narrative = v.optionalText(body.narasi ?? report.narrative, "narasi", label: "Narasi", maxLength: 50_000) ?? ""
        try v.finish()
        try await store.elections(Scope(principal)).editDeskReport(report.id, of: election.id, narrative: narrative, recompile: body.susun_ulang ?? false,
                                       actor: try context.actor())
        return JSONBody(Self.json(try await self.report(context, principal).1, detail: true))
    }

    func apiFinalise(request: Request, context: AppRequestContext) async throws -> JSONBody<DeskJSON> {
        let principal = try context.require(.compileDeskReports)
        let (election, report) = try await self.report(context, principal)
        try await store.elections(Scope(principal)).finaliseDeskReport(report.id, of: election.id, actor: try context.actor())
        return JSONBody(Self.json(try await self.report(context, principal).1, detail: true))
    }

    func apiNote(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.writeDeskNotes)
        let election = try await ElectionRoutes.election(store, context, principal)
        let body = try await JSONInput.decode(NoteBody.self, from: request, expected: #"objek JSON {"tanggal": "TTTT-BB-HH", "catatan": ...}"#)
        var v = Validator()
        let note = v.requiredText(body.catatan, "catatan", label: "Catatan", maxLength: 5000)
        let day = LocalDate(body.tanggal ?? "")
        v.check(day != nil, "tanggal", "Tanggal catatan harus TTTT-BB-HH.")
        let desk = v.optionalRegionCode(body.wilayah_desk, "wilayah_desk", label: "Desk")
        try v.finish()
        try await store.elections(Scope(principal)).saveDeskNote(in: election.id, day: day!, note: note, desk: desk, actor: try context.actor())
        return Response(status: .noContent)
    }
}
