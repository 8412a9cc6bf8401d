import Foundation
import Hummingbird
import NIOCore
import PantauCore
import PantauStore

/// Where uploads go and how large they may be, for the forms that take a file with a new report.
struct UploadSettings: Sendable {
    var dataDirectory = "./data"
    var maxBytes = 10 << 20
    var limits = AttachmentLimits()

    /// The file of a form field as the report's first attachment.
    func first(_ field: MultipartField) -> FirstAttachment {
        FirstAttachment(data: field.data, suppliedName: field.filename, dataDirectory: dataDirectory, limits: limits, maxBytes: maxBytes, field: field.name)
    }
}

/// Photos and PDFs on a report: uploaded as multipart forms (pages and API) or as a raw body (API),
/// checked by content, kept by SHA-256, and served only to users who may see the report.
struct AttachmentRoutes {
    let store: Store
    let dataDirectory: String
    let maxBytes: Int
    let limits: AttachmentLimits

    func register(on router: Router<AppRequestContext>) {
        router.post(RouterPath(SiteURL.Pattern.reportAttachments)) { request, context in try await upload(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.reportAttachment)) { request, context in try await download(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.apiReportAttachments)) { request, context in try await apiUpload(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiReportAttachments)) { request, context in try await apiList(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiReportAttachment)) { request, context in try await download(request: request, context: context) }
    }

    struct AttachmentJSON: Codable, Sendable {
        var id: Int; var laporan: Int; var nama_berkas: String; var jenis: String; var ukuran: Int; var sha256: String; var diunggah: String; var url: String

        init(_ a: ReportAttachment) {
            self.init(id: a.id, laporan: a.reportID, nama_berkas: a.filename, jenis: a.contentType, ukuran: a.size, sha256: a.sha256,
                      diunggah: Display.iso(a.uploadedAt), url: SiteURL.api(.reportAttachment(a.reportID, a.id)).path)
        }

        init(id: Int, laporan: Int, nama_berkas: String, jenis: String, ukuran: Int, sha256: String, diunggah: String, url: String) {
            (self.id, self.laporan, self.nama_berkas, self.jenis, self.ukuran, self.sha256, self.diunggah, self.url) =
                (id, laporan, nama_berkas, jenis, ukuran, sha256, diunggah, url)
        }
    }

    struct AttachmentList: Codable, Sendable { var data: [AttachmentJSON] }

    /// The file of an upload: the `berkas` field of a multipart form, or the whole body when it is
    /// sent as is (its name then comes from `?nama=`). The type is always decided by the content.
    func uploadedFile(_ request: inout Request, report: Int, principal: Principal) async throws -> (data: Data, name: String?) {
        let type = request.headers[.contentType] ?? ""
        let contentLength = request.headers[.contentLength].flatMap(Int.init)
        if let contentLength, contentLength > maxBytes + 64 * 1024 {
            throw HTTPError(.contentTooLarge)
        }
        // The report must be one the caller may attach to, within its limits, before the body is read.
        guard try await store.reports(Scope(principal)).report(report) != nil else { throw NotFound("laporan") }
        try await store.reports(Scope(principal)).checkAttachmentLimits(reportID: report, incoming: contentLength.map { max($0 - 64 * 1024, 0) } ?? 0, limits: limits)
        let body = try await request.collectBody(upTo: maxBytes + 64 * 1024)
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Multipart.boundary(type),
                  let file = (try? Multipart.fields(body, boundary: boundary))?.first(where: { $0.name == "berkas" }) else {
                throw BadRequest("Formulir unggahan tidak terbaca atau tidak berisi kolom \"berkas\".")
            }
            guard file.data.count <= maxBytes else { throw HTTPError(.contentTooLarge) }
            return (file.data, file.filename)
        }
        guard !type.isEmpty else {
            throw BadRequest("Kirim berkas sebagai multipart/form-data dengan kolom \"berkas\", atau sebagai isi permintaan dengan Content-Type-nya.")
        }
        let data = Data(buffer: body)
        guard data.count <= maxBytes else { throw HTTPError(.contentTooLarge) }
        return (data, request.uri.queryParameters.get("nama"))
    }

    func apiUpload(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor laporan tidak valid.") }
        var request = request
        let file = try await uploadedFile(&request, report: id, principal: principal)
        let attachment = try await store.reports(Scope(principal)).addAttachment(to: id, data: file.data, suppliedName: file.name,
                                                       dataDirectory: dataDirectory, limits: limits, actor: try context.actor())
        var response = try JSONBody(AttachmentJSON(attachment), status: .created).response(from: request, context: context)
        response.headers[.location] = SiteURL.api(.reportAttachment(id, attachment.id)).path
        return response
    }

    func apiList(request: Request, context: AppRequestContext) async throws -> JSONBody<AttachmentList> {
        let principal = try context.require(.viewReports)
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor laporan tidak valid.") }
        guard try await store.reports(Scope(principal)).report(id) != nil else { throw NotFound("laporan") }
        return JSONBody(AttachmentList(data: try await store.reports(Scope(principal)).attachments(of: id).map(AttachmentJSON.init)))
    }

    func upload(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor laporan tidak valid.") }
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            throw BadRequest("Kirim berkas sebagai multipart/form-data dengan kolom \"berkas\".")
        }
        var request = request
        let file = try await uploadedFile(&request, report: id, principal: principal)
        _ = try await store.reports(Scope(principal)).addAttachment(to: id, data: file.data, suppliedName: file.name,
                                          dataDirectory: dataDirectory, limits: limits, actor: try context.actor())
        return .redirect(to: SiteURL.report(id).path + "?notice=lampiran", type: .normal)
    }

    func download(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        guard let id = context.parameters.get("id", as: Int.self), let attachmentID = context.parameters.get("attachment", as: Int.self) else {
            throw BadRequest("Nomor lampiran tidak valid.")
        }
        guard let attachment = try await store.reports(Scope(principal)).attachment(attachmentID, of: id) else { throw NotFound("lampiran") }
        let url = Store.attachmentPath(dataDirectory: dataDirectory, sha256: attachment.sha256)
        guard let data = try? Data(contentsOf: url) else { throw NotFound("berkas lampiran") }
        let disposition = attachment.contentType.hasPrefix("image/") ? "inline" : "attachment"
        let encoded = attachment.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "lampiran"
        return Response(status: .ok, headers: [
            .contentType: attachment.contentType,
            .contentDisposition: "\(disposition); filename=\"lampiran-\(attachment.id).\(AttachmentType(rawValue: attachment.contentType)?.fileExtension ?? "bin")\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "private, max-age=3600",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
