import Foundation
import PantauCore
import SQLKit

extension Report {
    /// The report as its form would submit it again.
    public var input: ReportInput {
        ReportInput(title: title, narrative: narrative, categoryCode: category.code, severity: severity, source: source, occurredAt: occurredAt,
                    precision: precision, region: region.code, location: location, place: place, actorKinds: actorKinds, actorNames: actorNames,
                    involved: involved, injured: injured, dead: dead, tags: tags, reporterContact: reporterContact)
    }
}

extension Store {
    /// Changes a report the principal may edit (ReportEditing): the author all of a draft or of a
    /// report not yet verified, a verifier its facts. `version` is the `updated_at` the editor
    /// saw; a report changed since is refused with 409 and left as it is. The change goes on the
    /// report's timeline with old and new values, and in the audit log, in one transaction.
    func editReport(_ id: Int, principal: Principal, input submitted: ReportInput, version: Int, actor: Actor) async throws -> Report {
        guard let report = try await report(id, scope: principal.jurisdiction, viewer: principal.userID) else { throw NotFound("laporan") }
        guard let extent = ReportEditing.extent(role: principal.role, status: report.status, isAuthor: report.createdBy == principal.userID) else {
            throw WorkflowRefused(message: "Laporan berstatus \(report.status.label) tidak dapat diubah oleh Anda.", forbidden: true)
        }
        let merged = ReportEditing.merge(report.input, submitted, extent: extent)
        let region = try await requireRegion(merged.region, scope: principal.jurisdiction, field: "kode_wilayah")
        let categories = try await reportCategories()
        guard let category = categories.first(where: { $0.code == merged.categoryCode }) else {
            throw ValidationFailure("kategori", "Kategori \"\(merged.categoryCode.prefix(40))\" tidak dikenal.")
        }
        var regionNames = [report.region.code: report.region.name]
        regionNames[region.code] = region.name
        let changes = ReportEditing.changes(from: report.input, to: merged, categoryName: { code in categories.first { $0.code == code }?.name ?? code },
                                            regionName: { regionNames[$0] ?? $0.rawValue }, time: { Self.localTime($0, $1) })
        guard !changes.isEmpty else {
            guard report.updatedAt == version else { throw Self.staleEdit(id) }
            return report
        }
        let now = max(clock.now(), report.updatedAt + 1)
        try await database.write { db in
            let before = try await countedReport(db, id)
            let openBefore = try await openFollowUps(db, id)
            let updated = try await db.raw("""
                UPDATE reports SET title = \(bind: merged.title), narrative = \(bind: merged.narrative), category_id = \(bind: category.id),
                    severity = \(bind: merged.severity.rawValue), source = \(bind: merged.source.rawValue), occurred_at = \(bind: merged.occurredAt), occurred_precision = \(bind: merged.precision.rawValue),
                    region_kode = \(bind: merged.region.rawValue), latitude = \(bind: merged.location?.lat), longitude = \(bind: merged.location?.lng),
                    place = \(bind: merged.place), actors = \(bind: Self.encodeActors(merged.actorKinds, merged.actorNames)),
                    people_involved = \(bind: merged.involved ?? 0), people_injured = \(bind: merged.injured ?? 0), people_dead = \(bind: merged.dead ?? 0),
                    people_unknown = \(bind: Self.unknownPeople(merged)),
                    tags = \(bind: merged.tags.isEmpty ? nil : merged.tags.joined(separator: ",")), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND updated_at = \(bind: version) AND status = \(bind: report.status.rawValue)
                RETURNING id
                """).first(decodingColumn: "id", as: Int.self)
            guard updated != nil else { throw Self.staleEdit(id) }
            try await shiftDayCounts(db, reportID: id, before: before)
            try await shiftFollowUps(db, reportID: id, before: openBefore)
            try await db.raw("""
                INSERT INTO report_events (report_id, at, actor_user_id, actor_name, action, from_status, to_status, note)
                VALUES (\(bind: id), \(bind: now), \(bind: actor.userID), \(bind: actor.name), 'edit', \(bind: report.status.rawValue),
                        \(bind: report.status.rawValue), \(bind: ReportEditing.note(changes)))
                """).run()
            var set = ChangeSet()
            for change in changes { set.record(change.field, change.old, change.new) }
            try await audit(db, actor: actor, action: "edit", entity: .report, entityID: String(id), region: merged.region,
                            summary: "Laporan #\(id) diubah: \(changes.map(\.label).joined(separator: ", "))", changes: set)
        }
        return try await self.report(id, scope: .national)!
    }

    static func staleEdit(_ id: Int) -> Conflict {
        Conflict("Laporan #\(id) sudah diubah orang lain sejak Anda membukanya. Muat ulang halamannya, lalu ulangi perubahan Anda.")
    }

    /// A time on the timeline: "2026-11-20 09:30", "… (perkiraan)", or the day alone.
    static func localTime(_ epoch: Int, _ precision: TimePrecision) -> String {
        guard precision != .day else { return LocalDate(epoch: epoch).description }
        return TimeText.wibMinute(epoch, separator: " ") + (precision == .approximate ? " (perkiraan)" : "")
    }
}

extension ReportRepository {
    /// Changes a report of the scope as its author or a verifier may (see `ReportEditing`).
    public func edit(_ id: Int, input: ReportInput, version: Int, actor: Actor) async throws -> Report {
        try await store.editReport(id, principal: try scope.requirePrincipal(), input: input, version: version, actor: actor)
    }
}
