import PantauCore

/// The schema of agencies, users, tokens, sessions, sign-in throttling and the audit log. These
/// tables came in the first migrations, before capabilities had schemas of their own; they belong
/// here because accounts need them all.
public enum AccountSchema {
    public static let migrations: [Migration] = [
        Migration(version: 2, name: "agencies and users", statements: [
            """
            CREATE TABLE agencies (
                id {id},
                name TEXT NOT NULL CHECK (length(name) > 0),
                type TEXT NOT NULL CHECK (type IN ('kesbangpol', 'kpu', 'bawaslu', 'polri', 'tni', 'kejaksaan', 'diskominfo', 'intelijen', 'opd', 'kecamatan', 'lainnya')),
                region_kode {code} NOT NULL REFERENCES regions (kode),
                phone TEXT,
                email TEXT,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (region_kode, name)
            )
            """,
            "CREATE INDEX agencies_region ON agencies (region_kode, type)",
            """
            CREATE TABLE users (
                id {id},
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('administrator', 'analyst', 'monitor', 'partner', 'viewer')),
                region_kode {code} NOT NULL REFERENCES regions (kode),
                agency_id BIGINT NOT NULL REFERENCES agencies (id),
                disabled_at BIGINT,
                sessions_valid_after BIGINT NOT NULL, -- milliseconds: sessions begun earlier are void
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX users_region ON users (region_kode)",
            "CREATE INDEX users_agency ON users (agency_id)",
            """
            CREATE TABLE api_tokens (
                id {id},
                user_id BIGINT NOT NULL REFERENCES users (id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                token_prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
        ]),
        Migration(version: 3, name: "sessions, throttling and audit", statements: [
            // Session rows are keyed by the SHA-256 of the cookie value, so a copy of the database
            // does not hand out live sessions.
            """
            CREATE TABLE sessions (
                key_hash TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                expires_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_expires ON sessions (expires_at)",
            """
            CREATE TABLE login_throttle (
                key TEXT PRIMARY KEY,
                failures INTEGER NOT NULL,
                last_failure_at BIGINT NOT NULL,
                locked_until BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE audit_log (
                id {id},
                at BIGINT NOT NULL,
                actor_user_id BIGINT,
                actor_name TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                region_kode {code},
                summary TEXT NOT NULL,
                changes TEXT,
                ip TEXT
            )
            """,
            "CREATE INDEX audit_log_at ON audit_log (at)",
            "CREATE INDEX audit_log_region ON audit_log (region_kode, at)",
            "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
            "CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at)",
        ], sqliteOnly: [
            // The audit log is append-only, enforced by the database itself.
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        ], postgresOnly: [
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
            """,
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ]),
    ]
}
