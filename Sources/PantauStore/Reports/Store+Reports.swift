import Foundation
import PantauCore
import SQLKit

extension Store {
    /// Stores a new report in `scope` as draft or submitted. With an idempotency key a retried
    /// submission returns the report the first attempt created instead of a second one.
    func createReport(_ input: ReportInput, draft: Bool, isPublic: Bool = false, scope: RegionCode, author: User?, agencyID: Int?,
                             idempotencyKey: String? = nil, attachment: FirstAttachment? = nil, actor: Actor) async throws -> (report: Report, created: Bool) {
        try await requireRegion(input.region, scope: scope, field: "kode_wilayah")
        guard let category = try await reportCategories().first(where: { $0.code == input.categoryCode }) else {
            throw ValidationFailure("kategori", "Kategori \"\(input.categoryCode.prefix(40))\" tidak dikenal.")
        }
        // A photo sent with the report is checked before anything is written, kept on disk by its
        // content, and recorded in the report's transaction: a bad file leaves no report behind.
        var photo: (file: PreparedAttachment, limits: AttachmentLimits)?
        if let attachment {
            guard attachment.data.count <= attachment.maxBytes else {
                throw ValidationFailure(attachment.field, "Berkas terlalu besar: paling besar \(attachment.maxBytes >> 20) MB.")
            }
            let file = try Self.prepareAttachment(attachment.data, suppliedName: attachment.suppliedName, field: attachment.field)
            if let author { try await database.read { db in try await checkUploadQuota(db, userID: author.id, incoming: file.data.count, limits: attachment.limits) } }
            try Self.saveAttachment(file, dataDirectory: attachment.dataDirectory)
            photo = (file, attachment.limits)
        }
        let now = clock.now()
        let status: ReportStatus = draft ? .draft : .submitted
        let actors = Self.encodeActors(input.actorKinds, input.actorNames)
        let id: Int
        do {
            id = try await insertReport(input, category: category, status: status, actors: actors, isPublic: isPublic, author: author, agencyID: agencyID,
                                        idempotencyKey: idempotencyKey, photo: photo, now: now, actor: actor)
        } catch {
            // Two retries with one key at the same moment on PostgreSQL: the second waits for the
            // first on the key's unique index and fails there; it answers with the first's report.
            guard let key = idempotencyKey, let author,
                  let previous = try await database.read({ db in
                      try await db.raw("SELECT report_id FROM idempotency_keys WHERE user_id = \(bind: author.id) AND key = \(bind: key)")
                          .first(decodingColumn: "report_id", as: Int.self)
                  }) else { throw error }
            id = -previous
        }
        guard let report = try await report(abs(id), scope: .national) else { throw NotFound("laporan") }
        return (report, id > 0)
    }

