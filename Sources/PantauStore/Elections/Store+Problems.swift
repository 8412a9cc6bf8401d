import Foundation
import PantauCore
import SQLKit

/// A problem of an election stage in the desk's inventory.
public struct ElectionProblem: Sendable, Equatable {
    public var id: Int
    public var electionID: Int
    public var stageID: Int?
    public var stageName: String?
    public var region: Region
    public var title: String
    public var description: String
    public var category: ReportCategory
    public var reportedBy: Int?
    public var reportedByName: String?
    public var anticipation: String?
    public var responsible: Int?
    public var responsibleName: String?
    public var due: LocalDate?
    public var status: ProblemStatus
    public var createdAt: Int
    public var updatedAt: Int

    public func isOverdue(today: LocalDate) -> Bool { status.isOpen && (due.map { $0 < today } ?? false) }
}

public struct ProblemEvent: Sendable, Equatable, Decodable {
    public var at: Int
    public var actorName: String
    public var fromStatus: String?
    public var toStatus: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case at, note
        case actorName = "actor_name", fromStatus = "from_status", toStatus = "to_status"
    }
}

public struct ProblemFilter: Sendable, Equatable {
    public var stageID: Int?
    public var region: RegionCode?
    public var statuses: [ProblemStatus] = []
    public var agencyID: Int?
    public var page = 1
    public var pageSize = 50

    public init() {}
}

extension Store {
    private static let problemColumns: SQLQueryString = """
        p.id, p.election_id, p.stage_id, s.name AS stage_name, p.region_kode, g.nama AS region_name, p.title, p.description,
        p.category_id, c.code AS category_code, c.name AS category_name, c.active AS category_active, p.reported_by, ra.name AS reported_by_name,
        p.anticipation, p.responsible_agency_id, sa.name AS responsible_name, p.due_on, p.status, p.created_at, p.updated_at
        """
    private static let problemJoins: SQLQueryString = """
        JOIN regions g ON g.kode = p.region_kode JOIN report_categories c ON c.id = p.category_id
        LEFT JOIN election_stages s ON s.id = p.stage_id LEFT JOIN agencies ra ON ra.id = p.reported_by LEFT JOIN agencies sa ON sa.id = p.responsible_agency_id
        """

    private struct ProblemRow: Decodable, StoredRow {
        var rowID: Int { id }
        var record: ElectionProblem? { problem }
        var id: Int; var election_id: Int; var stage_id: Int?; var stage_name: String?; var region_kode: String; var region_name: String
        var title: String; var description: String; var category_id: Int; var category_code: String; var category_name: String; var category_active: Int
        var reported_by: Int?; var reported_by_name: String?; var anticipation: String?; var responsible_agency_id: Int?; var responsible_name: String?
        var due_on: String?; var status: String; var created_at: Int; var updated_at: Int

        var problem: ElectionProblem? {
            guard let code = RegionCode(region_kode), let status = ProblemStatus(rawValue: status) else { return nil }
            return ElectionProblem(id: id, electionID: election_id, stageID: stage_id, stageName: stage_name, region: Region(code: code, name: region_name),
                                   title: title, description: description,
                                   category: ReportCategory(id: category_id, code: category_code, name: category_name, active: category_active),
                                   reportedBy: reported_by, reportedByName: reported_by_name, anticipation: anticipation, responsible: responsible_agency_id,
                                   responsibleName: responsible_name, due: due_on.flatMap(LocalDate.init), status: status, createdAt: created_at, updatedAt: updated_at)
        }
    }

