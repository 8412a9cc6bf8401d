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
        return HomePanel(
            title: "Laporan lapangan", action: .init("Laporkan kejadian", href: SiteURL.reportNew.path),
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

    /// The analyst's counts, each a link to the list it counts.
    static func workFigures(_ principal: Principal, _ reports: ReportRepository) async throws -> [HomePanel.Figure] {
        func shown(_ count: Int) -> String { count >= 1000 ? "999+" : Display.number(count) }
        var submitted = ReportFilter()
        submitted.statuses = [.submitted]
        var overdue = ReportFilter()
        overdue.statuses = [.followUp]
        overdue.overdue = true
        var figures = [
            HomePanel.Figure(shown(try await reports.count(submitted)), "perlu diverifikasi", href: SiteURL.reports.path + "?status=submitted&urut=severity"),
            HomePanel.Figure(shown(try await reports.count(overdue)), "tindak lanjut terlambat", note: "semua instansi di wilayah Anda",
                             href: SiteURL.reports.path + "?status=follow_up&terlambat=1"),
        ]
        if let agency = principal.agencyID {
            var assigned = ReportFilter()
            assigned.statuses = [.followUp]
            assigned.agencyID = agency
            figures.append(HomePanel.Figure(shown(try await reports.count(assigned)), "ditugaskan ke instansi Anda",
                                            href: SiteURL.reports.path + "?status=follow_up&instansi=\(agency)"))
        }
        return figures
    }

    /// What waits in the inbox: new reports to verify for those who verify, and follow-ups
    /// assigned to the caller's agency.
    static func inboxCount(_ context: AppRequestContext, _ store: Store) async throws -> Int? {
        guard let principal = context.principal else { return nil }
        let reports = store.reports(Scope(principal))
        var count = 0
        if verifies(principal) {
            var submitted = ReportFilter()
            submitted.statuses = [.submitted]
            count += try await reports.count(submitted, cap: 100)
        }
        if let agency = principal.agencyID {
            var assigned = ReportFilter()
            assigned.statuses = [.followUp]
            assigned.agencyID = agency
            count += try await reports.count(assigned, cap: 100)
        }
        return count
    }
}
