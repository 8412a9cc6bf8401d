import Foundation
import Hummingbird

/// Page numbers and the links between pages of a filtered list.
enum Paging {
    /// The requested page, 1 when the parameter is absent.
    static func page(_ request: Request) throws -> Int {
        guard let page = Int(request.uri.queryParameters.get("page") ?? "1"), (1...100_000).contains(page) else {
            throw BadRequest("Nomor halaman tidak valid.")
        }
        return page
    }

    /// A link to `page` of `path` that keeps the given filters (empty ones are left out).
    static func link(_ path: String, filters: [(String, String?)], page: Int) -> String {
        QueryLink.make(path, filters + [("page", String(page))])
    }
}

/// A page's path with a query, empty and absent values left out, the percent-encoding done by
/// URLComponents: every capability's links to its filtered pages.
enum QueryLink {
    static func make(_ path: String, _ query: [(String, String?)]) -> String {
        var components = URLComponents()
        components.path = path
        let items = query.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }
}
