import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

@Suite("Elections, problems and desk reports in the store")
struct ElectionStoreTests {
    static let city = RegionCode("36.73")!

    func principal(_ store: Store, _ username: String, role: Role = .analyst, region: String = "36.73") async throws -> Principal {
        let code = RegionCode(region)!
        let agency = try #require(try await store.defaultAgency(for: code))
        let user = try await store.createUser(username: username, input: UserInput(displayName: username, role: role, jurisdiction: code, agencyID: agency.id),
                                              passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
        return Principal(userID: user.id, username: username, displayName: username, role: role, jurisdiction: code, agencyID: agency.id)
    }

    func election(_ store: Store) async throws -> Election {
        try await store.createElection(ElectionInput(type: .regent, name: "Pilwalkot Serang 2024", region: Self.city, votingDay: LocalDate("2024-11-27")!),
                                       template: .pilkada2024, scope: .national, actor: .console("test"))
    }

    @Test("an election copies its template and is seen inside and below its region, changed only by those above it", arguments: TestBackend.available)
    func electionsAndScope(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let stages = try await store.stages(of: election.id)
            #expect(stages.count == ElectionTemplate.pilkada2024.stages.count)
            #expect(stages.first { $0.plan.name == "Masa tenang" }?.plan.start == LocalDate("2024-11-24"))
            #expect(try await store.elections(scope: RegionCode("36.73.01")!).map(\.id) == [election.id])
            #expect(try await store.elections(scope: RegionCode("36")!).map(\.id) == [election.id])
            #expect(try await store.elections(scope: RegionCode("64")!).isEmpty)
            #expect(try await store.election(election.id, scope: RegionCode("64")!) == nil)
            await #expect(throws: WorkflowRefused.self) {
                try await store.saveStage(electionID: election.id, stageID: stages[0].id, StagePlan("X", LocalDate("2024-01-01")!, LocalDate("2024-01-02")!),
                                          scope: RegionCode("36.73.01")!, actor: .console("test"))
            }
            try await store.saveStage(electionID: election.id, stageID: stages[0].id, StagePlan("Pendaftaran pemantau", LocalDate("2024-03-01")!, LocalDate("2024-11-16")!),
                                      scope: Self.city, actor: .console("test"))
            #expect(try await store.stages(of: election.id)[0].plan.start == LocalDate("2024-03-01"))
            try await store.saveCandidate(electionID: election.id, CandidateInput(number: 1, head: "A", deputy: "B", parties: ["P1", "P2"]), scope: Self.city, actor: .console("t"))
            try await store.saveCandidate(electionID: election.id, CandidateInput(number: 1, head: "A2", deputy: nil, parties: []), scope: Self.city, actor: .console("t"))
            let candidates = try await store.candidates(of: election.id)
            #expect(candidates.count == 1 && candidates[0].head == "A2" && candidates[0].parties.isEmpty)
        }
    }

    @Test("problems stay inside the election and the caller's area, move forward only, and refuse a stale move", arguments: TestBackend.available)
    func problems(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let analyst = try await principal(store, "analis")
            let district = try await principal(store, "camat", role: .monitor, region: "36.73.02")
            let stage = try await store.stages(of: election.id).first { $0.plan.name == "Kampanye" }!
            func input(_ region: String, reports: String? = nil) throws -> ProblemInput {
                try ProblemInput.validate(title: "APK di fasilitas umum", description: "x", category: "perusakan", stage: String(stage.id), region: region,
                                          reportedBy: nil, anticipation: "Penertiban", responsible: nil, due: "2024-11-20", reports: reports)
            }
            let problem = try await store.createProblem(electionID: election.id, try input("36.73.01"), principal: analyst, actor: .console("t"))
            #expect(problem.status == .identified && problem.stageName == "Kampanye")
            _ = try await store.createProblem(electionID: election.id, try input("36.73.02.1001"), principal: district, actor: .console("t"))
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.createProblem(electionID: election.id, try input("36.74"), principal: analyst, actor: .console("t"))
            }
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.createProblem(electionID: election.id, try input("36.73.01"), principal: district, actor: .console("t"))
            }
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.createProblem(electionID: election.id, try input("36.73.01", reports: "999999"), principal: analyst, actor: .console("t"))
            }
            #expect(try await store.problems(electionID: election.id, scope: Self.city, filter: ProblemFilter()).items.count == 2)
            let inKasemen = try await store.problems(electionID: election.id, scope: RegionCode("36.73.02")!, filter: ProblemFilter()).items
            #expect(inKasemen.map(\.region.code.rawValue) == ["36.73.02.1001"])
            var filter = ProblemFilter()
            filter.region = RegionCode("36.73.01")
            #expect(try await store.problems(electionID: election.id, scope: Self.city, filter: filter).items.map(\.id) == [problem.id])
            try await store.moveProblem(problem.id, electionID: election.id, to: .anticipated, note: "rapat", principal: analyst, actor: .console("t"))
            await #expect(throws: WorkflowRefused.self) {
                try await store.moveProblem(problem.id, electionID: election.id, to: .identified, note: nil, principal: analyst, actor: .console("t"))
            }
            try await store.moveProblem(problem.id, electionID: election.id, to: .resolved, note: nil, principal: analyst, actor: .console("t"))
            filter = ProblemFilter()
            filter.statuses = [.resolved]
            #expect(try await store.problems(electionID: election.id, scope: Self.city, filter: filter).items.map(\.id) == [problem.id])
            #expect(try await store.problemEvents(problem.id).map(\.toStatus) == ["teridentifikasi", "diantisipasi", "selesai"])
        }
    }

    @Test("a final desk report never changes, not even by SQL; a correction is a new version", arguments: TestBackend.available)
    func deskReports(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let analyst = try await principal(store, "sekretaris")
            try await store.saveDeskNote(electionID: election.id, day: LocalDate("2024-11-26")!, note: "Patroli masa tenang.", principal: analyst, actor: .console("t"))
            let draft = try await store.openDeskReport(electionID: election.id, kind: .daily, date: LocalDate("2024-11-26")!, principal: analyst, actor: .console("t"))
            #expect(draft.version == 1 && draft.status == .draft)
            #expect(draft.content.stages.contains { $0.name == "Masa tenang" && $0.state == StageState.running.label })
            #expect(draft.content.notes.map(\.note) == ["Patroli masa tenang."])
            #expect(draft.content.daysToVoting == 1)
            let again = try await store.openDeskReport(electionID: election.id, kind: .daily, date: LocalDate("2024-11-26")!, principal: analyst, actor: .console("t"))
            #expect(again.id == draft.id)
            try await store.editDeskReport(draft.id, electionID: election.id, narrative: "Situasi kondusif.", recompile: true, principal: analyst, actor: .console("t"))
            try await store.finaliseDeskReport(draft.id, electionID: election.id, principal: analyst, actor: .console("t"))
            await #expect(throws: WorkflowRefused.self) {
                try await store.editDeskReport(draft.id, electionID: election.id, narrative: "Diubah", recompile: false, principal: analyst, actor: .console("t"))
            }
            let update = await #expect(throws: (any Error).self) {
                try await store.database.write { db in try await db.raw("UPDATE desk_reports SET narrative = 'diubah diam-diam' WHERE id = \(bind: draft.id)").run() }
            }
            #expect(databaseMessage(update).contains("desk report is final"), "\(databaseMessage(update))")
            let delete = await #expect(throws: (any Error).self) {
                try await store.database.write { db in try await db.raw("DELETE FROM desk_reports WHERE id = \(bind: draft.id)").run() }
            }
            #expect(databaseMessage(delete).contains("desk report is final"), "\(databaseMessage(delete))")
            let final = try #require(try await store.deskReport(draft.id, electionID: election.id, scope: Self.city))
            #expect(final.status == .final && final.narrative == "Situasi kondusif." && final.finalisedAt != nil)
            let correction = try await store.openDeskReport(electionID: election.id, kind: .daily, date: LocalDate("2024-11-26")!, principal: analyst, actor: .console("t"))
            #expect(correction.id != draft.id && correction.version == 2 && correction.narrative == "Situasi kondusif.")
        }
    }
}

