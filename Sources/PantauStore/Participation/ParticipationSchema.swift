/// Voter participation's own schema changes (the tables came with the Desk Pilkada, migration 8).
public enum ParticipationSchema {
    public static let migrations: [Migration] = [unknownCounts]

    /// A figure a result form left out is kept as unknown beside its 0, so pages show "tidak
    /// diketahui" and rates say what they could not count. Rows entered before keep 0 as known.
    static let unknownCounts = Migration(version: 12, name: "unknown voter counts", statements: [
        "ALTER TABLE participation ADD COLUMN dptb_unknown INTEGER NOT NULL DEFAULT 0 CHECK (dptb_unknown IN (0, 1))",
        "ALTER TABLE participation ADD COLUMN dpk_unknown INTEGER NOT NULL DEFAULT 0 CHECK (dpk_unknown IN (0, 1))",
        "ALTER TABLE participation ADD COLUMN disabled_unknown INTEGER NOT NULL DEFAULT 0 CHECK (disabled_unknown IN (0, 1))",
    ])
}
