import Foundation
import Hummingbird
import PantauCore
import PantauDocuments
import PantauStore

/// Daily and monthly reports of the Desk Pilkada, agency notes, and their A4 and Word exports.
struct DeskRoutes {
    let store: Store
    let renderer: Renderer

    static let letterheadKey = "letterhead"

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(ElectionURL.Pattern.desk)) { request, context in try await list(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.desk)) { request, context in try await open(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.deskNotes)) { request, context in try await saveNote(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.deskReport)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.deskReport)) { request, context in try await edit(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.deskFinalise)) { request, context in try await finalise(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.deskPrint)) { request, context in try await printable(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.deskDocx)) { request, context in try await docx(request: request, context: context) }
        router.get(RouterPath(ElectionURL.letterhead.path)) { request, context in try await letterhead(request: request, context: context) }
        router.post(RouterPath(ElectionURL.letterhead.path)) { request, context in try await saveLetterhead(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiDeskReports)) { request, context in try await apiList(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiDeskReports)) { request, context in try await apiOpen(request: request, context: context) }
        router.get(RouterPath(ElectionURL.Pattern.apiDeskReport)) { request, context in try await apiShow(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiDeskReport)) { request, context in try await apiEdit(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiDeskFinalise)) { request, context in try await apiFinalise(request: request, context: context) }
        router.post(RouterPath(ElectionURL.Pattern.apiDeskNotes)) { request, context in try await apiNote(request: request, context: context) }
    }

    func report(_ context: AppRequestContext, _ principal: Principal) async throws -> (Election, DeskReport) {
        let election = try await ElectionRoutes.election(store, context, principal)
        guard let id = context.parameters.get("report", as: Int.self),
              let report = try await store.elections(Scope(principal)).deskReport(id, of: election.id) else {
            throw NotFound("laporan desk")
        }
        return (election, report)
    }

    // MARK: Pages

    struct ListView {
        var election: String; var electionHref: String; var action: String; var notesAction: String; var today: String
        var rows: [Row]; var empty: Bool; var canCompile: Bool; var canNote: Bool; var hasAgency: Bool; var ownDesk: String
        var notes: [NoteRow]; var noteDesks: [Option]; var kinds: [Option]; var letterheadHref: String?; var notice: String?; var error: String?
        var previousHref: String?; var nextHref: String?
    }
    struct Row { var title: String; var href: String; var desk: String; var version: Int; var status: String; var isFinal: Bool; var updated: String }
    struct NoteRow { var agency: String; var day: String; var desk: String; var note: String }

    /// The desks a note of the caller may go to: their own, and the regions just below it that
    /// the election covers.
    func noteDesks(_ principal: Principal, election: Election) async throws -> [Option] {
        let own = try await store.region(principal.jurisdiction)
        var options = [Option(value: principal.jurisdiction.rawValue, label: "\(own?.name ?? principal.jurisdiction.rawValue) (desk Anda)", selected: true)]
        if principal.jurisdiction.level != .desaKelurahan {
            for child in try await store.children(of: principal.jurisdiction) where Desk.area(desk: child.region.code, election: election.region.code) != nil {
                options.append(Option(value: child.region.code.rawValue, label: child.region.name, selected: false))
            }
        }
        return options
    }

    func renderList(_ request: Request, _ context: AppRequestContext, error: String? = nil) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let today = store.clock.today()
        let page = try await store.elections(Scope(principal)).deskReports(of: election.id, page: try Paging.page(request))
        let path = ElectionURL.desk(election.id).path
        let ownDesk = try await store.region(principal.jurisdiction)?.name ?? principal.jurisdiction.rawValue
        return try renderer.page("elections/desk", title: "Laporan desk · \(election.name)", section: .elections, context: context,
                             status: error == nil ? .ok : .unprocessableContent, body: ListView(
            election: election.name, electionHref: ElectionURL.election(election.id).path, action: path, notesAction: ElectionURL.deskNotes(election.id).path,
            today: today.description,
            rows: page.items.map { r in
                Row(title: "\(r.kind.label) \(r.content.periodLabel)", href: ElectionURL.deskReport(election.id, r.id).path, desk: r.desk.name, version: r.version,
                    status: r.status.label, isFinal: r.status == .final, updated: Display.dateTime(r.finalisedAt ?? r.updatedAt))
            },
            empty: page.items.isEmpty,
            canCompile: Desk.mayCompile(desk: principal.jurisdiction, principal) && Desk.area(desk: principal.jurisdiction, election: election.region.code) != nil,
            canNote: principal.can(.writeDeskNotes) && Desk.area(desk: principal.jurisdiction, election: election.region.code) != nil,
            hasAgency: principal.agencyID != nil, ownDesk: ownDesk,
            notes: try await store.elections(Scope(principal)).deskNotes(of: election.id, from: today.adding(days: -6), through: today).reversed().map {
                NoteRow(agency: $0.agencyName, day: $0.day.longIndonesian, desk: $0.desk.name, note: $0.note)
            },
            noteDesks: principal.can(.writeDeskNotes) ? try await noteDesks(principal, election: election) : [],
            kinds: DeskReportKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .daily) },
            letterheadHref: context.administersInstallation ? ElectionURL.letterhead.path : nil, notice: Notice.text(request), error: error,
            previousHref: page.page > 1 ? Paging.link(path, filters: [], page: page.page - 1) : nil,
            nextHref: page.hasNext ? Paging.link(path, filters: [], page: page.page + 1) : nil))
    }

    func list(request: Request, context: AppRequestContext) async throws -> Response { try await renderList(request, context) }

    func open(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.compileDeskReports)
        let electionID = try ElectionRoutes.electionID(context)
        let form = try await Forms.read(request)
        guard let kind = DeskReportKind(rawValue: form["jenis"] ?? "") else { throw BadRequest("Jenis laporan tidak dikenal.") }
        guard let date = LocalDate(form["tanggal"] ?? "") else {
            return try await renderList(request, context, error: "Tanggal laporan harus tanggal yang sah.")
        }
        let report = try await store.elections(Scope(principal)).openDeskReport(in: electionID, kind: kind, date: date, actor: try context.actor())
        return .redirect(to: ElectionURL.deskReport(electionID, report.id).path, type: .normal)
    }

    func saveNote(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.writeDeskNotes)
        let electionID = try ElectionRoutes.electionID(context)
        let form = try await Forms.read(request)
        var v = Validator()
        let note = v.requiredText(form["catatan"], "catatan", label: "Catatan", maxLength: 5000)
        let day = LocalDate(form["tanggal"] ?? "")
        v.check(day != nil, "tanggal", "Tanggal catatan harus tanggal yang sah.")
        let desk = v.optionalRegionCode(form["wilayah_desk"], "wilayah_desk", label: "Desk")
        do {
            try v.finish()
            try await store.elections(Scope(principal)).saveDeskNote(in: electionID, day: day!, note: note, desk: desk, actor: try context.actor())
        } catch let failure as ValidationFailure {
            return try await renderList(request, context, error: failure.summary)
        }
        return .redirect(to: ElectionURL.desk(electionID).path + "?notice=saved", type: .normal)
    }

    struct ReportView {
        var election: String; var electionHref: String; var deskHref: String
        var title: String; var desk: String; var version: Int; var status: String; var isFinal: Bool; var content: ContentView; var narrative: String
        var canEdit: Bool; var canCorrect: Bool; var editAction: String; var finaliseAction: String; var correctAction: String
        var kind: String; var date: String; var printHref: String; var docxHref: String; var finalised: String?; var notice: String?
    }

    /// The sections of a report as pages and the print view show them.
    struct ContentView {
        var electionName: String; var regionName: String; var periodLabel: String; var votingDay: String; var countdown: String
        var stages: [DeskReportContent.Stage]; var hasStages: Bool
        var opened: [DeskReportContent.Problem]; var hasOpened: Bool
        var changed: [DeskReportContent.Problem]; var hasChanged: Bool
        var open: [DeskReportContent.Problem]; var hasOpen: Bool
        var incidents: [IncidentView]; var hasIncidents: Bool
        var notes: [DeskReportContent.AgencyNote]; var hasNotes: Bool

        init(_ c: DeskReportContent) {
            electionName = c.electionName; regionName = c.regionName; periodLabel = c.periodLabel; votingDay = c.votingDay; countdown = c.countdown
            stages = c.stages; hasStages = !c.stages.isEmpty
            opened = c.problemsOpened; hasOpened = !c.problemsOpened.isEmpty
            changed = c.problemsChanged; hasChanged = !c.problemsChanged.isEmpty
            open = c.problemsOpen; hasOpen = !c.problemsOpen.isEmpty
            incidents = c.incidents.map { IncidentView(id: $0.id, title: $0.title, category: $0.category, severity: Severity(rawValue: $0.severity)?.label ?? $0.severity,
                                                       region: $0.region, occurred: $0.occurred) }
            hasIncidents = !c.incidents.isEmpty
            notes = c.notes; hasNotes = !c.notes.isEmpty
        }
    }
    struct IncidentView { var id: Int; var title: String; var category: String; var severity: String; var region: String; var occurred: String }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let (election, report) = try await self.report(context, principal)
        let canCompile = Desk.mayCompile(desk: report.desk.code, principal)
        return try renderer.page("elections/desk-report", title: "\(report.kind.label) \(report.content.periodLabel)", section: .elections, context: context, body: ReportView(
            election: election.name, electionHref: ElectionURL.election(election.id).path, deskHref: ElectionURL.desk(election.id).path,
            title: "\(report.kind.label) \(report.content.periodLabel)", desk: report.desk.name, version: report.version, status: report.status.label, isFinal: report.status == .final,
            content: ContentView(report.content), narrative: report.narrative,
            canEdit: canCompile && report.status == .draft, canCorrect: canCompile && report.status == .final,
            editAction: ElectionURL.deskReport(election.id, report.id).path, finaliseAction: ElectionURL.deskFinalise(election.id, report.id).path,
            correctAction: ElectionURL.desk(election.id).path, kind: report.kind.rawValue, date: report.start.description,
            printHref: ElectionURL.deskPrint(election.id, report.id).path, docxHref: ElectionURL.deskDocx(election.id, report.id).path,
            finalised: report.finalisedAt.map { "Difinalkan \(Display.dateTime($0))" + (report.finalisedBy.map { " oleh \($0)" } ?? "") },
            notice: Notice.text(request)))
    }

    func edit(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.compileDeskReports)
        let (election, report) = try await self.report(context, principal)
        let form = try await Forms.read(request, limit: 128 * 1024)
        var v = Validator()
        let narrative = v.optionalText(form["narasi"], "narasi", label: "Narasi", maxLength: 50_000) ?? ""
        try v.finish()
        try await store.elections(Scope(principal)).editDeskReport(report.id, of: election.id, narrative: narrative, recompile: form["susun_ulang"] != nil,
                                       actor: try context.actor())
        return .redirect(to: ElectionURL.deskReport(election.id, report.id).path + "?notice=saved", type: .normal)
    }

    func finalise(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.compileDeskReports)
        let (election, report) = try await self.report(context, principal)
        let form = try await Forms.read(request)
        // The report page's button asks first, on a page of its own (no script needed); only the
        // confirmation's button carries `konfirmasi=ya`.
        guard form["konfirmasi"] == "ya" else {
            struct Confirm { var title: String; var action: String; var cancelHref: String; var version: Int; var docxHref: String }
            return try renderer.page("elections/desk-finalise", title: "Finalkan laporan", section: .elections, context: context, body: Confirm(
                title: "\(report.kind.label) \(report.content.periodLabel)", action: ElectionURL.deskFinalise(election.id, report.id).path,
                cancelHref: ElectionURL.deskReport(election.id, report.id).path, version: report.version, docxHref: ElectionURL.deskDocx(election.id, report.id).path))
        }
        try await store.elections(Scope(principal)).finaliseDeskReport(report.id, of: election.id, actor: try context.actor())
        return .redirect(to: ElectionURL.deskReport(election.id, report.id).path + "?notice=finalised", type: .normal)
    }

    // MARK: Exports

    func letterheadLines() async throws -> [String] {
        let text = try await store.setting(Self.letterheadKey) ?? ""
        return text.split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    struct PrintView {
        var title: String; var desk: String; var letterhead: [String]; var hasLetterhead: Bool; var mainLine: String?; var otherLines: [String]
        var version: Int; var status: String; var isDraft: Bool; var content: ContentView; var paragraphs: [String]; var finalised: String?
        var printed: String
        var backHref: String?
    }

    func printable(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let (election, report) = try await self.report(context, principal)
        let lines = try await letterheadLines()
        let view = PrintView(
            title: "\(report.kind.label.uppercased()) DESK PILKADA \(report.desk.name.uppercased())", desk: report.desk.name, letterhead: lines, hasLetterhead: !lines.isEmpty,
            mainLine: lines.first, otherLines: Array(lines.dropFirst()),
            version: report.version, status: report.status.label, isDraft: report.status == .draft, content: ContentView(report.content),
            paragraphs: report.narrative.components(separatedBy: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty },
            finalised: report.finalisedAt.map { Display.dateTime($0) }, printed: Display.dateTime(store.clock.now()),
            backHref: ElectionURL.deskReport(election.id, report.id).path)
        return try renderer.standalone("elections/desk-print", view)
    }

    func docx(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let (_, report) = try await self.report(context, principal)
        let data = try DeskDocument.make(report: report, letterhead: try await letterheadLines(), author: principal.displayName)
        let name = "laporan-\(report.kind.rawValue)-\(report.start.description)-v\(report.version).docx"
        return Response(status: .ok, headers: [
            .contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            .contentDisposition: "attachment; filename=\"\(name)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Letterhead

    struct LetterheadView { var action: String; var text: String; var notice: String? }

    func letterhead(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireInstallationAdministrator()
        return try renderer.page("elections/letterhead", title: "Kop surat laporan", context: context, body: LetterheadView(
            action: ElectionURL.letterhead.path, text: try await store.setting(Self.letterheadKey) ?? "", notice: Notice.text(request)))
    }

    func saveLetterhead(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        let form = try await Forms.read(request)
        let lines = (form["kop"] ?? "").replacingOccurrences(of: "\r", with: "").split(separator: "\n").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard lines.count <= 6, lines.allSatisfy({ $0.count <= 160 && !$0.containsControlCharacters }) else {
            throw ValidationFailure("kop", "Kop surat paling banyak 6 baris, tiap baris paling banyak 160 karakter.")
        }
        try await store.setSetting(Self.letterheadKey, lines.joined(separator: "\n"), installation: installation, actor: try context.actor())
        return .redirect(to: ElectionURL.letterhead.path + "?notice=saved", type: .normal)
    }
}