@Suite("The election and participation repositories keep to their scope")
struct ElectionRepositoryTests {
    @Test("the province, the kota, a neighbour kota, another province and a kecamatan each reach exactly their part of an election", arguments: TestBackend.available)
    func everyLevel(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let suite = ElectionStoreTests()
            let analyst = try await suite.principal(store, "analis")
            let district = try await suite.principal(store, "camat", role: .monitor, region: "36.73.02")
            func elsewhere(_ region: String) -> Scope {
                Scope(Principal(userID: analyst.userID, username: "luar", displayName: "Luar", role: .analyst, jurisdiction: RegionCode(region)!, agencyID: analyst.agencyID))
            }
            let (city, province, kecamatan) = (Scope(analyst), elsewhere("36"), Scope(district))
            let (neighbour, otherProvince) = (elsewhere("36.71"), elsewhere("64"))
            let election = try await store.elections(city).create(ElectionInput(type: .regent, name: "Pilwalkot Serang 2024", region: ElectionStoreTests.city,
                                                                                votingDay: LocalDate("2024-11-27")!), template: .pilkada2024, actor: .console("t"))
            try await store.elections(city).saveCandidate(of: election.id, CandidateInput(number: 1, head: "A", deputy: "B", parties: []), actor: .console("t"))
            let stage = try #require(try await store.elections(city).stages(of: election.id).first { $0.plan.name == "Kampanye" })
            let problem = try await store.elections(city).createProblem(in: election.id, try ProblemInput.validate(
                title: "APK di fasilitas umum", description: "x", category: "perusakan", stage: String(stage.id), region: "36.73.01",
                reportedBy: nil, anticipation: nil, responsible: nil, due: nil, reports: nil), actor: .console("t"))
            try await store.elections(city).saveDeskNote(in: election.id, day: LocalDate("2024-11-26")!, note: "Patroli.", actor: .console("t"))
            let report = try await store.elections(city).openDeskReport(in: election.id, kind: .daily, date: LocalDate("2024-11-26")!, actor: .console("t"))
            try await store.participation(city).importStations(into: election.id, rows: [
                PollingStationRow(region: RegionCode("36.73.01.1001")!, number: 1, address: "Balai warga", dpt: 300, location: nil),
            ], actor: .console("t"))
            let station = try #require(try await store.participation(city).stations(of: election.id, in: ElectionStoreTests.city).items.first)
            let days = (LocalDate("2024-11-20")!, LocalDate("2024-11-30")!)

            for scope in [city, province] {
                let elections = store.elections(scope)
                #expect(try await elections.list().map(\.id) == [election.id])
                #expect(try await elections.stages(of: election.id).count == ElectionTemplate.pilkada2024.stages.count)
                #expect(try await elections.candidates(of: election.id).count == 1)
                #expect(try await elections.problems(of: election.id, filter: ProblemFilter()).items.map(\.id) == [problem.id])
                #expect(try await elections.problemEvents(problem.id, of: election.id).count >= 1)
                #expect(try await elections.deskNotes(of: election.id, from: days.0, through: days.1).count == 1)
                #expect(try await elections.deskReport(report.id, of: election.id)?.id == report.id)
                #expect(try await store.participation(scope).station(station.id, of: election.id) != nil)
            }
            // The kecamatan sees the election that covers it, but neither a problem of another
            // kecamatan, nor the kota desk's notes and reports, nor a TPS outside its area.
            let below = store.elections(kecamatan)
            #expect(try await below.election(election.id) != nil)
            #expect(try await below.stages(of: election.id).count == ElectionTemplate.pilkada2024.stages.count)
            #expect(try await below.problems(of: election.id, filter: ProblemFilter()).items.isEmpty)
            #expect(try await below.problem(problem.id, of: election.id) == nil)
            #expect(try await below.problemEvents(problem.id, of: election.id).isEmpty)
            #expect(try await below.deskNotes(of: election.id, from: days.0, through: days.1).isEmpty)
            #expect(try await below.deskReport(report.id, of: election.id) == nil)
            #expect(try await store.participation(kecamatan).station(station.id, of: election.id) == nil)
            await #expect(throws: NotFound.self) { _ = try await store.participation(kecamatan).stations(of: election.id, in: RegionCode("36.73.01")!) }
            await #expect(throws: WorkflowRefused.self) {
                try await below.saveCandidate(of: election.id, CandidateInput(number: 2, head: "C", deputy: nil, parties: []), actor: .console("t"))
            }
            // A neighbour kota and another province reach nothing of it, and change nothing.
            for scope in [neighbour, otherProvince] {
                let elections = store.elections(scope)
                #expect(try await elections.list().isEmpty)
                #expect(try await elections.election(election.id) == nil)
                #expect(try await elections.stages(of: election.id).isEmpty)
                #expect(try await elections.candidates(of: election.id).isEmpty)
                #expect(try await elections.problems(of: election.id, filter: ProblemFilter()).items.isEmpty)
                #expect(try await elections.problemEvents(problem.id, of: election.id).isEmpty)
                #expect(try await elections.deskNotes(of: election.id, from: days.0, through: days.1).isEmpty)
                #expect(try await elections.deskReports(of: election.id).items.isEmpty)
                #expect(try await elections.deskReport(report.id, of: election.id) == nil)
                #expect(try await store.participation(scope).station(station.id, of: election.id) == nil)
                await #expect(throws: NotFound.self) { _ = try await store.participation(scope).stations(of: election.id, in: ElectionStoreTests.city) }
                await #expect(throws: (any Error).self) {
                    try await elections.saveCandidate(of: election.id, CandidateInput(number: 1, head: "Diganti", deputy: nil, parties: []), actor: .console("t"))
                }
                await #expect(throws: (any Error).self) {
                    try await elections.saveStage(of: election.id, stageID: stage.id, StagePlan("Diganti", LocalDate("2024-01-01")!, LocalDate("2024-01-02")!), actor: .console("t"))
                }
                await #expect(throws: (any Error).self) {
                    try await store.participation(scope).recordFindings(at: station.id, of: election.id, indicators: [], actor: .console("t"))
                }
            }
            #expect(try await store.elections(city).candidates(of: election.id).map(\.head) == ["A"])
            #expect(try await store.elections(city).stages(of: election.id).contains { $0.id == stage.id && $0.plan.name == "Kampanye" })
        }
    }
}

