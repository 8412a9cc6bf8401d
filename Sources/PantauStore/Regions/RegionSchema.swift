import PantauCore

/// The schema of the region list. Migration 1 also made the installation's settings table and the
/// import log, which every capability uses.
public enum RegionSchema {
    public static let migrations: [Migration] = [region]

    static let region = Migration(version: 1, name: "regions", statements: [
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
    ])
}
