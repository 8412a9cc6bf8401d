import PantauCore

/// The schema of incident reports: categories, reports and their timeline, assignments,
/// idempotency keys, the rate-limit counters of public complaints, attachments, the webhook
/// outbox and the dashboard's indexes.
public enum ReportSchema {
    public static let migrations: [Migration] = reports + [rateLimits, attachments, webhooks, reportIndexes, unknownCounts, dayCounts, recentIndex, followUpCounts]

    /// A people count the reporter left empty is kept as unknown beside its 0 (bit 1 involved,
    /// 2 injured, 4 dead), so pages say "tidak diketahui"; reports filed before keep their 0s.
    static let unknownCounts = Migration(version: 13, name: "unknown people counts", statements: [
        "ALTER TABLE reports ADD COLUMN people_unknown INTEGER NOT NULL DEFAULT 0 CHECK (people_unknown BETWEEN 0 AND 7)",
    ])

    /// Per level, region, WIB day, category, severity and status (and, in `report_day_totals`, per
    /// level, region, day and status), the number of counted reports
    /// (past their draft, not duplicates), kept in each report write's transaction. The region is
    /// the report's code cut to the level (empty for the nation), so a jurisdiction reads its own
    /// rows and its children's without touching the reports. Filled from the reports already there.
    static let dayCounts = Migration(version: 14, name: "daily report counts", statements: [],
                                     sqliteOnly: dayCountStatements(sqlite: true), postgresOnly: dayCountStatements(sqlite: false))

    /// The tables are read along their keys, so the key carries the count: a clustered key on
    /// SQLite (WITHOUT ROWID), a key that includes `n` on PostgreSQL. Otherwise the planner
    /// prefers the covering (level, day) index and reads a whole level's days for one region.
    static func countTable(_ name: String, _ columns: String, key: String, sqlite: Bool) -> String {
        "CREATE TABLE \(name) (\(columns), n BIGINT NOT NULL, PRIMARY KEY (\(key))\(sqlite ? "" : " INCLUDE (n)"))\(sqlite ? " WITHOUT ROWID" : "")"
    }

    static func dayCountStatements(sqlite: Bool) -> [String] {
        func table(_ name: String, _ columns: String, key: String) -> String { countTable(name, columns, key: key, sqlite: sqlite) }
        return [
            table("report_day_counts", """
                level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4), region_kode {code} NOT NULL, day BIGINT NOT NULL,
                category_id BIGINT NOT NULL REFERENCES report_categories (id), severity TEXT NOT NULL, status TEXT NOT NULL
                """, key: "level, region_kode, day, category_id, severity, status"),
            // A level's rows over a period, whatever the region, covering every column: the
            // detectors' national pass reads a few weeks of one level without touching the table.
            "CREATE INDEX report_day_counts_level_day ON report_day_counts (level, day, region_kode, category_id, severity, status, n)",
            // The same without category and severity, about a fifth of the rows at the top levels:
            // the dashboard's counts per status, per day and per child region read these.
            table("report_day_totals", "level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4), region_kode {code} NOT NULL, day BIGINT NOT NULL, status TEXT NOT NULL",
                  key: "level, region_kode, day, status"),
            // Which kab/kota days changed since the early-warning detectors last looked: a write adds
            // its row (once), the detectors take and delete them.
            "CREATE TABLE report_day_changes (region_kode {code} NOT NULL, day BIGINT NOT NULL, PRIMARY KEY (region_kode, day))",
            "INSERT INTO report_day_counts (level, region_kode, day, category_id, severity, status, n) \(Store.dayCountRecountText)",
            "INSERT INTO report_day_totals (level, region_kode, day, status, n) \(Store.dayTotalRecountText)",
        ]
    }

    /// Per level, region and agency, the open follow-ups (assignments not done of reports in
    /// follow-up), kept in each write's transaction like the daily counts; and the assignments
    /// not done by due time, so the few not yet due are read without the late ones. Situasi's
    /// late follow-ups per agency are the first less the second. Filled from the assignments.
    static let followUpCounts = Migration(version: 18, name: "open follow-ups per agency", statements: [
        "CREATE INDEX report_assignments_open_due ON report_assignments (due_at, agency_id, report_id) WHERE status <> 'done'",
    ], sqliteOnly: followUpCountStatements(sqlite: true), postgresOnly: followUpCountStatements(sqlite: false))

    static func followUpCountStatements(sqlite: Bool) -> [String] {
        [
            countTable("report_follow_up_counts", "level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4), region_kode {code} NOT NULL, agency_id BIGINT NOT NULL",
                       key: "level, region_kode, agency_id", sqlite: sqlite),
            "INSERT INTO report_follow_up_counts (level, region_kode, agency_id, n) \(Store.followUpRecountText)",
        ]
    }

    /// The newest reports of the whole country (the ministry's lists, Situasi's severe reports)
    /// are read backwards along the time, stopping after a page, instead of gathering a filter's
    /// matches and sorting them.
    static let recentIndex = Migration(version: 16, name: "reports by time", statements: [
        "CREATE INDEX reports_occurred ON reports (occurred_at, id)",
    ])

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