    func problems(electionID: Int, scope: RegionCode, filter: ProblemFilter) async throws -> Page<ElectionProblem> {
        var conditions: [SQLQueryString] = ["p.election_id = \(bind: electionID)", .within("p.region_kode", scope)]
        if let stage = filter.stageID { conditions.append("p.stage_id = \(bind: stage)") }
        if let region = filter.region { conditions.append(.within("p.region_kode", region)) }
        if !filter.statuses.isEmpty { conditions.append("p.status IN (\(binds: filter.statuses.map(\.rawValue)))") }
        if let agency = filter.agencyID { conditions.append("(p.reported_by = \(bind: agency) OR p.responsible_agency_id = \(bind: agency))") }
        let pageSize = min(max(filter.pageSize, 1), 500), page = max(filter.page, 1)
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(Self.problemColumns) FROM election_problems p \(Self.problemJoins)
                WHERE \(whereClause) ORDER BY CASE p.status WHEN 'selesai' THEN 1 ELSE 0 END, p.updated_at DESC, p.id DESC
                LIMIT \(literal: pageSize + 1) OFFSET \(literal: (page - 1) * pageSize)
                """).all(decoding: ProblemRow.self)
        }
        return Page(items: known(rows.prefix(pageSize), table: "election_problems"), page: page, pageSize: pageSize, hasNext: rows.count > pageSize)
    }

    func problem(_ id: Int, electionID: Int, scope: RegionCode) async throws -> ElectionProblem? {
        known(try await database.read { db in
            try await db.raw("""
                SELECT \(Self.problemColumns) FROM election_problems p \(Self.problemJoins)
                WHERE p.id = \(bind: id) AND p.election_id = \(bind: electionID) AND \(SQLQueryString.within("p.region_kode", scope))
                """).first(decoding: ProblemRow.self)
        }, table: "election_problems")
    }

    func problemEvents(_ id: Int) async throws -> [ProblemEvent] {
        try await database.read { db in
            try await db.raw("SELECT at, actor_name, from_status, to_status, note FROM election_problem_events WHERE problem_id = \(bind: id) ORDER BY at, id")
                .all(decoding: ProblemEvent.self)
        }
    }

    /// Incident reports linked to a problem that the caller may see.
    func problemReports(_ id: Int, scope: RegionCode) async throws -> [(id: Int, title: String, status: ReportStatus)] {
        struct Row: Decodable { var id: Int; var title: String; var status: String }
        return try await database.read { db in
            try await db.raw("""
                SELECT r.id, r.title, r.status FROM election_problem_reports l JOIN reports r ON r.id = l.report_id
                WHERE l.problem_id = \(bind: id) AND \(SQLQueryString.within("r.region_kode", scope)) AND r.status <> 'draft' ORDER BY r.id
                """).all(decoding: Row.self)
        }.compactMap { row in ReportStatus(rawValue: row.status).map { (row.id, row.title, $0) } }
    }

    /// Checks what a problem refers to: region inside the election and the caller's jurisdiction,
    /// a stage of this election, known agencies and a category, and reports the caller may see.
    private func resolveProblem(_ input: ProblemInput, election: Election, scope: RegionCode) async throws -> Int {
        try await requireRegion(input.region, scope: scope, field: "kode_wilayah")
        guard input.region.isWithin(election.region.code) else {
            throw ValidationFailure("kode_wilayah", "Wilayah \(input.region) di luar wilayah pemilihan \(election.region.name).")
        }
        guard let category = try await reportCategories(includeInactive: true).first(where: { $0.code == input.categoryCode }) else {
            throw ValidationFailure("kategori", "Kategori tidak dikenal.")
        }
        if let stage = input.stageID, !(try await stages(of: election.id)).contains(where: { $0.id == stage }) {
            throw ValidationFailure("tahapan", "Tahapan tidak ada pada pemilihan ini.")
        }
        for (field, agency) in [("instansi_pelapor", input.reportedBy), ("instansi_penanggung_jawab", input.responsible)] {
            if let agency, try await self.agency(agency, scope: scope) == nil {
                throw ValidationFailure(field, "Instansi tidak dikenal atau di luar wilayah kewenangan Anda.")
            }
        }
        if !input.reportIDs.isEmpty {
            // Only submitted reports are linked: a draft is its author's alone, and whether one
            // exists is not told.
            let visible = Set(try await database.read { db in
                try await db.raw("""
                    SELECT id FROM reports WHERE id IN (\(binds: input.reportIDs)) AND \(SQLQueryString.within("region_kode", scope)) AND status <> 'draft'
                    """).all(decodingColumn: "id", as: Int.self)
            })
            if let missing = input.reportIDs.first(where: { !visible.contains($0) }) {
                throw ValidationFailure("laporan", "Laporan #\(missing) tidak ada di wilayah Anda atau belum dikirim.")
            }
        }
        return category.id
    }

    /// Field monitors and partner agencies report as their own agency; Kesbangpol staff may name
    /// the agency that reported to them.
    public static func mayNameReporter(_ principal: Principal) -> Bool { ![.monitor, .partner].contains(principal.role) }

    /// The input with the reporting agency the principal may name (none: their own).
    static func asReported(_ input: ProblemInput, by principal: Principal) -> ProblemInput {
        var input = input
        if !mayNameReporter(principal) { input.reportedBy = nil }
        return input
    }

    func createProblem(electionID: Int, _ input: ProblemInput, principal: Principal, actor: Actor) async throws -> ElectionProblem {
        guard let election = try await election(electionID, scope: principal.jurisdiction) else { throw NotFound("pemilihan") }
        let input = Self.asReported(input, by: principal)
        let categoryID = try await resolveProblem(input, election: election, scope: principal.jurisdiction)
        let now = clock.now()
        let id = try await database.write { db -> Int in
            let id = try await db.raw("""
                INSERT INTO election_problems (election_id, stage_id, region_kode, title, description, category_id, reported_by, anticipation,
                                               responsible_agency_id, due_on, status, created_by, created_at, updated_at)
                VALUES (\(bind: electionID), \(bind: input.stageID), \(bind: input.region.rawValue), \(bind: input.title), \(bind: input.description),
                        \(bind: categoryID), \(bind: input.reportedBy ?? principal.agencyID), \(bind: input.anticipation), \(bind: input.responsible),
                        \(bind: input.due?.description), 'teridentifikasi', \(bind: principal.userID), \(bind: now), \(bind: now)) RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await Self.linkReports(db, problem: id, input.reportIDs)
            try await db.raw("""
                INSERT INTO election_problem_events (problem_id, at, actor_name, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: actor.name), NULL, 'teridentifikasi', NULL)
                """).run()
            try await audit(db, actor: actor, action: "create", entity: .problem, entityID: String(id), region: input.region,
                                 summary: "Permasalahan \"\(input.title.prefix(80))\" dicatat pada \(election.name)")
            return id
        }
        return try await problem(id, electionID: electionID, scope: .national)!
    }

    func updateProblem(_ id: Int, electionID: Int, _ input: ProblemInput, principal: Principal, actor: Actor) async throws {
        guard let election = try await election(electionID, scope: principal.jurisdiction),
              let old = try await problem(id, electionID: electionID, scope: principal.jurisdiction) else { throw NotFound("permasalahan") }
        let input = Self.asReported(input, by: principal)
        let categoryID = try await resolveProblem(input, election: election, scope: principal.jurisdiction)
        var changes = ChangeSet()
        changes.record("judul", old.title, input.title)
        changes.record("uraian", old.description, input.description)
        changes.record("kategori", old.category.code, input.categoryCode)
        changes.record("tahapan", old.stageID, input.stageID)
        changes.record("wilayah", old.region.code.rawValue, input.region.rawValue)
        changes.record("instansi_pelapor", old.reportedBy, input.reportedBy ?? old.reportedBy)
        changes.record("saran", old.anticipation, input.anticipation)
        changes.record("penanggung_jawab", old.responsible, input.responsible)
        changes.record("tenggat", old.due?.description, input.due?.description)
        let oldReports = try await problemReports(id, scope: .national).map(\.id)
        changes.record("laporan", oldReports.map(String.init).joined(separator: ","), input.reportIDs.map(String.init).joined(separator: ","))
        guard !changes.isEmpty else { return }
        let recorded = changes
        try await database.write { db in
            try await db.raw("""
                UPDATE election_problems SET stage_id = \(bind: input.stageID), region_kode = \(bind: input.region.rawValue), title = \(bind: input.title),
                description = \(bind: input.description), category_id = \(bind: categoryID), reported_by = \(bind: input.reportedBy ?? old.reportedBy),
                anticipation = \(bind: input.anticipation), responsible_agency_id = \(bind: input.responsible), due_on = \(bind: input.due?.description),
                updated_at = \(bind: clock.now()) WHERE id = \(bind: id)
                """).run()
            try await db.raw("DELETE FROM election_problem_reports WHERE problem_id = \(bind: id)").run()
            try await Self.linkReports(db, problem: id, input.reportIDs)
            try await audit(db, actor: actor, action: "update", entity: .problem, entityID: String(id), region: input.region,
                                 summary: "Permasalahan #\(id) diubah", changes: recorded)
        }
    }

    private static func linkReports(_ db: any SQLDatabase, problem: Int, _ reports: [Int]) async throws {
        for report in reports {
            try await db.raw("INSERT INTO election_problem_reports (problem_id, report_id) VALUES (\(bind: problem), \(bind: report))").run()
        }
    }

    /// Moves a problem to another status; only the moves of `ProblemStatus.next` are allowed, and a
    /// concurrent change makes this one fail with a conflict rather than overwrite it.
    func moveProblem(_ id: Int, electionID: Int, to status: ProblemStatus, note: String?, principal: Principal, actor: Actor) async throws {
        guard let old = try await problem(id, electionID: electionID, scope: principal.jurisdiction) else { throw NotFound("permasalahan") }
        guard old.status.next.contains(status) else {
            throw WorkflowRefused(message: "Permasalahan berstatus \(old.status.label) tidak dapat menjadi \(status.label).", forbidden: false)
        }
        let now = clock.now()
        try await database.write { db in
            let changed = try await db.raw("""
                UPDATE election_problems SET status = \(bind: status.rawValue), updated_at = \(bind: now),
                resolved_at = \(bind: status == .resolved ? now : nil) WHERE id = \(bind: id) AND status = \(bind: old.status.rawValue) RETURNING id
                """).all()
            guard !changed.isEmpty else { throw Conflict("Permasalahan ini baru saja diubah orang lain; muat ulang halaman.") }
            try await db.raw("""
                INSERT INTO election_problem_events (problem_id, at, actor_name, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: actor.name), \(bind: old.status.rawValue), \(bind: status.rawValue), \(bind: note))
                """).run()
            try await audit(db, actor: actor, action: "status", entity: .problem, entityID: String(id), region: old.region.code,
                                 summary: "Permasalahan #\(id): \(old.status.label) → \(status.label)" + (note.map { " (\($0.prefix(80)))" } ?? ""))
        }
    }
}
