import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Administrators keep the list of report categories.
struct CategoryRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.categories.path)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(SiteURL.categories.path)) { request, context in try await create(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.category)) { request, context in try await update(request: request, context: context) }
    }

    struct View { var rows: [Row]; var action: String; var error: String?; var notice: String? }
    struct Row { var code: String; var name: String; var active: Bool; var action: String }

    func render(_ context: AppRequestContext, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let categories = try await store.reportCategories(includeInactive: true)
        return try renderer.page("reports/categories", title: "Kategori laporan", section: .reports, context: context, status: status, body: View(
            rows: categories.map { Row(code: $0.code, name: $0.name, active: $0.active != 0, action: SiteURL.category($0.id).path) },
            action: SiteURL.categories.path, error: error, notice: notice))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireInstallationAdministrator()
        return try await render(context, notice: Notice.text(request))
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        let form = try await Forms.read(request)
        do {
            _ = try await store.createCategory(name: form["name"] ?? "", installation: installation, actor: try context.actor())
            return .redirect(to: SiteURL.categories.path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(context, error: failure.summary, status: .unprocessableContent)
        }
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor kategori tidak valid.") }
        let form = try await Forms.read(request)
        do {
            try await store.updateCategory(id, name: form["name"] ?? "", active: form["active"] != nil, installation: installation, actor: try context.actor())
            return .redirect(to: SiteURL.categories.path + "?notice=saved", type: .normal)
        } catch let failure as ValidationFailure {
            return try await render(context, error: failure.summary, status: .unprocessableContent)
        }
    }
}
