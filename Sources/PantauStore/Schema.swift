/// The schema, one migration per step. Constraints live here, not only in Swift.
enum Schema {
    static let all: [Migration] = platform + reports + [rateLimits, attachments, webhooks, elections, reportIndexes, desks]

    static let platform: [Migration] = [
        Migration(version: 1, name: "regions", statements: [
            """
            CREATE TABLE regions (
                kode {code} PRIMARY KEY,
                nama TEXT NOT NULL CHECK (length(nama) > 0),
                level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
                parent_kode {code} REFERENCES regions (kode),
                nama_search TEXT NOT NULL
            )
            """,
            "CREATE INDEX regions_parent ON regions (parent_kode, nama)",
            """
            CREATE TABLE region_boundaries (
                kode {code} PRIMARY KEY REFERENCES regions (kode),
                geometry TEXT NOT NULL,
                label_lat DOUBLE PRECISION,
                label_lng DOUBLE PRECISION
            )
            """,
            """
            CREATE TABLE data_imports (
                id {id},
                kind TEXT NOT NULL CHECK (kind IN ('regions', 'boundaries')),
                source TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                rows_read BIGINT NOT NULL,
                rows_changed BIGINT NOT NULL,
                imported_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE app_settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
        ]),
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

    static let reports: [Migration] = [
        Migration(version: 4, name: "incident reports", statements: [
            """
            CREATE TABLE report_categories (
                id {id},
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL CHECK (length(name) > 0),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                position INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE reports (
                id {id},
                title TEXT NOT NULL CHECK (length(title) > 0),
                narrative TEXT NOT NULL,
                category_id BIGINT NOT NULL REFERENCES report_categories (id),
                status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'rejected', 'follow_up', 'resolved', 'archived')),
                severity TEXT NOT NULL CHECK (severity IN ('ringan', 'sedang', 'berat', 'kritis')),
                source TEXT NOT NULL CHECK (source IN ('field_monitor', 'agency', 'media', 'social_media', 'public')),
                occurred_at BIGINT NOT NULL,
                occurred_precision TEXT NOT NULL CHECK (occurred_precision IN ('exact', 'day', 'approximate')),
                region_kode {code} NOT NULL REFERENCES regions (kode),
                latitude DOUBLE PRECISION CHECK (latitude BETWEEN -11.5 AND 6.5),
                longitude DOUBLE PRECISION CHECK (longitude BETWEEN 94 AND 142),
                place TEXT,
                actors TEXT,
                people_involved INTEGER NOT NULL DEFAULT 0 CHECK (people_involved >= 0),
                people_injured INTEGER NOT NULL DEFAULT 0 CHECK (people_injured >= 0),
                people_dead INTEGER NOT NULL DEFAULT 0 CHECK (people_dead >= 0),
                tags TEXT,
                is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
                reporter_contact TEXT,
                duplicate_of BIGINT REFERENCES reports (id),
                resolution TEXT,
                created_by BIGINT REFERENCES users (id),
                agency_id BIGINT REFERENCES agencies (id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                submitted_at BIGINT
            )
            """,
            // Lists are filtered by jurisdiction (a code range) and sorted by time; the common
            // filters each lead an index that continues with the region and the time.
            "CREATE INDEX reports_region_occurred ON reports (region_kode, occurred_at)",
            "CREATE INDEX reports_status_region ON reports (status, region_kode, occurred_at)",
            "CREATE INDEX reports_category_region ON reports (category_id, region_kode, occurred_at)",
            "CREATE INDEX reports_severity_region ON reports (severity, region_kode, occurred_at)",
            "CREATE INDEX reports_created_by ON reports (created_by, status)",
            """
            CREATE TABLE report_events (
                id {id},
                report_id BIGINT NOT NULL REFERENCES reports (id),
                at BIGINT NOT NULL,
                actor_user_id BIGINT REFERENCES users (id),
                actor_name TEXT NOT NULL,
                action TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX report_events_report ON report_events (report_id, at)",
            """
            CREATE TABLE report_assignments (
                id {id},
                report_id BIGINT NOT NULL REFERENCES reports (id),
                agency_id BIGINT NOT NULL REFERENCES agencies (id),
                due_at BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
                instruction TEXT,
                response TEXT,
                responded_at BIGINT,
                responded_by BIGINT REFERENCES users (id),
                created_at BIGINT NOT NULL,
                UNIQUE (report_id, agency_id)
            )
            """,
            "CREATE INDEX report_assignments_agency ON report_assignments (agency_id, status, due_at)",
            """
            CREATE TABLE idempotency_keys (
                user_id BIGINT NOT NULL REFERENCES users (id),
                key TEXT NOT NULL,
                report_id BIGINT NOT NULL REFERENCES reports (id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, key)
            )
            """,
            // The default categories (ReportCategories.defaults); administrators edit them later.
            "INSERT INTO report_categories (code, name, active, position) VALUES ('politik_uang', 'Politik uang', 1, 0)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('netralitas', 'Netralitas ASN/TNI/Polri/kepala desa', 1, 1)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('pelanggaran_kampanye', 'Pelanggaran kampanye', 1, 2)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('hoaks', 'Hoaks/disinformasi', 1, 3)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('ujaran_kebencian', 'Ujaran kebencian/politisasi SARA', 1, 4)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('intimidasi', 'Intimidasi/ancaman', 1, 5)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('kekerasan', 'Kekerasan/bentrokan', 1, 6)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('unjuk_rasa', 'Unjuk rasa/pengerahan massa', 1, 7)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('perusakan', 'Perusakan fasilitas/APK', 1, 8)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('gangguan_penyelenggaraan', 'Gangguan penyelenggaraan (logistik, daftar pemilih, TPS)', 1, 9)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('sengketa', 'Sengketa/keberatan', 1, 10)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('konflik_sosial', 'Konflik sosial', 1, 11)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('kebijakan_pemda', 'Kebijakan pemerintah daerah', 1, 12)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('kegiatan_parpol', 'Kegiatan partai politik', 1, 13)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('kegiatan_ormas', 'Kegiatan ormas', 1, 14)",
            "INSERT INTO report_categories (code, name, active, position) VALUES ('lainnya', 'Lainnya', 1, 15)",
        ]),
    ]

    static let rateLimits = Migration(version: 5, name: "rate limits", statements: [
        // Fixed-window counters (e.g. public complaints per address per hour), shared by instances.
        """
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            window_start BIGINT NOT NULL,
            count INTEGER NOT NULL
        )
        """,
    ])

    static let attachments = Migration(version: 6, name: "report attachments", statements: [
        // Files live under the data directory by their SHA-256; the name is only for display.
        """
        CREATE TABLE report_attachments (
            id {id},
            report_id BIGINT NOT NULL REFERENCES reports (id),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
            size BIGINT NOT NULL CHECK (size > 0),
            uploaded_by BIGINT REFERENCES users (id),
            uploaded_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX report_attachments_report ON report_attachments (report_id)",
    ])

    static let webhooks = Migration(version: 7, name: "webhook deliveries", statements: [
        // An outbox: events are written with the change that caused them and sent by a worker.
        """
        CREATE TABLE webhook_deliveries (
            id {id},
            event TEXT NOT NULL,
            report_id BIGINT REFERENCES reports (id),
            payload TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            last_status INTEGER,
            last_error TEXT,
            created_at BIGINT NOT NULL,
            delivered_at BIGINT
        )
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
    ])

    /// Measured with a million reports (Benchmarks/reports): the dashboard's aggregates for a
    /// provinsi seek its code prefix, then the period, and read every column they count from the
    /// index; smaller scopes do the same on the code range. The overdue count reads assignments
    /// from their index alone.
    static let reportIndexes = Migration(version: 9, name: "report dashboard indexes", statements: [
        "CREATE INDEX reports_provinsi_situation ON reports (substr(region_kode, 1, 2), occurred_at, status, category_id, duplicate_of, region_kode)",
        "CREATE INDEX reports_region_situation ON reports (region_kode, occurred_at, status, category_id, duplicate_of)",
        "DROP INDEX reports_region_occurred",
        "CREATE INDEX report_assignments_report_state ON report_assignments (report_id, status, due_at, agency_id)",
    ])
}
