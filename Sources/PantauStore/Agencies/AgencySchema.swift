import PantauCore

/// The schema of agencies beyond their first table (which came with the accounts' migration 2):
/// the kinds of agency became a table that administrators keep and capabilities extend.
public enum AgencySchema {
    public static let migrations: [Migration] = [agencyTypes]

    static var seedKinds: [String] {
        AgencyType.shipped.enumerated().map { position, kind in
            "INSERT INTO agency_types (code, name, position, active) VALUES ('\(kind.type.rawValue)', '\(kind.name)', \(position + 1), 1)"
        }
    }

    /// `agencies.type` was a CHECK list repeated from a Swift enum; it now refers to
    /// `agency_types`. SQLite cannot drop a CHECK, so there the agencies table is made again
    /// (foreign keys off around it, checked before the commit): the new definition, the rows
    /// copied, the old table dropped and the new one given its name, which the tables that refer
    /// to agencies already use.
    static let agencyTypes = Migration(version: 11, name: "agency types table", statements: [
        """
        CREATE TABLE agency_types (
            code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 40),
            name TEXT NOT NULL CHECK (length(name) > 0),
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        )
        """,
    ] + seedKinds, sqliteOnly: [
        """
        CREATE TABLE agencies_v11 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) > 0),
            type TEXT NOT NULL REFERENCES agency_types (code),
            region_kode TEXT NOT NULL REFERENCES regions (kode),
            phone TEXT,
            email TEXT,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            UNIQUE (region_kode, name)
        )
        """,
        "INSERT INTO agencies_v11 (id, name, type, region_kode, phone, email, active, created_at, updated_at) SELECT id, name, type, region_kode, phone, email, active, created_at, updated_at FROM agencies",
        "DROP TABLE agencies",
        "ALTER TABLE agencies_v11 RENAME TO agencies",
        "CREATE INDEX agencies_region ON agencies (region_kode, type)",
    ], postgresOnly: [
        "ALTER TABLE agencies DROP CONSTRAINT agencies_type_check",
        "ALTER TABLE agencies ADD CONSTRAINT agencies_type_kind FOREIGN KEY (type) REFERENCES agency_types (code)",
    ], rebuildsTables: true)
}
