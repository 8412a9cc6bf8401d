import PantauCore

/// The schema of the Desk Pilkada: elections, stages, candidates, problems, desk notes and reports,
/// and — in the same first migration — polling stations, the TPS survey and voter figures, which
/// the participation capability reads and writes.
public enum ElectionSchema {
    public static let migrations: [Migration] = [elections, desks]

    /// Desk Pilkada: elections with their calendar and candidates, the problem inventory, desk
    /// notes and reports, polling stations with their vulnerability survey, and voter figures.
    static let elections = Migration(version: 8, name: "desk pilkada", statements: [
        """
        CREATE TABLE elections (
            id {id},
            type TEXT NOT NULL CHECK (type IN ('pilkada_gubernur', 'pilkada_bupati_walikota', 'pemilu_legislatif', 'pemilu_presiden', 'psu')),
            name TEXT NOT NULL CHECK (length(name) > 0),
            region_kode {code} NOT NULL REFERENCES regions (kode),
            voting_day TEXT NOT NULL CHECK (length(voting_day) = 10),
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX elections_region ON elections (region_kode, voting_day)",
        """
        CREATE TABLE election_stages (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (length(name) > 0),
            starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
            ends_on TEXT NOT NULL CHECK (length(ends_on) = 10),
            CHECK (starts_on <= ends_on)
        )
        """,
        "CREATE INDEX election_stages_election ON election_stages (election_id, position)",
        """
        CREATE TABLE election_candidates (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
            head TEXT NOT NULL CHECK (length(head) > 0),
            deputy TEXT,
            parties TEXT,
            UNIQUE (election_id, number)
        )
        """,
        """
        CREATE TABLE election_problems (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            stage_id BIGINT REFERENCES election_stages (id),
            region_kode {code} NOT NULL REFERENCES regions (kode),
            title TEXT NOT NULL CHECK (length(title) > 0),
            description TEXT NOT NULL,
            category_id BIGINT NOT NULL REFERENCES report_categories (id),
            reported_by BIGINT REFERENCES agencies (id),
            anticipation TEXT,
            responsible_agency_id BIGINT REFERENCES agencies (id),
            due_on TEXT,
            status TEXT NOT NULL CHECK (status IN ('teridentifikasi', 'diantisipasi', 'ditangani', 'selesai')),
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            resolved_at BIGINT
        )
        """,
        "CREATE INDEX election_problems_list ON election_problems (election_id, status, region_kode)",
        "CREATE INDEX election_problems_updated ON election_problems (election_id, updated_at)",
        """
        CREATE TABLE election_problem_reports (
            problem_id BIGINT NOT NULL REFERENCES election_problems (id),
            report_id BIGINT NOT NULL REFERENCES reports (id),
            PRIMARY KEY (problem_id, report_id)
        )
        """,
        """
        CREATE TABLE election_problem_events (
            id {id},
            problem_id BIGINT NOT NULL REFERENCES election_problems (id),
            at BIGINT NOT NULL,
            actor_name TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            note TEXT
        )
        """,
        "CREATE INDEX election_problem_events_problem ON election_problem_events (problem_id, at)",
        "CREATE INDEX election_problem_events_at ON election_problem_events (at)",
        """
        CREATE TABLE desk_notes (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            agency_id BIGINT NOT NULL REFERENCES agencies (id),
            on_day TEXT NOT NULL CHECK (length(on_day) = 10),
            note TEXT NOT NULL CHECK (length(note) > 0),
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            UNIQUE (election_id, agency_id, on_day)
        )
        """,
        """
        CREATE TABLE desk_reports (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            kind TEXT NOT NULL CHECK (kind IN ('harian', 'bulanan')),
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
            content TEXT NOT NULL,
            narrative TEXT NOT NULL,
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            finalised_by BIGINT REFERENCES users (id),
            finalised_at BIGINT,
            UNIQUE (election_id, kind, period_start, version)
        )
        """,
        """
        CREATE TABLE polling_stations (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            region_kode {code} NOT NULL REFERENCES regions (kode),
            number INTEGER NOT NULL CHECK (number >= 1),
            address TEXT NOT NULL,
            dpt INTEGER NOT NULL CHECK (dpt >= 0),
            latitude DOUBLE PRECISION CHECK (latitude BETWEEN -11.5 AND 6.5),
            longitude DOUBLE PRECISION CHECK (longitude BETWEEN 94 AND 142),
            UNIQUE (election_id, region_kode, number)
        )
        """,
        """
        CREATE TABLE tps_indicators (
            id {id},
            variable TEXT NOT NULL,
            variable_name TEXT NOT NULL,
            code TEXT NOT NULL,
            label TEXT NOT NULL CHECK (length(label) > 0),
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            UNIQUE (variable, code)
        )
        """,
        """
        CREATE TABLE tps_findings (
            station_id BIGINT NOT NULL REFERENCES polling_stations (id),
            indicator_id BIGINT NOT NULL REFERENCES tps_indicators (id),
            recorded_by BIGINT REFERENCES users (id),
            recorded_at BIGINT NOT NULL,
            PRIMARY KEY (station_id, indicator_id)
        )
        """,
        "CREATE INDEX tps_findings_indicator ON tps_findings (indicator_id)",
        """
        CREATE TABLE participation (
            id {id},
            election_id BIGINT NOT NULL REFERENCES elections (id),
            region_kode {code} NOT NULL REFERENCES regions (kode),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            tps INTEGER NOT NULL DEFAULT 0,
            dpt_l INTEGER NOT NULL CHECK (dpt_l >= 0), dpt_p INTEGER NOT NULL CHECK (dpt_p >= 0),
            voted_l INTEGER NOT NULL CHECK (voted_l >= 0), voted_p INTEGER NOT NULL CHECK (voted_p >= 0),
            dptb INTEGER NOT NULL CHECK (dptb >= 0), dpk INTEGER NOT NULL CHECK (dpk >= 0),
            disabled INTEGER NOT NULL CHECK (disabled >= 0),
            valid INTEGER NOT NULL CHECK (valid >= 0), invalid INTEGER NOT NULL CHECK (invalid >= 0),
            updated_at BIGINT NOT NULL,
            UNIQUE (election_id, region_kode, tps)
        )
        """,
        "CREATE INDEX participation_level ON participation (election_id, level, region_kode)",
        """
        CREATE TABLE participation_votes (
            participation_id BIGINT NOT NULL REFERENCES participation (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            votes INTEGER NOT NULL CHECK (votes >= 0),
            PRIMARY KEY (participation_id, number)
        )
        """,
    ] + TPSVulnerability.seedStatements, sqliteOnly: [
        // A finalised report never changes: the database refuses it too.
        """
        CREATE TRIGGER desk_reports_final BEFORE UPDATE ON desk_reports
        FOR EACH ROW WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'desk report is final'); END
        """,
        "CREATE TRIGGER desk_reports_final_delete BEFORE DELETE ON desk_reports FOR EACH ROW WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'desk report is final'); END",
    ], postgresOnly: [
        """
        CREATE FUNCTION desk_reports_final() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF OLD.status = 'final' THEN RAISE EXCEPTION 'desk report is final'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$
        """,
        "CREATE TRIGGER desk_reports_final BEFORE UPDATE OR DELETE ON desk_reports FOR EACH ROW EXECUTE FUNCTION desk_reports_final()",
    ])

    /// Every level runs its own desk for the same election: desk reports and agency notes carry
    /// the region of the desk that wrote them, and that region is part of their keys (one open
    /// draft per election, desk, kind and period). Existing rows belong to the desk of the user
    /// who created them (the election's region when that user is gone).
    static let desks = Migration(version: 10, name: "desk regions", statements: [], sqliteOnly: [
        """
        CREATE TABLE desk_reports_v10 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            election_id BIGINT NOT NULL REFERENCES elections (id),
            desk_region_kode TEXT NOT NULL REFERENCES regions (kode),
            kind TEXT NOT NULL CHECK (kind IN ('harian', 'bulanan')),
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
            content TEXT NOT NULL,
            narrative TEXT NOT NULL,
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            finalised_by BIGINT REFERENCES users (id),
            finalised_at BIGINT,
            UNIQUE (election_id, desk_region_kode, kind, period_start, version)
        )
        """,
        """
        INSERT INTO desk_reports_v10 (id, election_id, desk_region_kode, kind, period_start, period_end, version, status, content, narrative,
                                      created_by, created_at, updated_at, finalised_by, finalised_at)
        SELECT d.id, d.election_id, COALESCE((SELECT u.region_kode FROM users u WHERE u.id = d.created_by), (SELECT e.region_kode FROM elections e WHERE e.id = d.election_id)),
               d.kind, d.period_start, d.period_end, d.version, d.status, d.content, d.narrative, d.created_by, d.created_at, d.updated_at, d.finalised_by, d.finalised_at
        FROM desk_reports d
        """,
        // Dropping a table fires no delete trigger; the final-report triggers are made again below.
        "DROP TABLE desk_reports",
        "ALTER TABLE desk_reports_v10 RENAME TO desk_reports",
        """
        CREATE TRIGGER desk_reports_final BEFORE UPDATE ON desk_reports
        FOR EACH ROW WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'desk report is final'); END
        """,
        "CREATE TRIGGER desk_reports_final_delete BEFORE DELETE ON desk_reports FOR EACH ROW WHEN OLD.status = 'final' BEGIN SELECT RAISE(ABORT, 'desk report is final'); END",
        "CREATE UNIQUE INDEX desk_reports_one_draft ON desk_reports (election_id, desk_region_kode, kind, period_start) WHERE status = 'draft'",
        """
        CREATE TABLE desk_notes_v10 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            election_id BIGINT NOT NULL REFERENCES elections (id),
            desk_region_kode TEXT NOT NULL REFERENCES regions (kode),
            agency_id BIGINT NOT NULL REFERENCES agencies (id),
            on_day TEXT NOT NULL CHECK (length(on_day) = 10),
            note TEXT NOT NULL CHECK (length(note) > 0),
            created_by BIGINT REFERENCES users (id),
            created_at BIGINT NOT NULL,
            UNIQUE (election_id, desk_region_kode, agency_id, on_day)
        )
        """,
        """
        INSERT INTO desk_notes_v10 (id, election_id, desk_region_kode, agency_id, on_day, note, created_by, created_at)
        SELECT n.id, n.election_id, COALESCE((SELECT u.region_kode FROM users u WHERE u.id = n.created_by), (SELECT e.region_kode FROM elections e WHERE e.id = n.election_id)),
               n.agency_id, n.on_day, n.note, n.created_by, n.created_at
        FROM desk_notes n
        """,
        "DROP TABLE desk_notes",
        "ALTER TABLE desk_notes_v10 RENAME TO desk_notes",
        "CREATE INDEX desk_notes_desk_day ON desk_notes (election_id, on_day, desk_region_kode)",
    ], postgresOnly: [
        "ALTER TABLE desk_reports ADD COLUMN desk_region_kode TEXT COLLATE \"C\" REFERENCES regions (kode)",
        "ALTER TABLE desk_reports DISABLE TRIGGER desk_reports_final",
        """
        UPDATE desk_reports d SET desk_region_kode = COALESCE((SELECT u.region_kode FROM users u WHERE u.id = d.created_by),
                                                              (SELECT e.region_kode FROM elections e WHERE e.id = d.election_id))
        """,
        "ALTER TABLE desk_reports ENABLE TRIGGER desk_reports_final",
        "ALTER TABLE desk_reports ALTER COLUMN desk_region_kode SET NOT NULL",
        "ALTER TABLE desk_reports DROP CONSTRAINT desk_reports_election_id_kind_period_start_version_key",
        "ALTER TABLE desk_reports ADD CONSTRAINT desk_reports_desk_period_version UNIQUE (election_id, desk_region_kode, kind, period_start, version)",
        "CREATE UNIQUE INDEX desk_reports_one_draft ON desk_reports (election_id, desk_region_kode, kind, period_start) WHERE status = 'draft'",
        "ALTER TABLE desk_notes ADD COLUMN desk_region_kode TEXT COLLATE \"C\" REFERENCES regions (kode)",
        """
        UPDATE desk_notes n SET desk_region_kode = COALESCE((SELECT u.region_kode FROM users u WHERE u.id = n.created_by),
                                                            (SELECT e.region_kode FROM elections e WHERE e.id = n.election_id))
        """,
        "ALTER TABLE desk_notes ALTER COLUMN desk_region_kode SET NOT NULL",
        "ALTER TABLE desk_notes DROP CONSTRAINT desk_notes_election_id_agency_id_on_day_key",
        "ALTER TABLE desk_notes ADD CONSTRAINT desk_notes_desk_agency_day UNIQUE (election_id, desk_region_kode, agency_id, on_day)",
        "CREATE INDEX desk_notes_desk_day ON desk_notes (election_id, on_day, desk_region_kode)",
    ])
}

extension TPSVulnerability {
    /// The survey's indicators as first shipped (see DOMAIN.md).
    static var seedStatements: [String] {
        var position = 0
        return variables.flatMap { variable in
            variable.indicators.map { indicator in
                position += 1
                return "INSERT INTO tps_indicators (variable, variable_name, code, label, position, active) VALUES (" +
                    "'\(variable.code)', '\(variable.name)', '\(indicator.code)', '\(indicator.label)', \(position), 1)"
            }
        }
    }
}
