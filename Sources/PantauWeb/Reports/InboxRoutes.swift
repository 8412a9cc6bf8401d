import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// What needs the signed-in user: reports to verify (Kesbangpol), assignments to their agency,
/// and follow-ups past their due date.
struct InboxRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.inbox.path)) { request, context in try await inbox(request: request, context: context) }
    }

    struct View {
        var toVerify: [Item]
        var canVerify: Bool
        var assigned: [Item]
        var hasAgency: Bool
        var overdue: [Item]
        var toVerifyHref: String
        var overdueHref: String
        var assignedHref: String
    }

    struct Item { var href: String; var title: String; var meta: String; var severityClass: String; var severity: String }

    func item(_ report: Report) -> Item {
        Item(href: SiteURL.report(report.id).path, title: "#\(report.id) \(report.title)",
             meta: "\(report.region.name) · \(Display.occurred(report.occurredAt, report.precision))", severityClass: report.severity.rawValue, severity: report.severity.label)
    }

    func inbox(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let canVerify = ReportTransition.verify.roles.contains(principal.role)
        var filter = ReportFilter()
        filter.pageSize = 20
        filter.sort = .severity
        var toVerify: [Report] = []
        if canVerify {
            filter.statuses = [.submitted]
            toVerify = try await store.reports(Scope(principal)).list(filter).items
        }
        var assigned: [Report] = []
        if let agency = principal.agencyID {
            var agencyFilter = ReportFilter()
            agencyFilter.agencyID = agency
            agencyFilter.statuses = [.followUp]
            agencyFilter.pageSize = 20
            assigned = try await store.reports(Scope(principal)).list(agencyFilter).items
        }
        var overdueFilter = ReportFilter()
        overdueFilter.overdue = true
        overdueFilter.statuses = [.followUp]
        overdueFilter.pageSize = 20
        if !canVerify, let agency = principal.agencyID { overdueFilter.agencyID = agency }
        let overdue = try await store.reports(Scope(principal)).list(overdueFilter).items
        let view = View(toVerify: toVerify.map(item), canVerify: canVerify, assigned: assigned.map(item), hasAgency: principal.agencyID != nil,
                        overdue: overdue.map(item), toVerifyHref: SiteURL.reports.path + "?status=submitted&urut=severity",
                        overdueHref: SiteURL.reports.path + "?status=follow_up&terlambat=1",
                        assignedHref: SiteURL.reports.path + "?status=follow_up&instansi=\(principal.agencyID ?? 0)")
        return try renderer.page("reports/inbox", title: "Kotak masuk", section: .inbox, context: context, body: view)
    }
}
