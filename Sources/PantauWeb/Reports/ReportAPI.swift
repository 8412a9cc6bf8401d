import Foundation
import HTTPTypes
import Hummingbird
import PantauCore
import PantauStore

/// Incident reports over /api/v1: list, intake (idempotent), one report, the workflow steps.
extension ReportRoutes {
    struct ReportJSON: Codable, Sendable {
        var id: Int; var judul: String; var uraian: String; var kategori: String; var nama_kategori: String; var status: String; var tingkat: String
        var sumber: String; var waktu_kejadian: String; var presisi_waktu: String; var kode_wilayah: String; var nama_wilayah: String
        var lintang: Double?; var bujur: Double?; var tempat: String?; var pihak_jenis: [String]; var pihak_nama: [String]
        var jumlah_terlibat: Int?; var jumlah_luka: Int?; var jumlah_meninggal: Int?; var tag: [String]; var masyarakat: Bool
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
        if let key, !(1...200).contains(key.utf8.count) || !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw BadRequest("Idempotency-Key harus 1-200 karakter ASCII terlihat (tanpa spasi), mis. sebuah UUID.")
        }
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
