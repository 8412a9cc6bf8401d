import PantauCore

/// The schema of early warning: the rules analysts edit and the alerts they raise.
public enum EarlyWarningSchema {
    public static let migrations: [Migration] = [alerts]

    static let alerts = Migration(version: 15, name: "early warning rules and alerts", statements: [
        // A rule belongs to the jurisdiction that made it (`region_kode`) and tests the areas of
        // that jurisdiction at `level`. Editing a rule raises its version; an alert keeps the
        // version and the parameters that raised it.
        """
        CREATE TABLE alert_rules (
            id {id},
            region_kode {code} NOT NULL REFERENCES regions (kode),
            name TEXT NOT NULL CHECK (length(name) > 0),
            kind TEXT NOT NULL CHECK (kind IN ('ambang', 'c1', 'c2', 'c3')),
            category_code TEXT REFERENCES report_categories (code),
            min_severity TEXT CHECK (min_severity IN ('ringan', 'sedang', 'berat', 'kritis')),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
            window_days INTEGER NOT NULL CHECK (window_days BETWEEN 1 AND 90),
            min_count INTEGER NOT NULL CHECK (min_count >= 1),
            k DOUBLE PRECISION NOT NULL,
            min_sigma DOUBLE PRECISION NOT NULL,
            baseline_days INTEGER NOT NULL CHECK (baseline_days BETWEEN 1 AND 28),
            agency_id BIGINT REFERENCES agencies (id),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            version INTEGER NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX alert_rules_region ON alert_rules (region_kode)",
        // One alert per episode: the same counts never raise the same alert twice, whichever
        // instance evaluates them (`dedup_key` is Episode.alertKey).
        """
        CREATE TABLE alerts (
            id {id},
            rule_id BIGINT NOT NULL REFERENCES alert_rules (id),
            rule_version INTEGER NOT NULL,
            dedup_key TEXT NOT NULL UNIQUE,
            region_kode {code} NOT NULL REFERENCES regions (kode),
            category_code TEXT,
            first_day BIGINT NOT NULL,
            last_day BIGINT NOT NULL,
            observed INTEGER NOT NULL,
            expected DOUBLE PRECISION NOT NULL,
            sd DOUBLE PRECISION NOT NULL,
            statistic DOUBLE PRECISION NOT NULL,
            threshold DOUBLE PRECISION NOT NULL,
            counts TEXT NOT NULL,
            parameters TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('baru', 'ditangani', 'selesai', 'alarm_palsu')),
            note TEXT,
            agency_id BIGINT REFERENCES agencies (id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX alerts_region_created ON alerts (region_kode, created_at)",
        "CREATE INDEX alerts_status_region ON alerts (status, region_kode)",
        // The episodes a rule version raised lately, read before each pass.
        "CREATE INDEX alerts_rule_day ON alerts (rule_id, rule_version, last_day)",
    ])
}
