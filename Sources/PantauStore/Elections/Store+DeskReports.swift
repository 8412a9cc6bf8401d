import Foundation
import PantauCore
import SQLKit

public struct DeskNote: Sendable, Equatable {
    public var id: Int
    /// The desk the note was written to.
    public var desk: Region
    public var agencyID: Int
    public var agencyName: String
    public var day: LocalDate
    public var note: String
}

/// A daily or monthly desk report of one desk; a final one never changes, a correction is a new
/// version.
public struct DeskReport: Sendable, Equatable {
    public var id: Int
    public var electionID: Int
    /// The desk that compiles it (see `Desk`): only its staff change it.
    public var desk: Region
    public var kind: DeskReportKind
    public var start: LocalDate
    public var end: LocalDate
    public var version: Int
    public var status: DeskReportStatus
    public var content: DeskReportContent
    public var narrative: String
    public var createdAt: Int
    public var updatedAt: Int
    public var finalisedAt: Int?
    public var finalisedBy: String?
}

extension Store {
    /// The election as seen by the caller, and the part of its region the desk covers; a desk
    /// whose region does not meet the election's is refused.
    private func deskElection(_ electionID: Int, desk: RegionCode, principal: Principal) async throws -> (Election, area: RegionCode) {
        guard let election = try await election(electionID, scope: principal.jurisdiction) else { throw NotFound("pemilihan") }
        guard let area = Desk.area(desk: desk, election: election.region.code) else {
            throw ValidationFailure("wilayah_desk", "Desk wilayah \(desk) tidak meliputi wilayah pemilihan \(election.region.name).")
        }
        return (election, area)
    }

    // MARK: Agency notes

    /// The agency's note for a day of a desk (one per desk, agency and day; writing again
    /// replaces it, and the audit line keeps the note it replaced). The desk is the author's
    /// jurisdiction unless they choose one inside it.
    func saveDeskNote(electionID: Int, day: LocalDate, note: String, desk chosen: RegionCode? = nil, principal: Principal, actor: Actor) async throws {
        guard let desk = Desk.noteDesk(chosen: chosen, principal) else {
            throw ValidationFailure("wilayah_desk", "Desk \(chosen?.rawValue ?? "") di luar wilayah kewenangan Anda.")
        }
        let (election, _) = try await deskElection(electionID, desk: desk, principal: principal)
        guard try await region(desk) != nil else { throw ValidationFailure("wilayah_desk", "Kode wilayah desk \(desk) tidak dikenal.") }
        guard let agency = principal.agencyID else { throw ValidationFailure("catatan", "Akun Anda tidak terhubung dengan instansi.") }
        let now = clock.now()
        try await database.write { db in
            let old = try await db.raw("""
                SELECT note FROM desk_notes WHERE election_id = \(bind: electionID) AND desk_region_kode = \(bind: desk.rawValue)
                AND agency_id = \(bind: agency) AND on_day = \(bind: day.description)
                """).first(decodingColumn: "note", as: String.self)
            try await db.raw("""
                INSERT INTO desk_notes (election_id, desk_region_kode, agency_id, on_day, note, created_by, created_at)
                VALUES (\(bind: electionID), \(bind: desk.rawValue), \(bind: agency), \(bind: day.description), \(bind: note), \(bind: principal.userID), \(bind: now))
                ON CONFLICT (election_id, desk_region_kode, agency_id, on_day) DO UPDATE SET note = excluded.note, created_by = excluded.created_by, created_at = excluded.created_at
                """).run()
            var changes = ChangeSet()
            changes.record("catatan", old, note)
            try await audit(db, actor: actor, action: old == nil ? "note" : "update", entity: .deskNote, entityID: String(electionID), region: desk,
                                 summary: "Catatan instansi untuk \(day.longIndonesian) pada \(election.name), desk \(desk)", changes: changes)
        }
    }

    /// The notes of the election's desks inside `scope` for the days given.
    func deskNotes(electionID: Int, scope: RegionCode, from start: LocalDate, through end: LocalDate) async throws -> [DeskNote] {
        struct Row: Decodable { var id: Int; var desk_region_kode: String; var desk_name: String; var agency_id: Int; var name: String; var on_day: String; var note: String }
        return try await database.read { db in
            try await db.raw("""
                SELECT n.id, n.desk_region_kode, g.nama AS desk_name, n.agency_id, a.name, n.on_day, n.note
                FROM desk_notes n JOIN agencies a ON a.id = n.agency_id JOIN regions g ON g.kode = n.desk_region_kode
                WHERE n.election_id = \(bind: electionID) AND n.on_day >= \(bind: start.description) AND n.on_day <= \(bind: end.description)
                AND \(SQLQueryString.within("n.desk_region_kode", scope))
                ORDER BY n.on_day, n.desk_region_kode, a.name
                """).all(decoding: Row.self)
        }.compactMap { row in
            guard let day = LocalDate(row.on_day), let desk = RegionCode(row.desk_region_kode) else { return nil }
            return DeskNote(id: row.id, desk: Region(code: desk, name: row.desk_name), agencyID: row.agency_id, agencyName: row.name, day: day, note: row.note)
        }
    }

