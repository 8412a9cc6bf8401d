import Crypto
import Foundation
import PantauCore
import SQLKit

/// A personal API token as listed (the secret itself is shown once, at creation, and only its
/// SHA-256 is stored).
public struct APIToken: Sendable, Equatable, Decodable {
    public var id: Int
    public var userID: Int
    public var name: String
    public var prefix: String
    public var createdAt: Int
    public var lastUsedAt: Int?
    public var revokedAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, name
        case userID = "user_id", prefix = "token_prefix", createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }
}

extension Store {
    static func tokenHash(_ token: String) -> String { sha256(Data(token.utf8)) }

    /// Creates a token for the user and returns its secret, which is never stored.
    public func createToken(userID: Int, name: String, actor: Actor) async throws -> (token: APIToken, secret: String) {
        var validator = Validator()
        let label = validator.requiredText(name, "name", label: "Nama token", maxLength: 80)
        try validator.finish()
        guard let user = try await user(id: userID) else { throw NotFound("pengguna") }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "pantau_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let prefix = String(secret.prefix(14))
        let token = try await database.write { db in
            let token = try await db.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_at)
                VALUES (\(bind: userID), \(bind: label), \(bind: Self.tokenHash(secret)), \(bind: prefix), \(bind: clock.now()))
                RETURNING id, user_id, name, token_prefix, created_at, last_used_at, revoked_at
                """).first(decoding: APIToken.self)!
            try await audit(db, actor: actor, action: "create", entity: .apiToken, entityID: String(token.id), region: user.jurisdiction,
                                 summary: "Token API \"\(label)\" untuk \(user.username) dibuat")
            return token
        }
        return (token, secret)
    }

    public func tokens(userID: Int) async throws -> [APIToken] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, user_id, name, token_prefix, created_at, last_used_at, revoked_at FROM api_tokens
                WHERE user_id = \(bind: userID) ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC
                """).all(decoding: APIToken.self)
        }
    }

    /// Revokes one of the user's tokens. Returns false when the user has no such active token.
    @discardableResult
    public func revokeToken(id: Int, userID: Int, actor: Actor) async throws -> Bool {
        guard let user = try await user(id: userID) else { throw NotFound("pengguna") }
        return try await database.write { db in
            let rows = try await db.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: clock.now()) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL
                RETURNING id, name
                """).all()
            guard let row = rows.first else { return false }
            let name = try row.decode(column: "name", as: String.self)
            try await audit(db, actor: actor, action: "revoke", entity: .apiToken, entityID: String(id), region: user.jurisdiction,
                                 summary: "Token API \"\(name)\" milik \(user.username) dicabut")
            return true
        }
    }

    /// The active user a bearer token belongs to, or nil. Marks the token used at most every five
    /// minutes, so that API traffic does not turn every read into a write.
    public func authenticateToken(_ secret: String) async throws -> User? {
        guard secret.hasPrefix("pantau_"), secret.count < 200 else { return nil }
        let hash = Self.tokenHash(secret)
        struct Row: Decodable { var token_id: Int; var last_used_at: Int? }
        let found = try await database.read { db -> (User, Row)? in
            guard let row = try await db.raw("""
                SELECT \(Self.userColumns), t.id AS token_id, t.last_used_at
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first(), let user = try row.decode(model: UserRow.self).user else { return nil }
            return (user, try row.decode(model: Row.self))
        }
        guard let (user, token) = found else { return nil }
        let now = clock.now()
        if (token.last_used_at ?? 0) < now - 300 {
            try await database.write { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: token.token_id)").run()
            }
        }
        return user
    }
}

// MARK: - Sessions

extension Store {
    /// Session rows for the web layer's session storage. Keys are hashed before they reach the
    /// database.
    public func sessionValue(key: String) async throws -> (value: String, expiresAt: Int?)? {
        struct Row: Decodable { var value: String; var expires_at: Int? }
        let now = clock.now()
        let row = try await database.read { db in
            try await db.raw("SELECT value, expires_at FROM sessions WHERE key_hash = \(bind: Self.tokenHash(key))").first(decoding: Row.self)
        }
        guard let row else { return nil }
        if let expires = row.expires_at, expires <= now { return nil }
        return (row.value, row.expires_at)
    }

