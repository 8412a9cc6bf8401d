import Foundation
import PantauCore
import SQLKit

/// Voter figures of one region (or TPS) with where they come from.
public struct ParticipationLine: Sendable {
    /// The region, or the kelurahan of a TPS.
    public var region: Region
    public var tps: Int?
    public var counts: VoterCounts
}

/// A region whose entered total disagrees with the sum of its parts.
public struct ParticipationMismatch: Sendable {
    public var region: Region
    public var entered: VoterCounts
    public var summed: VoterCounts
    public var fields: [String]
}

/// Figures of an election within a region: the total, one line per part, and the check.
public struct ParticipationView: Sendable {
    public var region: Region
    /// The finest level entered for the election (5 = TPS); totals are summed from it.
    public var baseLevel: Int?
    public var total: VoterCounts
    public var parts: [ParticipationLine]
    public var mismatches: [ParticipationMismatch]
    /// How many entered totals (above the base level) the check compared with their parts.
    public var checkedTotals: Int = 0
}

extension Store {
    static func prefixLength(_ level: Int) -> Int {
        switch level {
        case 1: 2
        case 2: 5
        case 3: 8
        default: 13
        }
    }

    /// Every region of an import lies in the election's region and the caller's, and is known.
    func requireRowRegions(_ codes: [RegionCode], election: Election, scope: RegionCode) async throws {
        for code in codes where !(code.isWithin(scope) && code.isWithin(election.region.code)) {
            throw ValidationFailure("kode_wilayah", "Wilayah \(code) di luar wilayah pemilihan atau kewenangan Anda.")
        }
        let known = try await existingRegions(codes)
        if let unknown = codes.first(where: { !known.contains($0) }) {
            throw ValidationFailure("kode_wilayah", "Kode wilayah \(unknown) tidak dikenal.")
        }
    }

    /// Stores rows of figures, replacing those already entered for the same region or TPS; every
    /// row or none.
    func saveParticipation(electionID: Int, rows: [ParticipationRow], scope: RegionCode, actor: Actor) async throws {
        let election = try await managedElection(electionID, scope: scope)
        try await requireRowRegions(rows.map(\.region), election: election, scope: scope)
        try await writeParticipation(election: election, rows: rows, actor: actor)
    }

    /// The test each region of an uploaded table must pass: in the region list, inside the
    /// election's region and the caller's (one query for the whole table).
    func importableRegion(_ table: ImportTable, election: Election, scope: RegionCode) async throws -> (RegionCode) -> Bool {
        let known = try await existingRegions(table.rows.compactMap { RegionCode($0.cells["kode_wilayah"]?.trimmingWhitespace() ?? "") })
        return { known.contains($0) && $0.isWithin(election.region.code) && $0.isWithin(scope) }
    }

    /// Writes checked rows in one transaction. The audit line records, for every region or TPS
    /// already entered, the figures the rows replaced.
    private func writeParticipation(election: Election, rows: [ParticipationRow], actor: Actor) async throws {
        let electionID = election.id
        let now = clock.now()
        try await database.write { db in
            let existing = try await Self.enteredFigures(db, electionID: electionID, regions: rows.map(\.region.rawValue))
            var changes = ChangeSet()
            for row in rows {
                let c = row.counts
                if let old = existing["\(row.region.rawValue)#\(row.tps ?? 0)"] {
                    Self.recordChanges(&changes, name: row.region.rawValue + (row.tps.map { " TPS \($0)" } ?? ""), old: old, new: c)
                }
                let level = row.tps == nil ? row.region.level.rawValue : 5
                let id = try await db.raw("""
                    INSERT INTO participation (election_id, region_kode, level, tps, dpt_l, dpt_p, voted_l, voted_p, dptb, dpk, disabled, valid, invalid, updated_at)
                    VALUES (\(bind: electionID), \(bind: row.region.rawValue), \(bind: level), \(bind: row.tps ?? 0), \(bind: c.dptMale), \(bind: c.dptFemale),
                            \(bind: c.votedMale), \(bind: c.votedFemale), \(bind: c.dptb), \(bind: c.dpk), \(bind: c.disabled), \(bind: c.valid), \(bind: c.invalid), \(bind: now))
                    ON CONFLICT (election_id, region_kode, tps) DO UPDATE SET dpt_l = excluded.dpt_l, dpt_p = excluded.dpt_p, voted_l = excluded.voted_l,
                        voted_p = excluded.voted_p, dptb = excluded.dptb, dpk = excluded.dpk, disabled = excluded.disabled, valid = excluded.valid,
                        invalid = excluded.invalid, updated_at = excluded.updated_at
                    RETURNING id
                    """).first(decodingColumn: "id", as: Int.self)!
                try await db.raw("DELETE FROM participation_votes WHERE participation_id = \(bind: id)").run()
                for (number, votes) in c.votes.sorted(by: { $0.key < $1.key }) {
                    try await db.raw("INSERT INTO participation_votes (participation_id, number, votes) VALUES (\(bind: id), \(bind: number), \(bind: votes))").run()
                }
            }
            try await audit(db, actor: actor, action: "import", entity: .participation, entityID: String(electionID), region: election.region.code,
                                 summary: "Data partisipasi \(election.name): \(rows.count) baris disimpan", changes: changes)
        }
    }

