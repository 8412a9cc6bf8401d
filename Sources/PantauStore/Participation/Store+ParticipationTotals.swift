import Foundation
import PantauCore
import SQLKit

/// Voter figures summed per child region, with the entered totals that disagree with the sums below them.
extension Store {
    private struct SumRow: Decodable {
        var key: String; var tps: Int?; var dpt_l: Int?; var dpt_p: Int?; var voted_l: Int?; var voted_p: Int?; var dptb: Int?; var dpk: Int?
        var disabled: Int?; var valid: Int?; var invalid: Int?
        var dptb_unknown: Int?; var dpk_unknown: Int?; var disabled_unknown: Int?

        var counts: VoterCounts {
            var c = VoterCounts()
            c.dptMale = dpt_l ?? 0; c.dptFemale = dpt_p ?? 0; c.votedMale = voted_l ?? 0; c.votedFemale = voted_p ?? 0
            c.dptb = dptb ?? 0; c.dpk = dpk ?? 0; c.disabled = disabled ?? 0; c.valid = valid ?? 0; c.invalid = invalid ?? 0
            c.unknown = VoterCounts.unknown(dptb: dptb_unknown ?? 0, dpk: dpk_unknown ?? 0, disabled: disabled_unknown ?? 0)
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
                       SUM(p.dptb) AS dptb, SUM(p.dpk) AS dpk, SUM(p.disabled) AS disabled, SUM(p.valid) AS valid, SUM(p.invalid) AS invalid,
                       MAX(p.dptb_unknown) AS dptb_unknown, MAX(p.dpk_unknown) AS dpk_unknown, MAX(p.disabled_unknown) AS disabled_unknown
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
                SELECT p.region_kode AS key, NULL AS tps, p.dpt_l, p.dpt_p, p.voted_l, p.voted_p, p.dptb, p.dpk, p.disabled, p.valid, p.invalid,
                       p.dptb_unknown, p.dpk_unknown, p.disabled_unknown
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
}
