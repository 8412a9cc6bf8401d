import Hummingbird
import PantauCore
import PantauStore

/// Works out the counts beside navigation entries (the inbox's waiting items) for a signed-in
/// page request, once per request, before the page is drawn. API, static and form posts skip it.
struct NavigationBadgeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    let entries: [NavigationEntry]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        // Pages only: not the API, the stylesheet, files (a map .svg a page embeds, an export, an
        // attachment), whose answers carry no menu.
        guard request.method == .get, let principal = context.principal, !path.hasPrefix("/api/"), !path.hasPrefix("/static/"),
              !(path.split(separator: "/").last?.contains(".") ?? false), !path.contains("/lampiran/") else { return try await next(request, context) }
        var context = context
        for entry in entries where principal.can(entry.action) {
            guard let badge = entry.badge, let count = try await badge(context, store), count > 0 else { continue }
            context.navigationBadges[entry.href] = count > 99 ? "99+" : String(count)
        }
        return try await next(request, context)
    }
}
