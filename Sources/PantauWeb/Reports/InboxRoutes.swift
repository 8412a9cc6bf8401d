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
        /// Whose late follow-ups the card lists: the verifier follows the whole jurisdiction up,
        /// an agency its own assignments.
        var overdueWhose: String
        var toVerifyHref: String
        var overdueHref: String
        var assignedHref: String
    }

    struct Item { var href: String; var title: String; var meta: String; var severityClass: String; var severity: String }

    func item(_ report: Report) -> Item {
        Item(href: SiteURL.report(report.id).path, title: "#\(report.id) \(report.title)",
             meta: "\(report.region.name) · \(Display.occurred(report.occurredAt, report.precision))", severityClass: report.severity.rawValue, severity: report.severity.label)
    }

    /// The lists the inbox's cards (and the start page's figures) lead to.
    static let toVerifyHref = SiteURL.reports.path + "?status=submitted&urut=severity"
    static let lateHref = SiteURL.reports.path + "?status=follow_up&terlambat=1"
    /// The late follow-ups of one agency, or of every agency in the jurisdiction.
    static func lateHref(agency: Int?) -> String { lateHref + (agency.map { "&instansi=\($0)" } ?? "") }
    static func assignedHref(_ agency: Int) -> String { SiteURL.reports.path + "?status=follow_up&instansi=\(agency)" }

    func inbox(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let canVerify = ReportsCapability.verifies(principal)
        let reports = store.reports(Scope(principal))
        func first20(_ filter: ReportFilter, sort: ReportSort = .newest) async throws -> [Report] {
            var filter = filter
            filter.pageSize = 20
            filter.sort = sort
            return try await reports.list(filter).items
        }
        let toVerify = canVerify ? try await first20(.toVerify, sort: .severity) : []
        var assigned: [Report] = []
        if let agency = principal.agencyID { assigned = try await first20(.assigned(to: agency)) }
        var late = ReportFilter.late
        if !canVerify, let agency = principal.agencyID { late.agencyID = agency }
        let overdue = try await first20(late)
        let whose: String
        if let agency = late.agencyID {
            whose = "Tugas \(try await store.agency(agency, scope: .national)?.name ?? "instansi Anda") yang melewati tenggat."
        } else {
            whose = "Tugas semua instansi di \(try await store.region(principal.jurisdiction)?.displayName ?? "wilayah Anda") yang melewati tenggat."
        }
        // The head of the office reads; only those who may answer an assignment get the card.
        let view = View(toVerify: toVerify.map(item), canVerify: canVerify, assigned: assigned.map(item), hasAgency: principal.agencyID != nil && principal.role != .viewer,
                        overdue: overdue.map(item), overdueWhose: whose, toVerifyHref: Self.toVerifyHref, overdueHref: Self.lateHref(agency: late.agencyID),
                        assignedHref: Self.assignedHref(principal.agencyID ?? 0))
        return try renderer.page("reports/inbox", title: "Kotak masuk", section: .inbox, context: context, body: view)
    }
}
