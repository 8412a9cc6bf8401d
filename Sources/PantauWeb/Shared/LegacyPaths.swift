import HTTPTypes
import Hummingbird
import PantauCore

/// Page paths are Bahasa Indonesia (`/laporan/12/verifikasi`); the English ones Pantau first had
/// (`/reports/12/verify`) keep working: a request for one is answered 308 with the new path, so
/// bookmarks, links in old messages and forms open in old tabs (the method and body are kept) still
/// arrive. The API keeps its paths, which are a published contract.
struct LegacyPathMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let modern = LegacyPaths.modern(request.uri.path) else { return try await next(request, context) }
        var headers = HTTPFields()
        headers[.location] = modern + (request.uri.query.map { "?\($0)" } ?? "")
        return Response(status: .permanentRedirect, headers: headers)
    }
}

enum LegacyPaths {
    /// An old first segment, its new name, and the words below it that changed.
    static let renamed: [String: (name: String, words: [String: String])] = {
        var reportWords = ["new": "baru", "categories": "kategori", "respond": SiteURL.respondSlug]
        for transition in ReportTransition.allCases { reportWords[transition.rawValue] = SiteURL.slug(transition) }
        return [
            "login": ("masuk", [:]),
            "logout": ("keluar", [:]),
            "regions": ("wilayah", ["map.svg": "peta.svg"]),
            "agencies": ("instansi", ["new": "baru"]),
            "users": ("pengguna", ["new": "baru", "disable": "nonaktifkan", "enable": "aktifkan", "password": "sandi"]),
            "account": ("akun", ["password": "sandi", "tokens": "token", "revoke": "cabut"]),
            "settings": ("pengaturan", [:]),
            "inbox": ("kotak-masuk", [:]),
            "reports": ("laporan", reportWords),
            "reports.csv": ("laporan.csv", [:]),
            "reports.geojson": ("laporan.geojson", [:]),
        ]
    }()

    /// The Bahasa Indonesia path of an old English one; nil for every other path.
    static func modern(_ path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 2, segments[0].isEmpty, let (name, words) = renamed[segments[1]] else { return nil }
        return "/" + ([name] + segments.dropFirst(2).map { words[$0] ?? $0 }).joined(separator: "/")
    }
}
