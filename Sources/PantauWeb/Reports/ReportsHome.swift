import Hummingbird
import PantauCore
import PantauStore

/// What the start page and the navigation show of incident reports, by what the caller does:
/// a field monitor or partner reports and follows their own reports, an analyst verifies and
/// follows up, the head of the office (viewer) starts on Situasi.
extension ReportsCapability {
    /// The head of the office reads the situation; there is nothing for them to act on.
    public func startPath(for principal: Principal) -> String? {
        principal.role == .viewer && principal.can(.viewReports) ? SiteURL.situation.path : nil
    }

    public func homePanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel? {
        guard let principal = context.principal, principal.can(.viewReports) else { return nil }
        let reports = capability.store.reports(Scope(principal))
        if Self.verifies(principal) {
            return HomePanel(title: "Pekerjaan hari ini", figures: try await Self.workFigures(principal, reports))
        }
        guard principal.can(.createReports) else { return nil }
        var mine = ReportFilter()
        mine.author = principal.userID
        mine.sort = .updated
        mine.pageSize = 10
        let own = try await reports.list(mine).items
        let notes = try await reports.rejectionNotes(of: own.filter { $0.status == .rejected }.map(\.id))
        // A partner agency (KPU, Bawaslu, the police) also answers the follow-ups assigned to it.
        var figures: [HomePanel.Figure] = []
        if principal.role == .partner, let agency = principal.agencyID {
            var late = ReportFilter.late
            late.agencyID = agency
            figures = [
                HomePanel.Figure(Display.number(try await reports.count(.assigned(to: agency), cap: 1000)), "tugas tindak lanjut instansi Anda",
                                 href: InboxRoutes.assignedHref(agency)),
                HomePanel.Figure(Display.number(try await reports.count(late, cap: 1000)), "tugas instansi Anda yang terlambat",
                                 href: InboxRoutes.lateHref(agency: agency)),
            ]
        }
        return HomePanel(
            title: "Laporan lapangan", action: .init("Laporkan kejadian", href: SiteURL.reportNew.path), figures: figures,
            entriesTitle: "Laporan saya (10 terakhir diubah)",
            entries: own.map { report in
                HomePanel.Entry(title: "#\(report.id) \(report.title)", href: SiteURL.report(report.id).path, status: report.status.label,
                                statusClass: report.status.rawValue,
                                meta: "\(report.region.name) · \(Display.occurred(report.occurredAt, report.precision))",
                                note: report.status == .rejected ? notes[report.id] : nil)
            },
            emptyText: "Belum ada laporan dari Anda. Kejadian yang Anda laporkan akan tampil di sini beserta statusnya.")
    }

    static func verifies(_ principal: Principal) -> Bool { ReportTransition.verify.roles.contains(principal.role) }

    /// The analyst's counts, each a link to the list it counts (as the inbox's cards).
    static func workFigures(_ principal: Principal, _ reports: ReportRepository) async throws -> [HomePanel.Figure] {
        func shown(_ count: Int) -> String { count >= 1000 ? "999+" : Display.number(count) }
        var figures = [
            HomePanel.Figure(shown(try await reports.count(.toVerify)), "perlu diverifikasi", href: InboxRoutes.toVerifyHref),
            HomePanel.Figure(shown(try await reports.count(.late)), "tindak lanjut terlambat", note: "semua instansi di wilayah Anda",
                             href: InboxRoutes.lateHref),
        ]
        if let agency = principal.agencyID {
            figures.append(HomePanel.Figure(shown(try await reports.count(.assigned(to: agency))), "ditugaskan ke instansi Anda",
                                            href: InboxRoutes.assignedHref(agency)))
        }
        return figures
    }

    /// What waits in the inbox: new reports to verify for those who verify, and follow-ups
    /// assigned to the caller's agency.
    static func inboxCount(_ context: AppRequestContext, _ store: Store) async throws -> Int? {
        guard let principal = context.principal else { return nil }
        let reports = store.reports(Scope(principal))
        var count = verifies(principal) ? try await reports.count(.toVerify, cap: 100) : 0
        if let agency = principal.agencyID { count += try await reports.count(.assigned(to: agency), cap: 100) }
        return count
    }
}
