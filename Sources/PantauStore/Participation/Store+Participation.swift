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
                    INSERT INTO participation (election_id, region_kode, level, tps, dpt_l, dpt_p, voted_l, voted_p, dptb, dpk, disabled, valid, invalid, updated_at,
                                               dptb_unknown, dpk_unknown, disabled_unknown)
                    VALUES (\(bind: electionID), \(bind: row.region.rawValue), \(bind: level), \(bind: row.tps ?? 0), \(bind: c.dptMale), \(bind: c.dptFemale),
                            \(bind: c.votedMale), \(bind: c.votedFemale), \(bind: c.dptb), \(bind: c.dpk), \(bind: c.disabled), \(bind: c.valid), \(bind: c.invalid), \(bind: now),
                            \(bind: c.isKnown(.dptb) ? 0 : 1), \(bind: c.isKnown(.dpk) ? 0 : 1), \(bind: c.isKnown(.disabled) ? 0 : 1))
                    ON CONFLICT (election_id, region_kode, tps) DO UPDATE SET dpt_l = excluded.dpt_l, dpt_p = excluded.dpt_p, voted_l = excluded.voted_l,
                        voted_p = excluded.voted_p, dptb = excluded.dptb, dpk = excluded.dpk, disabled = excluded.disabled, valid = excluded.valid,
                        invalid = excluded.invalid, updated_at = excluded.updated_at, dptb_unknown = excluded.dptb_unknown, dpk_unknown = excluded.dpk_unknown,
                        disabled_unknown = excluded.disabled_unknown
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
            var dptb_unknown: Int; var dpk_unknown: Int; var disabled_unknown: Int
        }
        struct Vote: Decodable { var participation_id: Int; var number: Int; var votes: Int }
        let distinct = Array(Set(regions)).sorted()
        var result: [String: VoterCounts] = [:]
        for start in stride(from: 0, to: distinct.count, by: 500) {
            let chunk = Array(distinct[start..<min(start + 500, distinct.count)])
            let rows = try await db.raw("""
                SELECT id, region_kode, tps, dpt_l, dpt_p, voted_l, voted_p, dptb, dpk, disabled, valid, invalid, dptb_unknown, dpk_unknown, disabled_unknown
                FROM participation WHERE election_id = \(bind: electionID) AND region_kode IN (\(binds: chunk))
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
                counts.unknown = VoterCounts.unknown(dptb: row.dptb_unknown, dpk: row.dpk_unknown, disabled: row.disabled_unknown)
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

    /// The names of these regions by code, 500 at a time (regions are public reference data).
    public func regionNames(_ codes: [String]) async throws -> [String: String] {
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
