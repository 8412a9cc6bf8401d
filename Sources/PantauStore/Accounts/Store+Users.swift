import Foundation
import PantauCore
import SQLKit

public struct User: Sendable, Equatable {
    public var id: Int
    public var username: String
    public var displayName: String
    public var role: Role
    public var jurisdiction: RegionCode
    public var agencyID: Int
    public var disabledAt: Int?
    /// Milliseconds since 1970: sessions begun before this are void.
    public var sessionsValidAfter: Int
    public var createdAt: Int
    public var updatedAt: Int

    public var isActive: Bool { disabledAt == nil }

    public var principal: Principal {
        Principal(userID: id, username: username, displayName: displayName, role: role, jurisdiction: jurisdiction, agencyID: agencyID)
    }
}

/// A user with the names a list shows.
public struct UserListItem: Sendable {
    public var user: User
    public var agencyName: String
    public var regionName: String
}

/// What an administrator sets for a user (the password is handled apart).
public struct UserInput: Sendable, Equatable {
    public var displayName: String
    public var role: Role
    public var jurisdiction: RegionCode
    public var agencyID: Int

    public init(displayName: String, role: Role, jurisdiction: RegionCode, agencyID: Int) {
        self.displayName = displayName
        self.role = role
        self.jurisdiction = jurisdiction
        self.agencyID = agencyID
    }

    public static func validate(displayName: String?, role: String?, jurisdiction: String?, agencyID: String?) throws(ValidationFailure) -> UserInput {
        var validator = Validator()
        let name = validator.requiredText(displayName, "display_name", label: "Nama lengkap", maxLength: 120)
        let role = Role(rawValue: role ?? "")
        validator.check(role != nil, "role", "Pilih peran.")
        let code = validator.regionCode(jurisdiction, "jurisdiction", label: "Wilayah kewenangan")
        let agency = Int(agencyID ?? "")
        validator.check(agency != nil, "agency_id", "Pilih instansi.")
        try validator.finish()
        return UserInput(displayName: name, role: role!, jurisdiction: code!, agencyID: agency!)
    }
}

struct UserRow: Decodable {
    var id: Int
    var username: String
    var display_name: String
    var role: String
    var region_kode: String
    var agency_id: Int
    var disabled_at: Int?
    var sessions_valid_after: Int
    var created_at: Int
    var updated_at: Int

    var user: User? {
        guard let role = Role(rawValue: role), let code = RegionCode(region_kode) else { return nil }
        return User(id: id, username: username, displayName: display_name, role: role, jurisdiction: code, agencyID: agency_id,
                    disabledAt: disabled_at, sessionsValidAfter: sessions_valid_after, createdAt: created_at, updatedAt: updated_at)
    }
}

extension Store {
    static let userColumns: SQLQueryString = "u.id, u.username, u.display_name, u.role, u.region_kode, u.agency_id, u.disabled_at, u.sessions_valid_after, u.created_at, u.updated_at"

