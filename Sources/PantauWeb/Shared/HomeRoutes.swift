import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The start page, the stylesheet, the API description and the health check.
struct HomeRoutes {
    let store: Store
    let renderer: Renderer
    let stylesheet: ByteBuffer
    let openAPI: ByteBuffer
    /// The capabilities' cards, in order.
    let cards: [HomeCard]
    /// The capabilities, for their start-page panels and start paths.
    let capabilities: CapabilityList
    let context: CapabilityContext

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.home.path)) { request, context in try await home(request: request, context: context) }
        router.get(RouterPath(SiteURL.health.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get(RouterPath(SiteURL.style.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: stylesheet))
        }
        router.get(RouterPath(SiteURL.api(.openAPI).path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"], body: .init(byteBuffer: openAPI))
        }
        router.get(RouterPath(SiteURL.apiDocs.path)) { request, context in try await apiDocs(request: request, context: context) }
    }

    struct HomeView {
        var name: String
        var jurisdiction: String
        var jurisdictionHref: String
        var counts: [Count]
        var map: String?
        var cards: [Card]
        var panels: [HomePanel]
    }

    struct Count { var label: String; var value: String }
    struct Card { var title: String; var text: String; var href: String }

    func home(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        if let start = capabilities.all.lazy.compactMap({ $0.startPath(for: principal) }).first {
            return .redirect(to: start, type: .normal)
        }
        var panels: [HomePanel] = []
        for capability in capabilities.all {
            if let panel = try await capability.homePanel(request, context, self.context) { panels.append(panel) }
        }
        let region = try await store.region(principal.jurisdiction)
        let counts = try await store.descendantCounts(of: principal.jurisdiction)
        let cards = self.cards.compactMap { card in card.href(context).map { Card(title: card.title, text: card.text, href: $0) } }
        let map = try await RegionRoutes(store: store, renderer: renderer).mapDocument(for: region ?? Region(code: principal.jurisdiction, name: principal.jurisdiction.rawValue))
        let view = HomeView(
            name: principal.displayName,
            jurisdiction: region?.displayName ?? principal.jurisdiction.rawValue,
            jurisdictionHref: SiteURL.region(principal.jurisdiction).path,
            counts: RegionLevel.allCases.compactMap { level in counts[level].map { Count(label: level.label, value: Display.number($0)) } },
            map: map, cards: cards, panels: panels)
        return try renderer.page("shared/home", title: "Beranda", section: .home, context: context, body: view)
    }

    struct APIView { var openAPIHref: String; var accountHref: String; var endpoints: [Endpoint] }
    struct Endpoint { var method: String; var path: String; var summary: String }

    func apiDocs(request: Request, context: AppRequestContext) async throws -> Response {
        var endpoints: [Endpoint] = []
        if let document = try? JSONSerialization.jsonObject(with: Data(buffer: openAPI)) as? [String: Any],
           let paths = document["paths"] as? [String: [String: Any]] {
            for path in paths.keys.sorted() {
                for method in ["get", "post", "put", "patch", "delete"] {
                    if let operation = paths[path]?[method] as? [String: Any] {
                        endpoints.append(Endpoint(method: method.uppercased(), path: path, summary: operation["summary"] as? String ?? ""))
                    }
                }
            }
        }
        return try renderer.page("shared/api", title: "API", context: context,
                             body: APIView(openAPIHref: SiteURL.api(.openAPI).path, accountHref: SiteURL.account.path, endpoints: endpoints))
    }
}
