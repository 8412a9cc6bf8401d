import Foundation
import PantauCore
import SQLKit

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