    public func setSessionValue(key: String, value: String, expiresAt: Int?, createOnly: Bool = false) async throws {
        let now = clock.now()
        try await database.write { db in
            if createOnly {
                try await db.raw("""
                    INSERT INTO sessions (key_hash, value, expires_at, created_at) VALUES (\(bind: Self.tokenHash(key)), \(bind: value), \(bind: expiresAt), \(bind: now))
                    """).run()
            } else {
                try await db.raw("""
                    INSERT INTO sessions (key_hash, value, expires_at, created_at) VALUES (\(bind: Self.tokenHash(key)), \(bind: value), \(bind: expiresAt), \(bind: now))
                    ON CONFLICT (key_hash) DO UPDATE SET value = excluded.value, expires_at = COALESCE(excluded.expires_at, sessions.expires_at)
                    """).run()
            }
            // Expired rows are swept as new ones arrive; the index keeps this cheap.
            try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: now)").run()
        }
    }

    public func removeSessionValue(key: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM sessions WHERE key_hash = \(bind: Self.tokenHash(key))").run()
        }
    }
}

// MARK: - Sign-in throttling

extension Store {
    /// The throttle counters for the given keys ("user:NAME", "ip:ADDRESS").
    public func throttleStates(_ keys: [String]) async throws -> [String: ThrottleState] {
        struct Row: Decodable { var key: String; var failures: Int; var last_failure_at: Int; var locked_until: Int }
        let rows = try await database.read { db in
            try await db.raw("SELECT key, failures, last_failure_at, locked_until FROM login_throttle WHERE key IN (\(binds: keys))").all(decoding: Row.self)
        }
        var result: [String: ThrottleState] = [:]
        for row in rows { result[row.key] = ThrottleState(failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until) }
        return result
    }

    /// Reserves one sign-in attempt against every key before the password is checked, so that
    /// parallel attempts cannot all pass a lock check made before any failure is counted. In one
    /// transaction (rows locked on PostgreSQL, the single writer on SQLite): when any key is
    /// locked nothing changes and the lock's end is returned; otherwise each key counts the
    /// attempt as a failure, which a successful sign-in then takes back (`releaseLoginAttempt`).
    /// N parallel wrong passwords thus lock an account after exactly the policy's threshold.
    public func reserveLoginAttempt(_ keys: [(key: String, policy: ThrottlePolicy)]) async throws -> LoginReservation {
        let now = clock.now()
        let lockClause: SQLQueryString = kind == .postgres ? " FOR UPDATE" : ""
        return try await database.write { db in
            var current: [String: ThrottleState] = [:]
            for (key, _) in keys.sorted(by: { $0.key < $1.key }) {
                try await db.raw("""
                    INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES (\(bind: key), 0, 0, 0) ON CONFLICT (key) DO NOTHING
                    """).run()
                let row = try await db.raw("SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = \(bind: key)\(lockClause)")
                    .first(decoding: ThrottleRow.self)
                current[key] = row.map { ThrottleState(failures: $0.failures, lastFailureAt: $0.last_failure_at, lockedUntil: $0.locked_until) } ?? ThrottleState()
            }
            if let locked = current.values.filter({ $0.isLocked(at: now) }).map(\.lockedUntil).max() { return .locked(until: locked) }
            var result: [String: ThrottleState] = [:]
            for (key, policy) in keys {
                let state = (current[key] ?? ThrottleState()).recordingFailure(at: now, policy: policy)
                try await db.raw("""
                    UPDATE login_throttle SET failures = \(bind: state.failures), last_failure_at = \(bind: state.lastFailureAt), locked_until = \(bind: state.lockedUntil)
                    WHERE key = \(bind: key)
                    """).run()
                result[key] = state
            }
            return .reserved(result)
        }
    }