    /// The figures already entered for these regions (and their TPS), keyed "KODE#TPS" (0 for a
    /// region's own total), read inside the writing transaction 500 regions at a time.
    private static func enteredFigures(_ db: any SQLDatabase, electionID: Int, regions: [String]) async throws -> [String: VoterCounts] {
        struct Row: Decodable {
            var id: Int; var region_kode: String; var tps: Int; var dpt_l: Int; var dpt_p: Int; var voted_l: Int; var voted_p: Int
            var dptb: Int; var dpk: Int; var disabled: Int; var valid: Int; var invalid: Int
        }
        struct Vote: Decodable { var participation_id: Int; var number: Int; var votes: Int }
        let distinct = Array(Set(regions)).sorted()
        var result: [String: VoterCounts] = [:]
        for start in stride(from: 0, to: distinct.count, by: 500) {
            let chunk = Array(distinct[start..<min(start + 500, distinct.count)])
            let rows = try await db.raw("""
                SELECT id, region_kode, tps, dpt_l, dpt_p, voted_l, voted_p, dptb, dpk, disabled, valid, invalid FROM participation
                WHERE election_id = \(bind: electionID) AND region_kode IN (\(binds: chunk))
                """).all(decoding: Row.self)
            guard !rows.isEmpty else { continue }
            var votes: [Int: [Int: Int]] = [:]
            let ids = rows.map(\.id)
            for idStart in stride(from: 0, to: ids.count, by: 500) {
                let idChunk = Array(ids[idStart..<min(idStart + 500, ids.count)])
                for vote in try await db.raw("SELECT participation_id, number, votes FROM participation_votes WHERE participation_id IN (\(binds: idChunk))")
                    .all(decoding: Vote.self) {
                    votes[vote.participation_id, default: [:]][vote.number] = vote.votes
                }
            }
            for row in rows {
                var counts = VoterCounts()
                (counts.dptMale, counts.dptFemale, counts.votedMale, counts.votedFemale) = (row.dpt_l, row.dpt_p, row.voted_l, row.voted_p)
                (counts.dptb, counts.dpk, counts.disabled, counts.valid, counts.invalid) = (row.dptb, row.dpk, row.disabled, row.valid, row.invalid)
                counts.votes = votes[row.id] ?? [:]
                result["\(row.region_kode)#\(row.tps)"] = counts
            }
        }
        return result
    }

    /// Each figure that differs, named by the import's column.
    private static func recordChanges(_ changes: inout ChangeSet, name: String, old: VoterCounts, new: VoterCounts) {
        let fields: [(String, KeyPath<VoterCounts, Int>)] = [
            ("dpt_l", \.dptMale), ("dpt_p", \.dptFemale), ("memilih_l", \.votedMale), ("memilih_p", \.votedFemale), ("dptb", \.dptb),
            ("dpk", \.dpk), ("disabilitas", \.disabled), ("suara_sah", \.valid), ("suara_tidak_sah", \.invalid),
        ]
        for (column, path) in fields { changes.record("\(name) \(column)", old[keyPath: path], new[keyPath: path]) }
        for number in Set(old.votes.keys).union(new.votes.keys).sorted() {
            changes.record("\(name) paslon_\(number)", old.votes[number], new.votes[number])
        }
    }

    /// Checks a whole table of figures (CSV upload or API rows) against the election's candidates
    /// and regions, then stores every row; with any bad row nothing is stored and `ImportRejected`
    /// lists every problem. Returns the number of rows stored.
    @discardableResult
    func importParticipation(electionID: Int, table: ImportTable, scope: RegionCode, actor: Actor) async throws -> Int {
        let election = try await managedElection(electionID, scope: scope)
        let candidates = Set(try await candidates(of: electionID).map(\.number))
        let rows = try ParticipationRow.parse(table, candidates: candidates, isRegionInScope: try await importableRegion(table, election: election, scope: scope)).get()
        try await writeParticipation(election: election, rows: rows, actor: actor)
        return rows.count
    }

    /// Of the given codes, those in the region list.
    func existingRegions(_ codes: [RegionCode]) async throws -> Set<RegionCode> {
        Set(try await regionNames(codes.map(\.rawValue)).keys.compactMap(RegionCode.init))
    }

