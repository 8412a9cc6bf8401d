import Foundation
import PantauCore
import SQLKit

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
