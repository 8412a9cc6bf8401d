import Foundation
import PantauCore
import SQLKit

/// Report categories: a table the installation extends; a code never changes once given.
extension Store {
    public func reportCategories(includeInactive: Bool = false) async throws -> [ReportCategory] {
        try await database.read { db in
            try await db.raw("SELECT id, code, name, active FROM report_categories \(unsafeRaw: includeInactive ? "" : "WHERE active = 1") ORDER BY position, name")
                .all(decoding: ReportCategory.self)
        }
    }

    /// Adds a category; its code is derived from the name once and never changes.
    public func createCategory(name: String, installation: RegionCode, actor: Actor) async throws -> ReportCategory {
        var v = Validator()
        let name = v.requiredText(name, "name", label: "Nama kategori", maxLength: 120)
        try v.finish()
        let existing = try await reportCategories(includeInactive: true)
        if existing.contains(where: { $0.name.lowercased() == name.lowercased() }) { throw ValidationFailure("name", "Kategori \(name) sudah ada.") }
        let finalCode = name.uniqueCode(fallback: "kategori", taken: Set(existing.map(\.code)))
        let position = (existing.count + 1) * 10
        return try await database.write { db in
            let category = try await db.raw("""
                INSERT INTO report_categories (code, name, active, position) VALUES (\(bind: finalCode), \(bind: name), 1, \(bind: position))
                RETURNING id, code, name, active
                """).first(decoding: ReportCategory.self)!
            try await audit(db, actor: actor, action: "create", entity: .category, entityID: String(category.id), region: installation, summary: "Kategori \(name) ditambahkan")
            return category
        }
    }

    /// Renames or retires a category. Retired categories stay on old reports but are not offered.
    public func updateCategory(_ id: Int, name: String, active: Bool, installation: RegionCode, actor: Actor) async throws {
        var v = Validator()
        let name = v.requiredText(name, "name", label: "Nama kategori", maxLength: 120)
        try v.finish()
        guard let old = try await reportCategories(includeInactive: true).first(where: { $0.id == id }) else { throw NotFound("kategori") }
        try await database.write { db in
            try await db.raw("UPDATE report_categories SET name = \(bind: name), active = \(bind: active ? 1 : 0) WHERE id = \(bind: id)").run()
            var changes = ChangeSet()
            changes.record("nama", old.name, name)
            changes.record("aktif", old.active != 0, active)
            try await audit(db, actor: actor, action: "update", entity: .category, entityID: String(id), region: installation, summary: "Kategori \(name) diubah", changes: changes)
        }
    }
}