    private struct SumRow: Decodable {
        var key: String; var tps: Int?; var dpt_l: Int?; var dpt_p: Int?; var voted_l: Int?; var voted_p: Int?; var dptb: Int?; var dpk: Int?
        var disabled: Int?; var valid: Int?; var invalid: Int?

        var counts: VoterCounts {
            var c = VoterCounts()
            c.dptMale = dpt_l ?? 0; c.dptFemale = dpt_p ?? 0; c.votedMale = voted_l ?? 0; c.votedFemale = voted_p ?? 0
            c.dptb = dptb ?? 0; c.dpk = dpk ?? 0; c.disabled = disabled ?? 0; c.valid = valid ?? 0; c.invalid = invalid ?? 0
            return c
        }
    }

    private struct VoteSum: Decodable { var key: String; var tps: Int?; var number: Int; var votes: Int }

    /// How the base-level rows are grouped when summed.
    private enum Grouping {
        /// One sum for everything.
        case all
        /// By the first `n` characters of the region code (the ancestor at that level).
        case prefix(Int)
        /// One line per TPS.
        case station

        var key: SQLQueryString {
            switch self {
            case .all: "'total'"
            case .prefix(let length): "SUBSTR(p.region_kode, 1, \(literal: length))"
            case .station: "p.region_kode"
            }
        }

        /// PostgreSQL refuses a string constant in GROUP BY, so the grand total has none.
        var groupBy: SQLQueryString {
            switch self {
            case .all: ""
            case .prefix(let length): "GROUP BY SUBSTR(p.region_kode, 1, \(literal: length))"
            case .station: "GROUP BY p.region_kode, p.tps"
            }
        }
    }

    /// Sums of the base-level rows inside `region`, keyed "code#tps" (tps 0 for regions), with the
    /// votes per candidate. Summed in the database: a kab/kota has about a thousand TPS rows.
    private func sums(electionID: Int, region: RegionCode, baseLevel: Int, grouping: Grouping) async throws -> [String: (tps: Int?, counts: VoterCounts)] {
        let key = grouping.key, groupBy = grouping.groupBy
        let tps: SQLQueryString
        if case .station = grouping { tps = "p.tps" } else { tps = "NULL" }
        let base: SQLQueryString = "p.election_id = \(bind: electionID) AND p.level = \(bind: baseLevel) AND \(SQLQueryString.within("p.region_kode", region))"
        let voteGroup: SQLQueryString
        switch grouping {
        case .all: voteGroup = "GROUP BY v.number"
        case .prefix(let length): voteGroup = "GROUP BY SUBSTR(p.region_kode, 1, \(literal: length)), v.number"
        case .station: voteGroup = "GROUP BY p.region_kode, p.tps, v.number"
        }
        let (rows, votes) = try await database.read { db in
            let rows = try await db.raw("""
                SELECT \(key) AS key, \(tps) AS tps, SUM(p.dpt_l) AS dpt_l, SUM(p.dpt_p) AS dpt_p, SUM(p.voted_l) AS voted_l, SUM(p.voted_p) AS voted_p,
                       SUM(p.dptb) AS dptb, SUM(p.dpk) AS dpk, SUM(p.disabled) AS disabled, SUM(p.valid) AS valid, SUM(p.invalid) AS invalid
                FROM participation p WHERE \(base) \(groupBy)
                """).all(decoding: SumRow.self)
            let votes = try await db.raw("""
                SELECT \(key) AS key, \(tps) AS tps, v.number, SUM(v.votes) AS votes FROM participation p JOIN participation_votes v ON v.participation_id = p.id
                WHERE \(base) \(voteGroup)
                """).all(decoding: VoteSum.self)
            return (rows, votes)
        }
        var result: [String: (tps: Int?, counts: VoterCounts)] = [:]
        for row in rows where row.dpt_l != nil { result[row.key + "#" + String(row.tps ?? 0)] = (row.tps, row.counts) }
        for vote in votes { result[vote.key + "#" + String(vote.tps ?? 0)]?.counts.votes[vote.number] = vote.votes }
        return result
    }

