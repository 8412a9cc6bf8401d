import Foundation
import PantauCore
import SQLKit

public struct Election: Sendable, Equatable {
    public var id: Int
    public var type: ElectionType
    public var name: String
    public var region: Region
    public var votingDay: LocalDate

    /// Days from `today` to voting day (negative after it).
    public func daysToVoting(from today: LocalDate) -> Int { votingDay.dayNumber - today.dayNumber }
}

public struct ElectionStage: Sendable, Equatable {
    public var id: Int
    public var position: Int
    public var plan: StagePlan
}

public struct Candidate: Sendable, Equatable {
    public var id: Int
    public var number: Int
    public var head: String
    public var deputy: String?
    public var parties: [String]

    public var names: String { deputy.map { "\(head) – \($0)" } ?? head }
}

extension Store {
    private struct ElectionRow: Decodable, StoredRow {
        var rowID: Int { id }
        var record: Election? { election }
        var id: Int; var type: String; var name: String; var region_kode: String; var region_name: String; var voting_day: String
        var election: Election? {
            guard let type = ElectionType(rawValue: type), let code = RegionCode(region_kode), let day = LocalDate(voting_day) else { return nil }
            return Election(id: id, type: type, name: name, region: Region(code: code, name: region_name), votingDay: day)
        }
    }

    /// Elections a jurisdiction follows: those inside it and those covering it (a kota desk follows
    /// its province's governor election too).
    static func electionVisible(_ column: String, _ scope: RegionCode) -> SQLQueryString {
        let covering = ([scope] + scope.ancestors).map(\.rawValue)
        return "(\(SQLQueryString.within(column, scope)) OR \(unsafeRaw: column) IN (\(binds: covering)))"
    }

    func elections(scope: RegionCode) async throws -> [Election] {
        known(try await database.read { db in
            try await db.raw("""
                SELECT e.id, e.type, e.name, e.region_kode, g.nama AS region_name, e.voting_day FROM elections e JOIN regions g ON g.kode = e.region_kode
                WHERE \(Self.electionVisible("e.region_kode", scope)) ORDER BY e.voting_day DESC, e.id DESC LIMIT 200
                """).all(decoding: ElectionRow.self)
        }, table: "elections")
    }

    func election(_ id: Int, scope: RegionCode) async throws -> Election? {
        known(try await database.read { db in
            try await db.raw("""
                SELECT e.id, e.type, e.name, e.region_kode, g.nama AS region_name, e.voting_day FROM elections e JOIN regions g ON g.kode = e.region_kode
                WHERE e.id = \(bind: id) AND \(Self.electionVisible("e.region_kode", scope))
                """).first(decoding: ElectionRow.self)
        }, table: "elections")
    }

    /// An election the caller may change: its region must lie in the caller's jurisdiction.
    func managedElection(_ id: Int, scope: RegionCode) async throws -> Election {
        guard let election = try await election(id, scope: scope) else { throw NotFound("pemilihan") }
        guard election.region.code.isWithin(scope) else {
            throw WorkflowRefused(message: "Pemilihan \(election.name) diatur oleh wilayah \(election.region.name); Anda hanya dapat melihatnya.", forbidden: true)
        }
        return election
    }

    /// Creates an election, copying the stages of a template shifted to its voting day.
    func createElection(_ input: ElectionInput, template: ElectionTemplate?, scope: RegionCode, actor: Actor) async throws -> Election {
        try await requireRegion(input.region, scope: scope, field: "kode_wilayah")
        let now = clock.now()
        let id = try await database.write { db -> Int in
            let id = try await db.raw("""
                INSERT INTO elections (type, name, region_kode, voting_day, created_by, created_at, updated_at)
                VALUES (\(bind: input.type.rawValue), \(bind: input.name), \(bind: input.region.rawValue), \(bind: input.votingDay.description),
                        \(bind: actor.userID), \(bind: now), \(bind: now)) RETURNING id
                """).first(decodingColumn: "id", as: Int.self)!
            for (position, stage) in (template?.stages(forVotingDay: input.votingDay) ?? []).enumerated() {
                try await db.raw("""
                    INSERT INTO election_stages (election_id, position, name, starts_on, ends_on)
                    VALUES (\(bind: id), \(bind: position + 1), \(bind: stage.name), \(bind: stage.start.description), \(bind: stage.end.description))
                    """).run()
            }
            try await audit(db, actor: actor, action: "create", entity: .election, entityID: String(id), region: input.region,
                                 summary: "Pemilihan \"\(input.name)\" dibuat" + (template.map { " dari templat \($0.name)" } ?? ""))
            return id
        }
        return try await election(id, scope: .national)!
    }

    func updateElection(_ id: Int, _ input: ElectionInput, scope: RegionCode, actor: Actor) async throws {
        let old = try await managedElection(id, scope: scope)
        try await requireRegion(input.region, scope: scope, field: "kode_wilayah")
        var changes = ChangeSet()
        changes.record("nama", old.name, input.name)
        changes.record("jenis", old.type.rawValue, input.type.rawValue)
        changes.record("wilayah", old.region.code.rawValue, input.region.rawValue)
        changes.record("hari_pemungutan", old.votingDay.description, input.votingDay.description)
        guard !changes.isEmpty else { return }
        let recorded = changes
        try await database.write { db in
            try await db.raw("""
                UPDATE elections SET type = \(bind: input.type.rawValue), name = \(bind: input.name), region_kode = \(bind: input.region.rawValue),
                voting_day = \(bind: input.votingDay.description), updated_at = \(bind: clock.now()) WHERE id = \(bind: id)
                """).run()
            try await audit(db, actor: actor, action: "update", entity: .election, entityID: String(id), region: input.region,
                                 summary: "Pemilihan \"\(input.name)\" diubah", changes: recorded)
        }
    }

