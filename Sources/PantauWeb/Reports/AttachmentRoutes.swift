import Foundation
import Hummingbird
import NIOCore
import PantauCore
import PantauStore

/// Photos and PDFs on a report: uploaded as multipart forms, checked by content, kept by SHA-256,
/// and served only to users who may see the report.
struct AttachmentRoutes {
    let store: Store
    let dataDirectory: String
    let maxBytes: Int

    func register(on router: Router<AppRequestContext>) {
        router.post(RouterPath(SiteURL.Pattern.reportAttachments)) { request, context in try await upload(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.reportAttachment)) { request, context in try await download(request: request, context: context) }
    }

    func upload(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.createReports)
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor laporan tidak valid.") }
        guard let type = request.headers[.contentType], let boundary = Multipart.boundary(type) else {
            throw BadRequest("Kirim berkas sebagai multipart/form-data dengan kolom \"berkas\".")
        }
        var request = request
        let body = try await request.collectBody(upTo: maxBytes + 64 * 1024)
        guard let file = (try? Multipart.fields(body, boundary: boundary))?.first(where: { $0.name == "berkas" }) else {
            throw BadRequest("Formulir unggahan tidak terbaca atau tidak berisi kolom \"berkas\".")
        }
        guard file.data.count <= maxBytes else { throw HTTPError(.contentTooLarge) }
        _ = try await store.addAttachment(reportID: id, data: file.data, suppliedName: file.filename, principal: principal,
                                          dataDirectory: dataDirectory, actor: try context.actor())
        if request.uri.path.hasPrefix("/api/") || request.headers[.accept]?.contains("application/json") == true {
            return Response(status: .created)
        }
        return .redirect(to: SiteURL.report(id).path + "?notice=saved", type: .normal)
    }

    func download(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        guard let id = context.parameters.get("id", as: Int.self), let attachmentID = context.parameters.get("attachment", as: Int.self) else {
            throw BadRequest("Nomor lampiran tidak valid.")
        }
        guard let attachment = try await store.attachment(attachmentID, reportID: id, principal: principal) else { throw NotFound("lampiran") }
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
