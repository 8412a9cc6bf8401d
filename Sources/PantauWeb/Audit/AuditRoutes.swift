import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The audit log, read-only, for administrators of the jurisdiction.
struct AuditRoutes {
    let store: Store
    let renderer: Renderer
    /// The kinds of record the capabilities write, for the filter and the names.
    let entities: [AuditEntity]

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.audit.path)) { request, context in try await list(request: request, context: context) }
    }

    struct ListView {
        var rows: [Row]
        var actor: String
        var entities: [Option]
        var entityID: String
        var action: String
        var from: String
        var until: String
        var nextHref: String?
        var previousHref: String?
        var errorSummary: [FieldError]
        var fieldErrors: [String: String]
    }

    struct Row { var at: String; var actor: String; var action: String; var entity: String; var summary: String; var changes: [Change]; var ip: String }
    struct Change { var field: String; var old: String; var new: String }

    static func parseDay(_ text: String?, field: String) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count == 10, let time = ReportInput.parseTime(text, timeZone: Display.timeZone) else {
            throw BadRequest("Tanggal \(field) tidak valid: tulis TTTT-BB-HH, mis. 2026-11-30.")
        }
        return time
    }

    func entity(_ rawValue: String) -> AuditEntity? { entities.first { $0.rawValue == rawValue } }

    func list(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewAudit)
        let query = request.uri.queryParameters
        // A bad filter is shown at its field on the log itself, and left out.
        var problems = FieldProblems()
        var entityText = query.get("entity") ?? ""
        if !entityText.isEmpty && entity(entityText) == nil {
            problems.add("entity", "Jenis data \"\(entityText.prefix(30))\" tidak dikenal.")
            entityText = ""
        }
        let page = problems.read("page") { try Paging.page(request) } ?? 1
        let from = problems.read("from") { try Self.parseDay(query.get("from"), field: "awal") } ?? nil
        var until = problems.read("until") { try Self.parseDay(query.get("until"), field: "akhir").map { $0 + 86_400 } } ?? nil
        if let from, let end = until, end <= from {
            problems.add("until", "Tanggal akhir harus sama dengan atau sesudah tanggal awal.")
            until = nil
        }
        let filter = AuditFilter(actor: query.get("actor").map { String($0.prefix(60)) }, entity: entityText, entityID: query.get("entity_id").map { String($0.prefix(40)) },
                                 action: query.get("action").map { String($0.prefix(40)) }, from: from, until: until, page: page)
        let result = try await store.auditLog(scope: principal.jurisdiction, filter: filter)
        let agencyIDs = result.items.flatMap { entry in
            entry.changeSet.filter { AuditWords.agencyFields.contains($0.field) }.flatMap { [$0.old, $0.new].compactMap { $0.flatMap { Int($0) } } }
        }
        let agencies = try await store.agencyNames(agencyIDs)
        let regions = try await store.regionNames(result.items.flatMap { entry in
            entry.changeSet.filter { AuditWords.regionFields.contains($0.field) }.flatMap { [$0.old, $0.new].compactMap { $0 } }
        })
        let link = { Paging.link(SiteURL.audit.path, filters: ["actor", "entity", "entity_id", "action", "from", "until"].map { ($0, problems[$0] == nil ? query.get($0) : nil) }, page: $0) }
        let view = ListView(
            rows: result.items.map { entry in
                Row(at: Display.dateTime(entry.at), actor: entry.actorName, action: AuditWords.action(entry.action),
                    entity: entity(entry.entity)?.label ?? entry.entity, summary: entry.summary,
                    changes: entry.changeSet.map { Change(field: $0.field, old: AuditWords.value($0.field, $0.old, agencies: agencies, regions: regions),
                                                          new: AuditWords.value($0.field, $0.new, agencies: agencies, regions: regions)) },
                    ip: entry.ip ?? "")
            },
            actor: filter.actor ?? "", entities: entities.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == entityText) },
            entityID: filter.entityID ?? "", action: filter.action ?? "", from: query.get("from") ?? "", until: query.get("until") ?? "",
            nextHref: result.hasNext ? link(page + 1) : nil, previousHref: page > 1 ? link(page - 1) : nil,
            errorSummary: problems.errors, fieldErrors: problems.byField)
        return try renderer.page("audit/audit", title: "Log audit", section: .audit, context: context, body: view)
    }
}