    public func user(id: Int) async throws -> User? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.userColumns) FROM users u WHERE u.id = \(bind: id)").first(decoding: UserRow.self)?.user
        }
    }

    /// A user the caller may manage: the user's jurisdiction lies in `scope`.
    public func user(id: Int, scope: RegionCode) async throws -> User? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.userColumns) FROM users u WHERE u.id = \(bind: id) AND \(SQLQueryString.within("u.region_kode", scope))")
                .first(decoding: UserRow.self)?.user
        }
    }

    public func user(username: String) async throws -> User? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.userColumns) FROM users u WHERE u.username = \(bind: username.lowercased())").first(decoding: UserRow.self)?.user
        }
    }

    /// The user and password hash for a sign-in attempt.
    public func credentials(username: String) async throws -> (user: User, passwordHash: String)? {
        struct Row: Decodable { var password_hash: String }
        return try await database.read { db in
            guard let row = try await db.raw("SELECT \(Self.userColumns), u.password_hash FROM users u WHERE u.username = \(bind: username.lowercased())").first(),
                  let user = try row.decode(model: UserRow.self).user else { return nil }
            return (user, try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func users(scope: RegionCode, query: String? = nil, role: Role? = nil, page: Int = 1, pageSize: Int = 50) async throws -> Page<UserListItem> {
        var conditions: [SQLQueryString] = [.within("u.region_kode", scope)]
        if let role { conditions.append("u.role = \(bind: role.rawValue)") }
        if let query = query?.trimmingWhitespace().lowercased(), !query.isEmpty {
            let pattern = "%" + query.likeEscaped + "%"
            conditions.append("(u.username LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(u.display_name) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        let page = max(page, 1), pageSize = min(max(pageSize, 1), 200)
        let whereClause = conditions.joined(separator: " AND ")
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(Self.userColumns), a.name AS agency_name, r.nama AS region_name
                FROM users u JOIN agencies a ON a.id = u.agency_id JOIN regions r ON r.kode = u.region_kode
                WHERE \(whereClause)
                ORDER BY u.username LIMIT \(literal: pageSize + 1) OFFSET \(literal: (page - 1) * pageSize)
                """).all()
        }
        let items: [UserListItem] = try rows.prefix(pageSize).compactMap { row in
            guard let user = try row.decode(model: UserRow.self).user else { return nil }
            return UserListItem(user: user, agencyName: try row.decode(column: "agency_name", as: String.self),
                                regionName: try row.decode(column: "region_name", as: String.self))
        }
        return Page(items: items, page: page, pageSize: pageSize, hasNext: rows.count > pageSize)
    }

    public func userCount() async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NULL AND role = 'administrator'").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    /// Creates a user inside the creator's scope: the user's jurisdiction and agency must lie in it.
    public func createUser(username: String, input: UserInput, passwordHash: String, scope: RegionCode, actor: Actor) async throws -> User {
        var validator = Validator()
        Credentials.validateUsername(username, into: &validator)
        try validator.finish()
        try await requireRegion(input.jurisdiction, scope: scope, field: "jurisdiction")
        try await requireAgency(input.agencyID, scope: scope)
        let now = clock.now()
        return try await database.write { db in
            let taken = try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first()
            if taken != nil { throw ValidationFailure("username", "Nama pengguna \(username) sudah dipakai.") }
            let row = try await db.raw("""
                INSERT INTO users (username, display_name, password_hash, role, region_kode, agency_id, sessions_valid_after, created_at, updated_at)
                VALUES (\(bind: username), \(bind: input.displayName), \(bind: passwordHash), \(bind: input.role.rawValue), \(bind: input.jurisdiction.rawValue),
                        \(bind: input.agencyID), \(bind: clock.nowMillis()), \(bind: now), \(bind: now))
                RETURNING id, username, display_name, role, region_kode, agency_id, disabled_at, sessions_valid_after, created_at, updated_at
                """).first(decoding: UserRow.self)
            guard let user = row?.user else { throw DatabaseError("user insert returned nothing") }
            var changes = ChangeSet()
            changes.record("nama pengguna", String?.none, username)
            changes.record("nama", String?.none, input.displayName)
            changes.record("peran", String?.none, input.role.rawValue)
            changes.record("wilayah", String?.none, input.jurisdiction.rawValue)
            changes.record("instansi", String?.none, input.agencyID)
            changes.record("kata sandi", String?.none, "set", secret: true)
            try await audit(db, actor: actor, action: "create", entity: .user, entityID: String(user.id), region: user.jurisdiction,
                                 summary: "Pengguna \(username) (\(input.role.label)) dibuat", changes: changes)
            return user
        }
    }

    public func updateUser(_ id: Int, input: UserInput, scope: RegionCode, actor: Actor) async throws -> User {
        guard let old = try await user(id: id, scope: scope) else { throw NotFound("pengguna") }
        try await requireRegion(input.jurisdiction, scope: scope, field: "jurisdiction")
        try await requireAgency(input.agencyID, scope: scope)
        return try await database.write { db in
            let now = clock.now()
            // A narrower role or jurisdiction takes effect at once: open sessions end.
            let revoke = old.role != input.role || old.jurisdiction != input.jurisdiction
            try await db.raw("""
                UPDATE users SET display_name = \(bind: input.displayName), role = \(bind: input.role.rawValue), region_kode = \(bind: input.jurisdiction.rawValue),
                       agency_id = \(bind: input.agencyID), updated_at = \(bind: now),
                       sessions_valid_after = \(bind: revoke ? clock.nowMillis() : old.sessionsValidAfter)
                WHERE id = \(bind: id)
                """).run()
            var changes = ChangeSet()
            changes.record("nama", old.displayName, input.displayName)
            changes.record("peran", old.role.rawValue, input.role.rawValue)
            changes.record("wilayah", old.jurisdiction.rawValue, input.jurisdiction.rawValue)
            changes.record("instansi", old.agencyID, input.agencyID)
            if !changes.isEmpty {
                try await audit(db, actor: actor, action: "update", entity: .user, entityID: String(id), region: input.jurisdiction,
                                     summary: "Pengguna \(old.username) diubah", changes: changes)
            }
            return try await db.raw("SELECT \(Self.userColumns) FROM users u WHERE u.id = \(bind: id)").first(decoding: UserRow.self)!.user!
        }
    }

    /// Disables or re-enables a user; disabling ends the user's sessions and voids their tokens'
    /// use (tokens of a disabled user are refused).
    public func setUserDisabled(_ id: Int, disabled: Bool, scope: RegionCode, actor: Actor) async throws {
        guard let old = try await user(id: id, scope: scope) else { throw NotFound("pengguna") }
        guard old.isActive == disabled else { return }
        try await database.write { db in
            let now = clock.now()
            if disabled {
                try await db.raw("UPDATE users SET disabled_at = \(bind: now), sessions_valid_after = \(bind: clock.nowMillis()), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            } else {
                try await db.raw("UPDATE users SET disabled_at = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            }
            var changes = ChangeSet()
            changes.record("aktif", !disabled, disabled ? false : true)
            try await audit(db, actor: actor, action: disabled ? "disable" : "enable", entity: .user, entityID: String(id), region: old.jurisdiction,
                                 summary: "Pengguna \(old.username) \(disabled ? "dinonaktifkan" : "diaktifkan kembali")", changes: changes)
        }
    }

    /// Sets a new password hash and ends every session the user had.
    public func setPassword(userID: Int, passwordHash: String, actor: Actor) async throws {
        guard let user = try await user(id: userID) else { throw NotFound("pengguna") }
        try await database.write { db in
            let now = clock.now()
            try await db.raw("""
                UPDATE users SET password_hash = \(bind: passwordHash), sessions_valid_after = \(bind: clock.nowMillis()), updated_at = \(bind: now) WHERE id = \(bind: userID)
                """).run()
            var changes = ChangeSet()
            changes.record("kata sandi", "lama", "baru", secret: true)
            try await audit(db, actor: actor, action: "password", entity: .user, entityID: String(userID), region: user.jurisdiction,
                                 summary: "Kata sandi \(user.username) diganti", changes: changes)
        }
    }

    private func requireAgency(_ id: Int, scope: RegionCode) async throws {
        guard let agency = try await agency(id, scope: scope) else {
            throw ValidationFailure("agency_id", "Instansi tidak dikenal atau di luar wilayah kewenangan Anda.")
        }
        guard agency.active else { throw ValidationFailure("agency_id", "Instansi \(agency.name) tidak aktif.") }
    }

    /// Records a failed sign-in: the name tried and the address, under the account's region when
    /// the name is known (else the installation's), so that its administrators see it.
    public func auditFailedSignIn(username: String, user: User?, installation: RegionCode?, ip: String?) async throws {
        let name = username.isEmpty ? "(kosong)" : String(username.prefix(64))
        try await database.write { db in
            try await audit(db, actor: Actor(userID: nil, name: name, ip: ip), action: "login_failed", entity: .session,
                                 entityID: user.map { String($0.id) }, region: user?.jurisdiction ?? installation,
                                 summary: "Gagal masuk sebagai \(name)" + (user?.isActive == false ? " (akun nonaktif)" : ""))
        }
    }

    /// Records a sign-in or sign-out in the audit log.
    public func auditSession(_ user: User, action: String, ip: String?) async throws {
        try await database.write { db in
            try await audit(db, actor: Actor(userID: user.id, name: user.username, ip: ip), action: action, entity: .session,
                                 entityID: String(user.id), region: user.jurisdiction,
                                 summary: action == "login" ? "\(user.username) masuk" : "\(user.username) keluar")
        }
    }
}