    func stages(of electionID: Int) async throws -> [ElectionStage] {
        struct Row: Decodable { var id: Int; var position: Int; var name: String; var starts_on: String; var ends_on: String }
        return try await database.read { db in
            try await db.raw("SELECT id, position, name, starts_on, ends_on FROM election_stages WHERE election_id = \(bind: electionID) ORDER BY position, id")
                .all(decoding: Row.self)
        }.compactMap { row in
            guard let start = LocalDate(row.starts_on), let end = LocalDate(row.ends_on) else { return nil }
            return ElectionStage(id: row.id, position: row.position, plan: StagePlan(row.name, start, end))
        }
    }

    /// Adds a stage (no `stageID`) or changes one of the election's stages.
    func saveStage(electionID: Int, stageID: Int?, _ plan: StagePlan, scope: RegionCode, actor: Actor) async throws {
        let election = try await managedElection(electionID, scope: scope)
        let existing = try await stages(of: electionID)
        try await database.write { db in
            if let stageID {
                guard let old = existing.first(where: { $0.id == stageID }) else { throw NotFound("tahapan") }
                var changes = ChangeSet()
                changes.record("nama", old.plan.name, plan.name)
                changes.record("mulai", old.plan.start.description, plan.start.description)
                changes.record("selesai", old.plan.end.description, plan.end.description)
                guard !changes.isEmpty else { return }
                try await db.raw("""
                    UPDATE election_stages SET name = \(bind: plan.name), starts_on = \(bind: plan.start.description), ends_on = \(bind: plan.end.description)
                    WHERE id = \(bind: stageID) AND election_id = \(bind: electionID)
                    """).run()
                try await audit(db, actor: actor, action: "update", entity: .election, entityID: String(electionID), region: election.region.code,
                                     summary: "Tahapan \"\(plan.name)\" pada \(election.name) diubah", changes: changes)
            } else {
                try await db.raw("""
                    INSERT INTO election_stages (election_id, position, name, starts_on, ends_on)
                    VALUES (\(bind: electionID), \(bind: (existing.map(\.position).max() ?? 0) + 1), \(bind: plan.name), \(bind: plan.start.description), \(bind: plan.end.description))
                    """).run()
                try await audit(db, actor: actor, action: "create", entity: .election, entityID: String(electionID), region: election.region.code,
                                     summary: "Tahapan \"\(plan.name)\" (\(plan.start) s.d. \(plan.end)) ditambahkan pada \(election.name)")
            }
        }
    }

    func candidates(of electionID: Int) async throws -> [Candidate] {
        struct Row: Decodable { var id: Int; var number: Int; var head: String; var deputy: String?; var parties: String? }
        return try await database.read { db in
            try await db.raw("SELECT id, number, head, deputy, parties FROM election_candidates WHERE election_id = \(bind: electionID) ORDER BY number")
                .all(decoding: Row.self)
        }.map { Candidate(id: $0.id, number: $0.number, head: $0.head, deputy: $0.deputy,
                          parties: ($0.parties ?? "").split(separator: "\n").map(String.init)) }
    }

    /// Adds a candidate pair or replaces the pair with the same number.
    func saveCandidate(electionID: Int, _ input: CandidateInput, scope: RegionCode, actor: Actor) async throws {
        let election = try await managedElection(electionID, scope: scope)
        let parties = input.parties.isEmpty ? nil : input.parties.joined(separator: "\n")
        let existing = try await candidates(of: electionID).first { $0.number == input.number }
        try await database.write { db in
            if let existing {
                var changes = ChangeSet()
                changes.record("calon", existing.head, input.head)
                changes.record("wakil", existing.deputy, input.deputy)
                changes.record("partai", existing.parties.joined(separator: ", "), input.parties.joined(separator: ", "))
                guard !changes.isEmpty else { return }
                try await db.raw("""
                    UPDATE election_candidates SET head = \(bind: input.head), deputy = \(bind: input.deputy), parties = \(bind: parties) WHERE id = \(bind: existing.id)
                    """).run()
                try await audit(db, actor: actor, action: "update", entity: .election, entityID: String(electionID), region: election.region.code,
                                     summary: "Paslon nomor \(input.number) pada \(election.name) diubah", changes: changes)
            } else {
                try await db.raw("""
                    INSERT INTO election_candidates (election_id, number, head, deputy, parties)
                    VALUES (\(bind: electionID), \(bind: input.number), \(bind: input.head), \(bind: input.deputy), \(bind: parties))
                    """).run()
                try await audit(db, actor: actor, action: "create", entity: .election, entityID: String(electionID), region: election.region.code,
                                     summary: "Paslon nomor \(input.number) (\(input.head)) ditambahkan pada \(election.name)")
            }
        }
    }
}