    // MARK: Compiling

    /// What the report of `desk` for the period says today: the store gathers the facts of the
    /// part of the election the desk covers (`DeskPeriodFacts`), the core compiles them.
    func compileDeskReport(election: Election, kind: DeskReportKind, start: LocalDate, desk: RegionCode) async throws -> DeskReportContent {
        let (start, end) = kind.period(containing: start)
        let from = start.startEpoch(), until = end.adding(days: 1).startEpoch()
        guard let area = Desk.area(desk: desk, election: election.region.code) else {
            throw ValidationFailure("wilayah_desk", "Desk wilayah \(desk) tidak meliputi wilayah pemilihan \(election.region.name).")
        }
        let areaName = area == election.region.code ? election.region.name : (try await region(area)?.name ?? area.rawValue)
        let stages = try await stages(of: election.id).map(\.plan)
        let problems = try await self.problems(electionID: election.id, scope: area, filter: { var f = ProblemFilter(); f.pageSize = 500; return f }()).items
        struct Changed: Decodable { var problem_id: Int }
        let changedIDs = Set(try await database.read { db in
            try await db.raw("""
                SELECT DISTINCT e.problem_id FROM election_problem_events e JOIN election_problems p ON p.id = e.problem_id
                WHERE p.election_id = \(bind: election.id) AND \(SQLQueryString.within("p.region_kode", area))
                AND e.from_status IS NOT NULL AND e.at >= \(bind: from) AND e.at < \(bind: until)
                """).all(decoding: Changed.self)
        }.map(\.problem_id))
        struct Incident: Decodable { var id: Int; var title: String; var category: String; var severity: String; var region: String; var occurred_at: Int }
        let incidents = try await database.read { db in
            try await db.raw("""
                SELECT r.id, r.title, c.name AS category, r.severity, g.nama AS region, r.occurred_at FROM reports r
                JOIN report_categories c ON c.id = r.category_id JOIN regions g ON g.kode = r.region_kode
                WHERE \(SQLQueryString.within("r.region_kode", area)) AND r.duplicate_of IS NULL AND r.status IN ('verified', 'follow_up', 'resolved', 'archived')
                AND EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.to_status = 'verified' AND e.at >= \(bind: from) AND e.at < \(bind: until))
                ORDER BY r.occurred_at, r.id LIMIT 200
                """).all(decoding: Incident.self)
        }
        let notes = try await deskNotes(electionID: election.id, scope: desk, from: start, through: end)
        let facts = DeskPeriodFacts(
            electionName: election.name, areaName: areaName, votingDay: election.votingDay, stages: stages,
            problems: problems.map { DeskPeriodFacts.Problem(id: $0.id, title: $0.title, stage: $0.stageName, region: $0.region.name, status: $0.status,
                                                             responsible: $0.responsibleName, anticipation: $0.anticipation, createdAt: $0.createdAt) },
            changedProblemIDs: changedIDs,
            incidents: incidents.map { DeskPeriodFacts.Incident(id: $0.id, title: $0.title, category: $0.category, severity: $0.severity, region: $0.region,
                                                                occurredAt: $0.occurred_at) },
            notes: notes.map { DeskPeriodFacts.Note(agency: $0.agencyName, deskName: $0.desk.name, atThisDesk: $0.desk.code == desk, day: $0.day, text: $0.note) })
        return DeskReportContent.compile(kind: kind, date: start, facts: facts)
    }

    // MARK: Reports

    private static let deskColumns: SQLQueryString = """
        d.id, d.election_id, d.desk_region_kode, g.nama AS desk_name, d.kind, d.period_start, d.period_end, d.version, d.status, d.content, d.narrative,
        d.created_at, d.updated_at, d.finalised_at, u.display_name AS finalised_by
        """
    private static let deskJoins: SQLQueryString = "JOIN regions g ON g.kode = d.desk_region_kode LEFT JOIN users u ON u.id = d.finalised_by"

