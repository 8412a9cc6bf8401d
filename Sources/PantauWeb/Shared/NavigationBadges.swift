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
        guard request.method == .get, let principal = context.principal, !request.uri.path.hasPrefix("/api/"),
              !request.uri.path.hasPrefix("/static/") else { return try await next(request, context) }
        var context = context
        for entry in entries where principal.can(entry.action) {
            guard let badge = entry.badge, let count = try await badge(context, store), count > 0 else { continue }
            context.navigationBadges[entry.href] = count > 99 ? "99+" : String(count)
        }
        return try await next(request, context)
    }
}