@Suite("Migration 10: desk regions")
struct DeskMigrationTests {
    @Test("existing desk reports and notes belong to the desk of the user who wrote them; a final report stays final", arguments: TestBackend.available)
    func existingRowsGetTheirDesk(backend: TestBackend) async throws {
        let (location, cleanup) = try await TestDatabases.shared.makeEmptyDatabase(backend)
        try await TestDatabases.using(location, cleanup: cleanup) { database in
            try await Migrator(database: database, migrations: TestDatabases.migrations).migrate(through: 9)
            try await database.write { db in
                for (kode, nama, level, parent) in [("ID", "Indonesia", 0, nil), ("36", "Banten", 1, "ID"), ("36.73", "Kota Serang", 2, "36")] as [(String, String, Int, String?)] {
                    try await db.raw("INSERT INTO regions (kode, nama, level, parent_kode, nama_search) VALUES (\(bind: kode), \(bind: nama), \(bind: level), \(bind: parent), \(bind: nama.lowercased()))").run()
                }
                try await db.raw("INSERT INTO agencies (id, name, type, region_kode, created_at, updated_at) VALUES (1, 'Kesbangpol', 'kesbangpol', '36.73', 0, 0)").run()
                try await db.raw("""
                    INSERT INTO users (id, username, display_name, password_hash, role, region_kode, agency_id, sessions_valid_after, created_at, updated_at)
                    VALUES (1, 'analis', 'Analis', 'x', 'analyst', '36.73', 1, 0, 0, 0)
                    """).run()
                try await db.raw("INSERT INTO elections (id, type, name, region_kode, voting_day, created_at, updated_at) VALUES (1, 'pilkada_gubernur', 'Pilgub', '36', '2024-11-27', 0, 0)").run()
                for (id, status, by) in [(1, "final", 1), (2, "draft", 1), (3, "draft", nil)] as [(Int, String, Int?)] {
                    try await db.raw("""
                        INSERT INTO desk_reports (election_id, kind, period_start, period_end, version, status, content, narrative, created_by, created_at, updated_at)
                        VALUES (1, 'harian', \(bind: "2024-11-2\(id)"), \(bind: "2024-11-2\(id)"), 1, \(bind: status), '{}', 'Narasi', \(bind: by), 0, 0)
                        """).run()
                }
                try await db.raw("INSERT INTO desk_notes (election_id, agency_id, on_day, note, created_by, created_at) VALUES (1, 1, '2024-11-26', 'Catatan', 1, 0)").run()
            }
            let applied = try await Migrator(database: database, migrations: TestDatabases.migrations).migrate()
            #expect(applied.contains(10))
            struct Row: Decodable { var id: Int; var desk_region_kode: String; var status: String }
            let rows = try await database.read { db in
                try await db.raw("SELECT id, desk_region_kode, status FROM desk_reports ORDER BY period_start").all(decoding: Row.self)
            }
            #expect(rows.map(\.desk_region_kode) == ["36.73", "36.73", "36"])  // the creator's region; the election's when none
            #expect(rows.map(\.status) == ["final", "draft", "draft"])
            let note = try await database.read { db in try await db.raw("SELECT desk_region_kode FROM desk_notes").first(decodingColumn: "desk_region_kode", as: String.self) }
            #expect(note == "36.73")
            // The final report is still protected, and one draft per desk and period is enforced.
            let update = await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.raw("UPDATE desk_reports SET narrative = 'diubah' WHERE id = \(bind: rows[0].id)").run() }
            }
            #expect(databaseMessage(update).contains("desk report is final"), "\(databaseMessage(update))")
            #expect(try await database.read { db in try await db.raw("SELECT narrative FROM desk_reports WHERE id = \(bind: rows[0].id)").first(decodingColumn: "narrative", as: String.self) } == "Narasi")
            let second = await #expect(throws: (any Error).self) {
                try await database.write { db in
                    try await db.raw("""
                        INSERT INTO desk_reports (election_id, desk_region_kode, kind, period_start, period_end, version, status, content, narrative, created_at, updated_at)
                        VALUES (1, '36.73', 'harian', '2024-11-22', '2024-11-22', 2, 'draft', '{}', 'x', 0, 0)
                        """).run()
                }
            }
            #expect(databaseMessage(second).lowercased().contains("unique constraint"), "\(databaseMessage(second))")
            // The same period at another desk is its own report.
            try await database.write { db in
                try await db.raw("""
                    INSERT INTO desk_reports (election_id, desk_region_kode, kind, period_start, period_end, version, status, content, narrative, created_at, updated_at)
                    VALUES (1, '36', 'harian', '2024-11-22', '2024-11-22', 1, 'draft', '{}', 'x', 0, 0)
                    """).run()
            }
        }
    }
}