    private struct DeskRow: Decodable, StoredRow {
        var rowID: Int { id }
        var record: DeskReport? { report }
        var id: Int; var election_id: Int; var desk_region_kode: String; var desk_name: String; var kind: String; var period_start: String; var period_end: String
        var version: Int; var status: String; var content: String; var narrative: String; var created_at: Int; var updated_at: Int
        var finalised_at: Int?; var finalised_by: String?

        var report: DeskReport? {
            guard let desk = RegionCode(desk_region_kode), let kind = DeskReportKind(rawValue: kind), let status = DeskReportStatus(rawValue: status),
                  let start = LocalDate(period_start), let end = LocalDate(period_end),
                  let content = try? JSONDecoder().decode(DeskReportContent.self, from: Data(content.utf8)) else { return nil }
            return DeskReport(id: id, electionID: election_id, desk: Region(code: desk, name: desk_name), kind: kind, start: start, end: end, version: version,
                              status: status, content: content, narrative: narrative, createdAt: created_at, updatedAt: updated_at,
                              finalisedAt: finalised_at, finalisedBy: finalised_by)
        }
    }

    /// The reports of the election's desks inside `scope`, newest period first.
    func deskReports(electionID: Int, scope: RegionCode, page: Int = 1, pageSize: Int = 60) async throws -> Page<DeskReport> {
        let size = min(max(pageSize, 1), 200), page = max(page, 1)
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(Self.deskColumns) FROM desk_reports d \(Self.deskJoins)
                WHERE d.election_id = \(bind: electionID) AND \(SQLQueryString.within("d.desk_region_kode", scope))
                ORDER BY d.period_start DESC, d.kind, d.desk_region_kode, d.version DESC LIMIT \(literal: size + 1) OFFSET \(literal: (page - 1) * size)
                """).all(decoding: DeskRow.self)
        }
        return Page(items: known(rows.prefix(size), table: "desk_reports"), page: page, pageSize: size, hasNext: rows.count > size)
    }

    /// A report of a desk inside `scope`, or nil (also when it exists elsewhere).
    func deskReport(_ id: Int, electionID: Int, scope: RegionCode) async throws -> DeskReport? {
        known(try await database.read { db in
            try await db.raw("""
                SELECT \(Self.deskColumns) FROM desk_reports d \(Self.deskJoins)
                WHERE d.id = \(bind: id) AND d.election_id = \(bind: electionID) AND \(SQLQueryString.within("d.desk_region_kode", scope))
                """).first(decoding: DeskRow.self)
        }, table: "desk_reports")
    }

    /// Opens the draft of the caller's own desk for the period holding `date`: the existing
    /// draft, or version 1, or — when the period already has a final report — a new version that
    /// corrects it.
    func openDeskReport(electionID: Int, kind: DeskReportKind, date: LocalDate, principal: Principal, actor: Actor) async throws -> DeskReport {
        let desk = principal.jurisdiction
        guard Desk.mayCompile(desk: desk, principal) else { throw WorkflowRefused(message: "Peran Anda tidak menyusun laporan desk.", forbidden: true) }
        let (election, _) = try await deskElection(electionID, desk: desk, principal: principal)
        let (start, end) = kind.period(containing: date)
        let key: SQLQueryString = """
            election_id = \(bind: electionID) AND desk_region_kode = \(bind: desk.rawValue) AND kind = \(bind: kind.rawValue) AND period_start = \(bind: start.description)
            """
        // An open draft is the answer as it stands; compiling is only for a new version.
        if let draft = try await database.read({ db in
            try await db.raw("SELECT id FROM desk_reports WHERE \(key) AND status = 'draft'").first(decodingColumn: "id", as: Int.self)
        }), let report = try await deskReport(draft, electionID: electionID, scope: desk) {
            return report
        }
        let content = try await compileDeskReport(election: election, kind: kind, start: start, desk: desk)
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        let now = clock.now()
        let written = try await database.write { db -> Int? in
            struct Existing: Decodable { var id: Int; var version: Int; var status: String; var narrative: String }
            let existing = try await db.raw("SELECT id, version, status, narrative FROM desk_reports WHERE \(key) ORDER BY version DESC LIMIT 1")
                .first(decoding: Existing.self)
            if let existing, existing.status == DeskReportStatus.draft.rawValue { return existing.id }
            let version = (existing?.version ?? 0) + 1
            let narrative = existing?.narrative ?? content.suggestedNarrative
            // Two instances opening the same draft at once: the unique keys keep one, and the
            // other answers with it.
            guard let id = try await db.raw("""
                INSERT INTO desk_reports (election_id, desk_region_kode, kind, period_start, period_end, version, status, content, narrative, created_by, created_at, updated_at)
                VALUES (\(bind: electionID), \(bind: desk.rawValue), \(bind: kind.rawValue), \(bind: start.description), \(bind: end.description), \(bind: version), 'draft',
                        \(bind: json), \(bind: narrative), \(bind: principal.userID), \(bind: now), \(bind: now))
                ON CONFLICT DO NOTHING RETURNING id
                """).first(decodingColumn: "id", as: Int.self) else { return nil }
            try await audit(db, actor: actor, action: "create", entity: .deskReport, entityID: String(id), region: desk,
                                 summary: "\(kind.label) \(kind.periodLabel(start)) versi \(version) disusun untuk \(election.name), desk \(desk)")
            return id
        }
        let id: Int
        if let written {
            id = written
        } else if let other = try await database.read({ db in
            try await db.raw("SELECT id FROM desk_reports WHERE \(key) AND status = 'draft'").first(decodingColumn: "id", as: Int.self)
        }) {
            id = other
        } else {
            throw Conflict("Laporan ini baru saja difinalkan orang lain; muat ulang halaman.")
        }
        return try await deskReport(id, electionID: electionID, scope: desk)!
    }

    /// A report the caller may change: visible to them (else 404) and of their own desk (else 403).
    private func ownDeskReport(_ id: Int, electionID: Int, principal: Principal) async throws -> (Election, DeskReport) {
        guard let election = try await election(electionID, scope: principal.jurisdiction),
              let report = try await deskReport(id, electionID: electionID, scope: principal.jurisdiction) else { throw NotFound("laporan desk") }
        guard Desk.mayCompile(desk: report.desk.code, principal) else {
            throw WorkflowRefused(message: "Laporan ini milik desk \(report.desk.name); hanya staf desk itu yang dapat mengubahnya.", forbidden: true)
        }
        return (election, report)
    }

    /// Saves the secretary's narrative on a draft and, with `recompile`, compiles its figures anew.
    func editDeskReport(_ id: Int, electionID: Int, narrative: String, recompile: Bool, principal: Principal, actor: Actor) async throws {
        let (election, report) = try await ownDeskReport(id, electionID: electionID, principal: principal)
        guard report.status == .draft else {
            throw WorkflowRefused(message: "Laporan ini sudah final dan tidak dapat diubah; buat versi perbaikan.", forbidden: false)
        }
        let content = recompile ? try await compileDeskReport(election: election, kind: report.kind, start: report.start, desk: report.desk.code) : report.content
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        try await database.write { db in
            let changed = try await db.raw("""
                UPDATE desk_reports SET narrative = \(bind: narrative), content = \(bind: json), updated_at = \(bind: clock.now())
                WHERE id = \(bind: id) AND status = 'draft' RETURNING id
                """).all()
            guard !changed.isEmpty else { throw Conflict("Laporan ini baru saja difinalkan orang lain.") }
            var changes = ChangeSet()
            changes.record("narasi", report.narrative, narrative)
            if recompile { changes.record("isi", "disusun \(LocalDate(epoch: report.updatedAt))", "disusun ulang") }
            try await audit(db, actor: actor, action: "update", entity: .deskReport, entityID: String(id), region: report.desk.code,
                                 summary: "\(report.kind.label) \(report.content.periodLabel) versi \(report.version) disunting", changes: changes)
        }
    }

    /// Freezes a draft: from now on neither the application nor the database lets it change.
    func finaliseDeskReport(_ id: Int, electionID: Int, principal: Principal, actor: Actor) async throws {
        let (_, report) = try await ownDeskReport(id, electionID: electionID, principal: principal)
        guard report.status == .draft else { throw WorkflowRefused(message: "Laporan ini sudah final.", forbidden: false) }
        try await database.write { db in
            let changed = try await db.raw("""
                UPDATE desk_reports SET status = 'final', finalised_by = \(bind: principal.userID), finalised_at = \(bind: clock.now())
                WHERE id = \(bind: id) AND status = 'draft' RETURNING id
                """).all()
            guard !changed.isEmpty else { throw Conflict("Laporan ini baru saja difinalkan orang lain.") }
            try await audit(db, actor: actor, action: "finalise", entity: .deskReport, entityID: String(id), region: report.desk.code,
                                 summary: "\(report.kind.label) \(report.content.periodLabel) versi \(report.version) difinalkan")
        }
    }
}