    /// The figures of `electionID` inside `region` (which must lie in the caller's scope, in an
    /// election the caller can see): total, one line per child region (per TPS inside a
    /// kelurahan), and every region whose entered total differs from the sum of the finest-level
    /// rows inside it.
    func participation(electionID: Int, region: RegionCode, scope: RegionCode) async throws -> ParticipationView {
        guard try await election(electionID, scope: scope) != nil else { throw NotFound("pemilihan") }
        guard region.isWithin(scope), let place = try await self.region(region) else { throw NotFound("wilayah") }
        let baseLevel = try await database.read { db in
            try await db.raw("SELECT MAX(level) AS level FROM participation WHERE election_id = \(bind: electionID) AND \(SQLQueryString.within("region_kode", region))")
                .first(decodingColumn: "level", as: Int?.self) ?? nil
        }
        guard let baseLevel else { return ParticipationView(region: place, baseLevel: nil, total: VoterCounts(), parts: [], mismatches: []) }
        let total = try await sums(electionID: electionID, region: region, baseLevel: baseLevel, grouping: .all).values.first?.counts ?? VoterCounts()
        var parts: [ParticipationLine] = []
        let childLevel = region.level.rawValue + 1
        if childLevel <= baseLevel {
            let grouped = try await sums(electionID: electionID, region: region, baseLevel: baseLevel,
                                         grouping: childLevel == 5 ? .station : .prefix(Self.prefixLength(childLevel)))
            let names = try await regionNames(grouped.keys.map { String($0.split(separator: "#")[0]) })
            parts = grouped.compactMap { key, value in
                let code = String(key.split(separator: "#")[0])
                guard let regionCode = RegionCode(code) else { return nil }
                return ParticipationLine(region: Region(code: regionCode, name: names[code] ?? code), tps: value.tps, counts: value.counts)
            }.sorted { ($0.region.code.rawValue, $0.tps ?? 0) < ($1.region.code.rawValue, $1.tps ?? 0) }
        }
        let check = try await mismatches(electionID: electionID, region: region, baseLevel: baseLevel)
        return ParticipationView(region: place, baseLevel: baseLevel, total: total, parts: parts, mismatches: check.found, checkedTotals: check.checked)
    }

    /// Entered totals above the base level, compared with the sums of the base rows inside them.
    private func mismatches(electionID: Int, region: RegionCode, baseLevel: Int) async throws -> (found: [ParticipationMismatch], checked: Int) {
        let (entered, votes) = try await database.read { db in
            let entered = try await db.raw("""
                SELECT p.region_kode AS key, NULL AS tps, p.dpt_l, p.dpt_p, p.voted_l, p.voted_p, p.dptb, p.dpk, p.disabled, p.valid, p.invalid
                FROM participation p WHERE p.election_id = \(bind: electionID) AND p.level < \(bind: baseLevel) AND \(SQLQueryString.within("p.region_kode", region))
                ORDER BY p.region_kode LIMIT 500
                """).all(decoding: SumRow.self)
            let votes = try await db.raw("""
                SELECT p.region_kode AS key, NULL AS tps, v.number, v.votes FROM participation p JOIN participation_votes v ON v.participation_id = p.id
                WHERE p.election_id = \(bind: electionID) AND p.level < \(bind: baseLevel) AND \(SQLQueryString.within("p.region_kode", region))
                """).all(decoding: VoteSum.self)
            return (entered, votes)
        }
        guard !entered.isEmpty else { return ([], 0) }
        let names = try await regionNames(entered.map(\.key))
        // The sums of the base rows under every region of each level that has an entered total.
        var summedByRegion: [String: VoterCounts] = [:]
        for level in Set(entered.compactMap { RegionCode($0.key)?.level.rawValue }) {
            for (key, value) in try await sums(electionID: electionID, region: region, baseLevel: baseLevel, grouping: .prefix(Self.prefixLength(level))) {
                summedByRegion[String(key.split(separator: "#")[0])] = value.counts
            }
        }
        var found: [ParticipationMismatch] = []
        for row in entered {
            guard let code = RegionCode(row.key) else { continue }
            var counts = row.counts
            for vote in votes where vote.key == row.key { counts.votes[vote.number] = vote.votes }
            let summed = summedByRegion[row.key] ?? VoterCounts()
            // A total entered without votes per pair is compared on the other figures only.
            var comparable = summed
            if counts.votes.isEmpty { comparable.votes = [:] }
            let fields = counts.differences(from: comparable)
            if !fields.isEmpty { found.append(ParticipationMismatch(region: Region(code: code, name: names[row.key] ?? row.key), entered: counts, summed: summed, fields: fields)) }
        }
        return (found, entered.count)
    }

    /// The names of the given codes that are in the region list, asked 500 at a time so that a
    /// whole import stays within the databases' limits on bound parameters.
    func regionNames(_ codes: [String]) async throws -> [String: String] {
        struct Row: Decodable { var kode: String; var nama: String }
        let distinct = Array(Set(codes))
        var names: [String: String] = [:]
        for start in stride(from: 0, to: distinct.count, by: 500) {
            let chunk = Array(distinct[start..<min(start + 500, distinct.count)])
            let rows = try await database.read { db in
                try await db.raw("SELECT kode, nama FROM regions WHERE kode IN (\(binds: chunk))").all(decoding: Row.self)
            }
            for row in rows { names[row.kode] = row.nama }
        }
        return names
    }
}
