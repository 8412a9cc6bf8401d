import Foundation
import PantauCore
import SQLKit

/// One line of the audit log.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int
    public var at: Int
    public var actorUserID: Int?
    public var actorName: String
    public var action: String
    public var entity: String
    public var entityID: String?
    public var regionKode: String?
    public var summary: String
    public var changes: String?
    public var ip: String?

    enum CodingKeys: String, CodingKey {
        case id, at, action, entity, summary, changes, ip
        case actorUserID = "actor_user_id", actorName = "actor_name", entityID = "entity_id", regionKode = "region_kode"
    }

    /// The decoded change list, empty when the entry has none.
    public var changeSet: [ChangeSet.Change] {
        guard let changes, let data = changes.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode(ChangeSet.self, from: data).changes) ?? []
    }
}

public struct AuditFilter: Sendable, Equatable {
    public var actor: String?
    public var entity: String?
    public var entityID: String?
    public var action: String?
    public var from: Int?
    public var until: Int?
    public var page: Int = 1
    public var pageSize: Int = 50

    public init(actor: String? = nil, entity: String? = nil, entityID: String? = nil, action: String? = nil, from: Int? = nil, until: Int? = nil, page: Int = 1, pageSize: Int = 50) {
        self.actor = actor
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.from = from
        self.until = until
        self.page = max(page, 1)
        self.pageSize = min(max(pageSize, 1), 200)
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var pageSize: Int
    public var hasNext: Bool

    public init(items: [Item], page: Int, pageSize: Int, hasNext: Bool) {
        self.items = items
        self.page = page
        self.pageSize = pageSize
        self.hasNext = hasNext
    }
}

extension Store {
    /// Appends to the audit log inside the caller's transaction, so the record and its audit line
    /// are written together or not at all. Nothing in Pantau updates or deletes these rows (the
    /// database refuses to).
    func audit(
        _ db: any SQLDatabase, actor: Actor, action: String, entity: AuditEntity, entityID: String?,
        region: RegionCode?, summary: String, changes: ChangeSet? = nil
    ) async throws {
        var changesJSON: String? = nil
        if let changes, !changes.isEmpty {
            changesJSON = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        }
        try await db.raw("""
            INSERT INTO audit_log (at, actor_user_id, actor_name, action, entity, entity_id, region_kode, summary, changes, ip)
            VALUES (\(bind: clock.now()), \(bind: actor.userID), \(bind: actor.name), \(bind: action), \(bind: entity.rawValue),
                    \(bind: entityID), \(bind: region?.rawValue), \(bind: summary), \(bind: changesJSON), \(bind: actor.ip))
            """).run()
    }

    /// The audit log as an administrator of `scope` may see it: entries about records in the
    /// scope, newest first. Entries without a region (system events) are shown only to a national
    /// administrator.
    public func auditLog(scope: RegionCode, filter: AuditFilter) async throws -> Page<AuditEntry> {
        var conditions: [SQLQueryString] = [.within("region_kode", scope)]
        if let actor = filter.actor, !actor.isEmpty { conditions.append("actor_name = \(bind: actor)") }
        if let entity = filter.entity, !entity.isEmpty { conditions.append("entity = \(bind: entity)") }
        if let entityID = filter.entityID, !entityID.isEmpty { conditions.append("entity_id = \(bind: entityID)") }
        if let action = filter.action, !action.isEmpty { conditions.append("action = \(bind: action)") }
        if let from = filter.from { conditions.append("at >= \(bind: from)") }
        if let until = filter.until { conditions.append("at < \(bind: until)") }
        let whereClause = conditions.joined(separator: " AND ")
        let offset = (filter.page - 1) * filter.pageSize
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT id, at, actor_user_id, actor_name, action, entity, entity_id, region_kode, summary, changes, ip
                FROM audit_log WHERE \(whereClause)
                ORDER BY at DESC, id DESC LIMIT \(literal: filter.pageSize + 1) OFFSET \(literal: offset)
                """).all(decoding: AuditEntry.self)
        }
        return Page(items: Array(rows.prefix(filter.pageSize)), page: filter.page, pageSize: filter.pageSize, hasNext: rows.count > filter.pageSize)
    }
}
