import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Administrators keep the indicator list of Bawaslu's TPS vulnerability survey.
struct IndicatorRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(ElectionURL.indicators.path)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(ElectionURL.indicators.path)) { request, context in try await create(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.indicator)) { request, context in try await update(request: request, context: context) }
    }

    struct View { var variables: [Variable]; var options: [Option]; var action: String; var error: String?; var notice: String? }
    struct Variable { var name: String; var rows: [Row] }
    struct Row { var label: String; var active: Bool; var action: String }

    func render(_ context: AppRequestContext, error: String? = nil, notice: String? = nil) async throws -> Response {
        let indicators = try await store.tpsIndicators(includeInactive: true)
        var variables: [Variable] = []
        for indicator in indicators {
            let row = Row(label: indicator.label, active: indicator.active != 0, action: ElectionURL.indicator(indicator.id).path)
            if variables.last?.name == indicator.variableName { variables[variables.count - 1].rows.append(row) } else { variables.append(Variable(name: indicator.variableName, rows: [row])) }
        }
        let options = ParticipationRoutes.variables(indicators).map { Option(value: $0.code, label: $0.name, selected: false) }
        return try renderer.page("participation/tps-indicators", title: "Indikator TPS rawan", section: .elections, context: context, status: error == nil ? .ok : .unprocessableContent,
                             body: View(variables: variables, options: options, action: ElectionURL.indicators.path, error: error, notice: notice))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireInstallationAdministrator()
        return try await render(context, notice: Notice.text(request))
    }

    func create(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        let form = try await Forms.read(request)
        do {
            try await store.createIndicator(variable: form["variabel"] ?? "", label: form["indikator"] ?? "", installation: installation, actor: try context.actor())
        } catch let failure as ValidationFailure {
            return try await render(context, error: failure.summary)
        }
        return .redirect(to: ElectionURL.indicators.path + "?notice=saved", type: .normal)
    }

    func update(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor indikator tidak valid.") }
        let form = try await Forms.read(request)
        do {
            try await store.updateIndicator(id, label: form["indikator"] ?? "", active: form["aktif"] != nil, installation: installation, actor: try context.actor())
        } catch let failure as ValidationFailure {
            return try await render(context, error: failure.summary)
        }
        return .redirect(to: ElectionURL.indicators.path + "?notice=saved", type: .normal)
    }
}