    /// Writes the report, its first timeline entry, the idempotency key, the audit entry and any
    /// webhook in one transaction; a negative id is the report an earlier attempt with the key made.
    private func insertReport(_ input: ReportInput, category: ReportCategory, status: ReportStatus, actors: String?, isPublic: Bool, author: User?,
                              agencyID: Int?, idempotencyKey: String?, photo: (file: PreparedAttachment, limits: AttachmentLimits)?, now: Int,
                              actor: Actor) async throws -> Int {
        let draft = status == .draft
        return try await database.write { db -> Int in
            if let key = idempotencyKey, let author {
                // A retry finds the key its first attempt stored; concurrent retries are serialised
                // by the write transaction, so the second one finds it too.
                if let previous = try await db.raw("SELECT report_id FROM idempotency_keys WHERE user_id = \(bind: author.id) AND key = \(bind: key)")
                    .first(decodingColumn: "report_id", as: Int.self) { return -previous }
            }
            let id = try await db.raw("""
                INSERT INTO reports (title, narrative, category_id, status, severity, source, occurred_at, occurred_precision, region_kode, latitude, longitude,
                                     place, actors, people_involved, people_injured, people_dead, people_unknown, tags, is_public, reporter_contact, created_by, agency_id,
                                     created_at, updated_at, submitted_at)
                VALUES (\(bind: input.title), \(bind: input.narrative), \(bind: category.id), \(bind: status.rawValue), \(bind: input.severity.rawValue),
                        \(bind: input.source.rawValue), \(bind: input.occurredAt), \(bind: input.precision.rawValue), \(bind: input.region.rawValue),
                        \(bind: input.location?.lat), \(bind: input.location?.lng), \(bind: input.place), \(bind: actors), \(bind: input.involved ?? 0),
                        \(bind: input.injured ?? 0), \(bind: input.dead ?? 0), \(bind: Self.unknownPeople(input)), \(bind: input.tags.isEmpty ? nil : input.tags.joined(separator: ",")), \(bind: isPublic ? 1 : 0),
                        \(bind: input.reporterContact), \(bind: author?.id), \(bind: agencyID), \(bind: now), \(bind: now), \(bind: draft ? nil : now))
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            try await shiftDayCounts(db, reportID: id, before: nil)
            try await db.raw("""
                INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: actor.userID), \(bind: actor.name), 'create', NULL, \(bind: status.rawValue), NULL)
                """).run()
            if let key = idempotencyKey, let author {
                try await db.raw("INSERT INTO idempotency_keys (user_id, key, report_id, created_at) VALUES (\(bind: author.id), \(bind: key), \(bind: id), \(bind: now))").run()
            }
            try await audit(db, actor: actor, action: "create", entity: .report, entityID: String(id), region: input.region,
                                 summary: "Laporan #\(id) \"\(input.title.prefix(80))\" dibuat (\(status.label))")
            if let photo {
                if let author {
                    // Counted again with the write, as for any upload.
                    try await checkAttachmentLimits(db, reportID: id, userID: author.id, incoming: photo.file.data.count, limits: photo.limits)
                }
                _ = try await Self.insertAttachment(db, store: self, photo.file, reportID: id, region: input.region, uploadedBy: author?.id, now: now, actor: actor)
            }
            if let event = WebhookPolicy.fires(on: nil, severity: input.severity, status: status) {
                try await enqueueWebhook(db, event: event, report: (id, input.title, input.severity, status, input.region))
            }
            return id
        }
    }

    static func encodeActors(_ kinds: [ReportActorKind], _ names: [String]) -> String? {
        guard !kinds.isEmpty || !names.isEmpty else { return nil }
        let object: [String: [String]] = ["jenis": kinds.map(\.rawValue), "nama": names]
        return String(decoding: try! JSONEncoder().encode(object), as: UTF8.self)
    }

    private static let reportColumns: SQLQueryString = """
        r.id, r.title, r.narrative, r.category_id, c.code AS category_code, c.name AS category_name, c.active AS category_active, r.status, r.severity,
        r.source, r.occurred_at, r.occurred_precision, r.region_kode, g.nama AS region_name, r.latitude, r.longitude, r.place, r.actors,
        r.people_involved, r.people_injured, r.people_dead, r.people_unknown, r.tags, r.is_public, r.reporter_contact, r.duplicate_of, r.resolution,
        r.created_by, u.display_name AS created_by_name, r.agency_id, r.created_at, r.updated_at
        """
    private static let reportJoins: SQLQueryString = "JOIN report_categories c ON c.id = r.category_id JOIN regions g ON g.kode = r.region_kode LEFT JOIN users u ON u.id = r.created_by"

    private struct ReportRow: Decodable, StoredRow {
        var rowID: Int { id }
        var record: Report? { report }
        var id: Int; var title: String; var narrative: String; var category_id: Int; var category_code: String; var category_name: String; var category_active: Int
        var status: String; var severity: String; var source: String; var occurred_at: Int; var occurred_precision: String; var region_kode: String
        var region_name: String; var latitude: Double?; var longitude: Double?; var place: String?; var actors: String?; var people_involved: Int
        var people_injured: Int; var people_dead: Int; var people_unknown: Int; var tags: String?; var is_public: Int; var reporter_contact: String?; var duplicate_of: Int?
        var resolution: String?; var created_by: Int?; var created_by_name: String?; var agency_id: Int?; var created_at: Int; var updated_at: Int

        var report: Report? {
            guard let status = ReportStatus(rawValue: status), let severity = Severity(rawValue: severity), let source = ReportSource(rawValue: source),
                  let precision = TimePrecision(rawValue: occurred_precision), let code = RegionCode(region_kode) else { return nil }
            var kinds: [ReportActorKind] = [], names: [String] = []
            if let actors, let object = try? JSONDecoder().decode([String: [String]].self, from: Data(actors.utf8)) {
                kinds = (object["jenis"] ?? []).compactMap(ReportActorKind.init(rawValue:))
                names = object["nama"] ?? []
            }
            return Report(id: id, title: title, narrative: narrative, category: ReportCategory(id: category_id, code: category_code, name: category_name, active: category_active),
                          status: status, severity: severity, source: source, occurredAt: occurred_at, precision: precision, region: Region(code: code, name: region_name),
                          location: latitude.flatMap { lat in longitude.map { GeoPoint(lng: $0, lat: lat) } }, place: place, actorKinds: kinds, actorNames: names,
                          involved: people_unknown & 1 == 0 ? people_involved : nil, injured: people_unknown & 2 == 0 ? people_injured : nil,
                          dead: people_unknown & 4 == 0 ? people_dead : nil,
                          tags: tags.map { $0.split(separator: ",").map(String.init) } ?? [], isPublic: is_public != 0, reporterContact: reporter_contact,
                          duplicateOf: duplicate_of, resolution: resolution, createdBy: created_by, createdByName: created_by_name, agencyID: agency_id,
                          createdAt: created_at, updatedAt: updated_at)
        }
    }

    /// A report in `scope`; drafts are seen only by their author.
    func report(_ id: Int, scope: RegionCode, viewer: Int? = nil) async throws -> Report? {
        let report = known(try await database.read { db in
            try await db.raw("SELECT \(Self.reportColumns) FROM reports r \(Self.reportJoins) WHERE r.id = \(bind: id) AND \(SQLQueryString.within("r.region_kode", scope))")
                .first(decoding: ReportRow.self)
        }, table: "reports")
        if let report, report.status == .draft, let viewer, report.createdBy != viewer { return nil }
        return report
    }

    /// One page of the reports in `scope` matching the filter. Other users' drafts are never listed.
    func reports(scope: RegionCode, viewer: Int?, filter: ReportFilter) async throws -> Page<Report> {
        let whereClause = reportConditions(scope: scope, viewer: viewer, filter: filter).joined(separator: " AND ")
        let order: SQLQueryString = switch filter.sort {
        case .newest: "r.occurred_at DESC, r.id DESC"
        case .oldest: "r.occurred_at ASC, r.id ASC"
        case .severity: "CASE r.severity WHEN 'kritis' THEN 0 WHEN 'berat' THEN 1 WHEN 'sedang' THEN 2 ELSE 3 END, r.occurred_at DESC, r.id DESC"
        case .updated: "r.updated_at DESC, r.id DESC"
        }
        let pageSize = min(max(filter.pageSize, 1), 500), page = max(filter.page, 1)
        // The page's ids come from the indexes alone; only those rows are then read and joined.
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(Self.reportColumns) FROM reports r \(Self.reportJoins)
                WHERE r.id IN (SELECT r.id FROM reports r WHERE \(whereClause) ORDER BY \(order) LIMIT \(literal: pageSize + 1) OFFSET \(literal: (page - 1) * pageSize))
                ORDER BY \(order)
                """).all(decoding: ReportRow.self)
        }
        return Page(items: known(rows.prefix(pageSize), table: "reports"), page: page, pageSize: pageSize, hasNext: rows.count > pageSize)
    }

    /// The bits of `people_unknown`: 1 involved, 2 injured, 4 dead left empty.
    static func unknownPeople(_ input: ReportInput) -> Int {
        (input.involved == nil ? 1 : 0) | (input.injured == nil ? 2 : 0) | (input.dead == nil ? 4 : 0)
    }

    func reportConditions(scope: RegionCode, viewer: Int?, filter: ReportFilter) -> [SQLQueryString] {
        // A region filter inside the scope replaces it; one outside it narrows to nothing.
        // Another user's draft is never listed; the console (no viewer) sees every report.
        var conditions: [SQLQueryString] = viewer.map { ["(r.status <> 'draft' OR r.created_by = \(bind: $0))"] } ?? []
        if let region = filter.region, region.isWithin(scope) {
            conditions.insert(.reportScope("r.region_kode", region), at: 0)
        } else {
            conditions.insert(.reportScope("r.region_kode", scope), at: 0)
            if let region = filter.region { conditions.append(.reportScope("r.region_kode", region)) }
        }
        if !filter.statuses.isEmpty { conditions.append("r.status IN (\(binds: filter.statuses.map(\.rawValue)))") }
        if !filter.severities.isEmpty { conditions.append("r.severity IN (\(binds: filter.severities.map(\.rawValue)))") }
        if let category = filter.categoryCode { conditions.append("r.category_id = (SELECT id FROM report_categories WHERE code = \(bind: category))") }
        if let source = filter.source { conditions.append("r.source = \(bind: source.rawValue)") }
        if let author = filter.author { conditions.append("r.created_by = \(bind: author)") }
        if let from = filter.from { conditions.append("r.occurred_at >= \(bind: from)") }
        if let until = filter.until { conditions.append("r.occurred_at < \(bind: until)") }
        if let agency = filter.agencyID {
            conditions.append("EXISTS (SELECT 1 FROM report_assignments a WHERE a.report_id = r.id AND a.agency_id = \(bind: agency))")
        }
        if let basis = filter.basis {
            conditions.append("r.status IN (\(binds: basis.statuses.map(\.rawValue)))")
            conditions.append("r.duplicate_of IS NULL")
        }
        if filter.overdue {
            // Late means an agency has not finished an assignment past its due time while the
            // report is still in follow-up; after that the agency can no longer answer it. With an
            // agency chosen, the late assignment must be that agency's own.
            conditions.append("r.status = 'follow_up'")
            let agency: SQLQueryString = filter.agencyID.map { " AND a.agency_id = \(bind: $0)" } ?? ""
            conditions.append("EXISTS (SELECT 1 FROM report_assignments a WHERE a.report_id = r.id AND a.status <> 'done' AND a.due_at < \(bind: clock.now())\(agency))")
        }
        // Every word must appear, in the title or the narrative, in any order ("sembako Cipare").
        for word in ReportFilter.words(filter.query) {
            let pattern = "%" + word.likeEscaped + "%"
            conditions.append("(LOWER(r.title) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(r.narrative) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        return conditions
    }

    func reportEvents(_ id: Int) async throws -> [ReportEvent] {
        try await database.read { db in
            // The actor's full name as the page shows people (the stored name is the one at the
            // time, kept when the account is renamed or gone).
            try await db.raw("""
                SELECT e.at, COALESCE(u.display_name, e.actor_name) AS actor_name, e.action, e.from_status, e.to_status, e.note
                FROM report_events e LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.report_id = \(bind: id) ORDER BY e.at, e.id
                """)
                .all(decoding: ReportEvent.self)
        }
    }

    func assignments(of reportID: Int) async throws -> [ReportAssignment] {
        struct Row: Decodable { var id: Int; var agency_id: Int; var name: String; var due_at: Int; var status: String; var instruction: String?; var response: String?; var responded_at: Int? }
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT s.id, s.agency_id, a.name, s.due_at, s.status, s.instruction, s.response, s.responded_at
                FROM report_assignments s JOIN agencies a ON a.id = s.agency_id WHERE s.report_id = \(bind: reportID) ORDER BY s.due_at, s.id
                """).all(decoding: Row.self)
        }
        return rows.map { ReportAssignment(id: $0.id, agencyID: $0.agency_id, agencyName: $0.name, dueAt: $0.due_at, status: AssignmentStatus(rawValue: $0.status) ?? .open,
                                           instruction: $0.instruction, response: $0.response, respondedAt: $0.responded_at) }
    }

    /// Takes one workflow step on a report the principal may see, with its note, in one transaction
    /// with its timeline event and audit line. `assign` also needs agencies and a due date;
    /// `markDuplicate` the original report.
    func transition(_ id: Int, _ transition: ReportTransition, principal: Principal, note: String?, assignTo agencies: [Int] = [], dueAt: Int? = nil,
                           duplicateOf original: Int? = nil, actor: Actor) async throws -> Report {
        guard let report = try await report(id, scope: principal.jurisdiction, viewer: principal.userID) else { throw NotFound("laporan") }
        let next: ReportStatus
        switch ReportWorkflow.apply(transition, from: report.status, role: principal.role, isAuthor: report.createdBy == principal.userID, note: note) {
        case .success(let status): next = status
        case .failure(let refusal):
            if case .notAllowed = refusal { throw WorkflowRefused(message: refusal.message, forbidden: true) }
            if case .notAuthor = refusal { throw WorkflowRefused(message: refusal.message, forbidden: true) }
            if case .noteRequired = refusal { throw ValidationFailure("catatan", refusal.message) }
            throw WorkflowRefused(message: refusal.message, forbidden: false)
        }
        let cleanNote = note?.trimmingWhitespace().prefix(5000).description
        var checkedAgencies: [Agency] = []
        if transition == .assign {
            guard !agencies.isEmpty else { throw ValidationFailure("instansi", "Pilih sedikitnya satu instansi yang menindaklanjuti.") }
            // A due date (TTTT-BB-HH) arrives as the end of that day, so today's date is still
            // ahead; any time already past, yesterday's date or an earlier hour of today, is refused.
            guard let dueAt, dueAt > clock.now() else { throw ValidationFailure("tenggat", "Isi tenggat tindak lanjut (hari ini atau sesudahnya).") }
            for agencyID in Set(agencies) {
                guard let agency = try await agency(agencyID, scope: principal.jurisdiction), agency.active else {
                    throw ValidationFailure("instansi", "Instansi tidak dikenal atau di luar wilayah kewenangan Anda.")
                }
                checkedAgencies.append(agency)
            }
        }
        if transition == .markDuplicate {
            guard let original, original != id, let target = try await self.report(original, scope: principal.jurisdiction, viewer: principal.userID),
                  target.status != .draft, target.duplicateOf == nil else {
                throw ValidationFailure("duplikat_dari", "Laporan asal tidak ditemukan, masih draf, atau sendiri duplikat.")
            }
        }
        let now = clock.now()
        let assigned = checkedAgencies
        try await database.write { db in
            // The status is checked again inside the transaction, so two analysts acting at once
            // cannot both move the same report.
            let before = try await countedReport(db, id)
            guard before?.status == report.status.rawValue else { throw Conflict("Laporan ini baru saja diubah orang lain. Muat ulang halaman.") }
            let openBefore = try await openFollowUps(db, id)
            var sets: [SQLQueryString] = ["status = \(bind: next.rawValue)", "updated_at = \(bind: now)"]
            if transition == .submit || transition == .reopen { sets.append("submitted_at = \(bind: now)") }
            if transition == .resolve { sets.append("resolution = \(bind: cleanNote)") }
            if transition == .markDuplicate { sets.append("duplicate_of = \(bind: original)") }
            if transition == .reopen { sets.append("duplicate_of = NULL") }
            try await db.raw("UPDATE reports SET \(sets.joined(separator: ", ")) WHERE id = \(bind: id)").run()
            try await shiftDayCounts(db, reportID: id, before: before)
            for agency in assigned {
                try await db.raw("""
                    INSERT INTO report_assignments (report_id, agency_id, due_at, status, instruction, created_at)
                    VALUES (\(bind: id), \(bind: agency.id), \(bind: dueAt!), 'open', \(bind: cleanNote), \(bind: now))
                    ON CONFLICT (report_id, agency_id) DO UPDATE SET due_at = excluded.due_at, instruction = excluded.instruction, status = 'open'
                    """).run()
            }
            try await shiftFollowUps(db, reportID: id, before: openBefore)
            var eventNote = cleanNote
            if transition == .assign { eventNote = ([assigned.map(\.name).joined(separator: ", ")] + [cleanNote].compactMap { $0 }).joined(separator: " — ") }
            if transition == .markDuplicate { eventNote = "Duplikat dari laporan #\(original!)" + (cleanNote.map { ": \($0)" } ?? "") }
            try await db.raw("""
                INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: actor.userID), \(bind: actor.name), \(bind: transition.rawValue), \(bind: report.status.rawValue), \(bind: next.rawValue), \(bind: eventNote))
                """).run()
            var changes = ChangeSet()
            changes.record("status", report.status.rawValue, next.rawValue)
            try await audit(db, actor: actor, action: transition.rawValue, entity: .report, entityID: String(id), region: report.region.code,
                                 summary: "Laporan #\(id): \(transition.label) (\(report.status.label) → \(next.label))", changes: changes)
            if let event = WebhookPolicy.fires(on: transition, severity: report.severity, status: next) {
                try await enqueueWebhook(db, event: event, report: (id, report.title, report.severity, next, report.region.code))
            }
        }
        return try await self.report(id, scope: .national)!
    }

    /// An agency member answers the assignment given to their agency.
    func respond(reportID: Int, principal: Principal, status: AssignmentStatus, response: String, actor: Actor) async throws {
        guard let report = try await report(reportID, scope: principal.jurisdiction, viewer: principal.userID) else { throw NotFound("laporan") }
        guard let agencyID = principal.agencyID, let assignment = try await assignments(of: reportID).first(where: { $0.agencyID == agencyID }) else {
            throw WorkflowRefused(message: "Laporan ini tidak ditugaskan kepada instansi Anda.", forbidden: true)
        }
        guard principal.role != .viewer else { throw WorkflowRefused(message: "Pimpinan hanya dapat membaca.", forbidden: true) }
        guard report.status == .followUp else {
            throw WorkflowRefused(message: "Laporan berstatus \(report.status.label) tidak lagi menerima tanggapan; tanggapan hanya selama laporan ditindaklanjuti.", forbidden: false)
        }
        var v = Validator()
        let text = v.requiredText(response, "tanggapan", label: "Tanggapan", maxLength: 5000)
        try v.finish()
        let now = clock.now()
        try await database.write { db in
            // The report's row is locked first (on PostgreSQL), so two agencies answering at once
            // read each other's answers before counting theirs.
            _ = try await countedReport(db, reportID)
            let openBefore = try await openFollowUps(db, reportID)
            // Checked again with the write: a report resolved meanwhile takes no more answers.
            let answered = try await db.raw("""
                UPDATE report_assignments SET status = \(bind: status.rawValue), response = \(bind: text), responded_at = \(bind: now), responded_by = \(bind: principal.userID)
                WHERE id = \(bind: assignment.id) AND EXISTS (SELECT 1 FROM reports r WHERE r.id = \(bind: reportID) AND r.status = 'follow_up')
                RETURNING id
                """).all()
            guard !answered.isEmpty else { throw Conflict("Laporan ini baru saja diubah orang lain. Muat ulang halaman.") }
            try await shiftFollowUps(db, reportID: reportID, before: openBefore)
            try await db.raw("UPDATE reports SET updated_at = \(bind: now) WHERE id = \(bind: reportID)").run()
            try await db.raw("""
                INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note)
                VALUES (\(bind: reportID), \(bind: now), \(bind: actor.userID), \(bind: actor.name), 'respond', \(bind: report.status.rawValue), \(bind: report.status.rawValue),
                        \(bind: "\(assignment.agencyName) (\(status.label)): \(text)"))
                """).run()
            var changes = ChangeSet()
            changes.record("status tindak lanjut", assignment.status.rawValue, status.rawValue)
            try await audit(db, actor: actor, action: "respond", entity: .report, entityID: String(reportID), region: report.region.code,
                                 summary: "Tanggapan \(assignment.agencyName) atas laporan #\(reportID)", changes: changes)
        }
    }
}
