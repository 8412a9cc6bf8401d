import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PantauCore
import PantauStore

/// Turns every error into the answer a user can act on: problem+json under /api, a friendly page
/// elsewhere, a sign-in redirect for a page that needs one. Nothing of an unexpected error but its
/// request id reaches the user; the details go to the log.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: Renderer
    /// The API's paths and their methods, for 405 answers.
    var apiMethods: APIMethods?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return respond(to: error, request: request, context: context)
        }
    }

    func respond(to error: any Error, request: Request, context: Context) -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        let (status, message, fieldErrors) = classify(error, context: context)
        if status == .unauthorized && !isAPI && request.method == .get {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return .redirect(to: SiteURL.login.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"), type: .normal)
        }
        if isAPI, let http = error as? HTTPError, http.status == .notFound, http.body == nil,
           let allowed = apiMethods?.allowed(for: request.uri.path), !allowed.contains(request.method.rawValue) {
            // The router found no route: the path exists, the method does not.
            var extra: HTTPFields = [:]
            extra[.allow] = allowed.joined(separator: ", ")
            return Problem(status: .methodNotAllowed, detail: "Metode \(request.method.rawValue) tidak didukung di sini; gunakan \(allowed.joined(separator: ", ")).",
                           errors: nil).response(headers: extra)
        }
        if isAPI || request.headers[.accept]?.contains("application/json") == true {
            var extra: HTTPFields = [:]
            if status == .unauthorized { extra[.wwwAuthenticate] = "Bearer realm=\"pantau\"" }
            return Problem(status: status, detail: message, errors: fieldErrors).response(headers: extra)
        }
        return renderer.errorPage(status: status, message: message, context: context)
    }

    func classify(_ error: any Error, context: Context) -> (HTTPResponse.Status, String, [FieldError]?) {
        switch error {
        case let failure as ValidationFailure:
            return (.unprocessableContent, failure.summary, failure.errors)
        case let failure as FieldError:
            return (.unprocessableContent, failure.message, [failure])
        case is Unauthenticated:
            return (.unauthorized, "Silakan masuk terlebih dahulu, dengan sesi atau token API yang sah.", nil)
        case let forbidden as Forbidden:
            return (.forbidden, forbidden.message, nil)
        case let notFound as NotFound:
            return (.notFound, "Data \(notFound.what) tidak ditemukan atau di luar wilayah kewenangan Anda.", nil)
        case let bad as BadRequest:
            return (.badRequest, bad.message, nil)
        case let conflict as Conflict:
            return (.conflict, conflict.message, nil)
        case let quota as QuotaExceeded:
            return (.tooManyRequests, quota.message, nil)
        case let refused as WorkflowRefused:
            return (refused.forbidden ? .forbidden : .conflict, refused.message, nil)
        case let rejected as ImportRejected:
            return (.unprocessableContent, "Tidak ada yang diimpor: \(rejected.problems.count) masalah pada berkas.",
                    rejected.problems.prefix(500).map { FieldError("baris \($0.line), kolom \($0.column)", $0.reason) })
        case let failure as ImportFailure:
            return (.unprocessableContent, failure.description, nil)
        case is NIOTooManyBytesError:
            return (.contentTooLarge, "Data yang dikirim melebihi batas ukuran.", nil)
        case is DecodingError:
            return (.badRequest, "Isi permintaan tidak dapat dibaca: periksa format JSON atau formulir dan jenis tiap kolom.", nil)
        case let http as HTTPError:
            let status = http.status
            if status == .contentTooLarge { return (status, "Data yang dikirim melebihi batas ukuran.", nil) }
            if status == .notFound { return (status, "Halaman ini tidak ada. Periksa alamatnya, atau kembali ke Beranda.", nil) }
            if status.code < 500 { return (status, http.body ?? Problem.title(for: status), nil) }
            context.logger.error("HTTP error \(status.code): \(String(describing: http.body))")
            return (status, "Terjadi kesalahan di server (kode \(context.id)).", nil)
        default:
            context.logger.error("Unhandled error: \(String(reflecting: error))")
            return (.internalServerError, "Terjadi kesalahan di server. Sebutkan kode \(context.id) kepada administrator.", nil)
        }
    }
}

/// Headers that every response carries.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Pantau is reached over HTTPS (PANTAU_SECURE_COOKIES): browsers are told to keep to it.
    var strictTransport = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if strictTransport { response.headers[values: HTTPField.Name("Strict-Transport-Security")!] = ["max-age=31536000"] }
        response.headers[values: HTTPField.Name("X-Frame-Options")!] = ["DENY"]
        response.headers[values: HTTPField.Name("Referrer-Policy")!] = ["same-origin"]
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        }
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