    /// Takes back a reservation after a correct password: the account's counter starts again,
    /// the address's loses the one attempt it counted (and its lock, if that attempt made it).
    public func releaseLoginAttempt(account: String, address: (key: String, policy: ThrottlePolicy)) async throws {
        let lockClause: SQLQueryString = kind == .postgres ? " FOR UPDATE" : ""
        try await database.write { db in
            try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: account)").run()
            guard let row = try await db.raw("SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = \(bind: address.key)\(lockClause)")
                .first(decoding: ThrottleRow.self) else { return }
            let failures = max(row.failures - 1, 0)
            let lockedUntil = failures >= address.policy.threshold ? row.locked_until : 0
            try await db.raw("UPDATE login_throttle SET failures = \(bind: failures), locked_until = \(bind: lockedUntil) WHERE key = \(bind: address.key)").run()
        }
    }

    public func resetLoginFailures(_ key: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: key)").run()
        }
    }
}

private struct ThrottleRow: Decodable { var failures: Int; var last_failure_at: Int; var locked_until: Int }

/// What `reserveLoginAttempt` found: the attempt may go ahead (with the counters as they now
/// stand), or a key is locked until the given time.
public enum LoginReservation: Sendable, Equatable {
    case reserved([String: ThrottleState])
    case locked(until: Int)
}

// MARK: - Settings

extension Store {
    public func setting(_ key: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT value FROM app_settings WHERE key = \(bind: key)").first(decodingColumn: "value", as: String.self)
        }
    }

    /// Stores a setting of the installation serving `installation`; the audit line carries that
    /// region, so the installation's administrators read it. A `secret` one is audited as
    /// changed without its values.
    public func setSetting(_ key: String, _ value: String, installation: RegionCode, actor: Actor, secret: Bool = false) async throws {
        let old = try await setting(key)
        guard old != value else { return }
        try await database.write { db in
            try await db.raw("""
                INSERT INTO app_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: value), \(bind: clock.now()))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """).run()
            var changes = ChangeSet()
            changes.record(key, old, value, secret: secret)
            try await audit(db, actor: actor, action: "update", entity: .system, entityID: key, region: installation, summary: "Pengaturan \(key) diubah", changes: changes)
        }
    }
}

extension Store {
    /// A secret shared by every instance: read from the database, generated there on first use.
    /// Its value never reaches the audit log.
    public func sharedSecret(_ key: String) async throws -> String {
        if let existing = try await setting(key) { return existing }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try await database.write { db in
            try await db.raw("""
                INSERT INTO app_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: secret), \(bind: clock.now()))
                ON CONFLICT (key) DO NOTHING
                """).run()
            try await audit(db, actor: .system, action: "create", entity: .system, entityID: key, region: nil, summary: "Rahasia \(key) dibuat")
        }
        // Another instance may have won the race; everyone uses the stored value.
        return try await setting(key) ?? secret
    }
}

// MARK: - Rate limits

extension Store {
    /// True when `key` has already used its `limit` in the current window: a read only, so that a
    /// caller past its limit is refused without taking the writer.
    public func isOverLimit(_ key: String, limit: Int, windowSeconds: Int) async throws -> Bool {
        let now = clock.now()
        let window = now - now % windowSeconds
        let count = try await database.read { db in
            try await db.raw("SELECT count FROM rate_limits WHERE key = \(bind: key) AND window_start = \(bind: window)").first(decodingColumn: "count", as: Int.self)
        }
        return (count ?? 0) >= limit
    }

    /// Counts one event against `key` in a fixed window and tells whether it is within `limit`.
    /// The count lives in the database, so every instance applies the same limit.
    public func allowEvent(_ key: String, limit: Int, windowSeconds: Int) async throws -> Bool {
        let now = clock.now()
        let window = now - now % windowSeconds
        return try await database.write { db in
            try await db.raw("""
                INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: window), 1)
                ON CONFLICT (key) DO UPDATE SET
                    count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
                    window_start = excluded.window_start
                """).run()
            let count = try await db.raw("SELECT count FROM rate_limits WHERE key = \(bind: key)").first(decodingColumn: "count", as: Int.self) ?? 0
            return count <= limit
        }
    }
}
