import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

@Suite("Daily report counts")
struct DayCountStoreTests {
    static func count(_ store: Store, level: Int, region: String) async throws -> Int {
        try await store.database.read { db in
            try await db.raw("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM report_day_counts WHERE level = \(literal: level) AND region_kode = \(bind: region)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    @Test("the counts equal a recount after every step of a random sequence of creates, edits, duplicates, rejections, reopenings, archiving, assignments and answers",
          arguments: TestBackend.available)
    func countsFollowEveryChange(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let city = RegionCode("36.73")!
            let agency = try #require(try await store.defaultAgency(for: city))
            let analyst = try await store.createUser(username: "analis", input: UserInput(displayName: "Analis", role: .analyst, jurisdiction: city, agencyID: agency.id),
                                                     passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
            let principal = analyst.principal
            let (desa, categories) = try await store.database.read { db in
                let desa = try await db.raw("SELECT kode FROM regions WHERE kode >= '36.73.' AND kode < '36.73/' AND LENGTH(kode) = 13 ORDER BY kode LIMIT 5")
                    .all(decodingColumn: "kode", as: String.self)
                let categories = try await db.raw("SELECT code FROM report_categories ORDER BY id LIMIT 4").all(decodingColumn: "code", as: String.self)
                return (desa + ["36.73.01"], categories)
            }
            #expect(desa.count == 6 && categories.count == 4)
            var random = SplitMix(seed: 13)
            func raw() -> RawReport {
                var raw = RawReport()
                raw.judul = "Kejadian"; raw.uraian = "Uraian."; raw.kategori = categories.randomElement(using: &random)!
                raw.tingkat = Severity.allCases.randomElement(using: &random)!.rawValue
                raw.sumber = "field_monitor"; raw.presisi_waktu = "exact"; raw.kode_wilayah = desa.randomElement(using: &random)!
                // Late evenings and early mornings, so a WIB day boundary is crossed now and then.
                raw.waktu_kejadian = "2026-11-\(Int.random(in: 20...24, using: &random))T\([ "00:30", "06:59", "07:01", "16:59", "17:01", "23:30"].randomElement(using: &random)!)"
                return raw
            }
            var ids: [Int] = []
            var taken: Set<ReportTransition> = []
            var edits = 0, answers = 0, mostOpen = 0
            for step in 0..<120 {
                let choice = ids.isEmpty ? 0 : Int.random(in: 0..<12, using: &random)
                if choice >= 10 {
                    // The agency answers an assignment: in progress keeps it open, done closes it.
                    let followed = try await store.database.read { db in
                        try await db.raw("SELECT id FROM reports WHERE status = 'follow_up' ORDER BY id").all(decodingColumn: "id", as: Int.self)
                    }
                    guard let id = followed.randomElement(using: &random) else { continue }
                    answers += 1
                    try await store.respond(reportID: id, principal: principal, status: Bool.random(using: &random) ? .done : .inProgress, response: "Ditangani.",
                                            actor: .console("test"))
                } else if choice < 3 {
                    let report = try await store.createReport(try ReportInput.validate(raw(), now: TestClock.start), draft: Bool.random(using: &random), scope: city,
                                                              author: analyst, agencyID: agency.id, actor: .console("test")).report
                    ids.append(report.id)
                } else if choice < 5 {
                    let id = ids.randomElement(using: &random)!
                    let report = try #require(try await store.report(id, scope: city))
                    guard ReportEditing.extent(role: .analyst, status: report.status, isAuthor: true) != nil else { continue }
                    edits += 1
                    _ = try await store.editReport(id, principal: principal, input: try ReportInput.validate(raw(), now: TestClock.start), version: report.updatedAt,
                                                   actor: .console("test"))
                } else {
                    let id = ids.randomElement(using: &random)!
                    let report = try #require(try await store.report(id, scope: city))
                    // Assigning is taken one time in two where it is open, so follow-ups pile up to be answered.
                    let options = ReportWorkflow.available(from: report.status, role: .analyst, isAuthor: true)
                    guard let transition = options.contains(.assign) && Bool.random(using: &random) ? .assign : options.randomElement(using: &random) else { continue }
                    var original: Int?
                    if transition == .markDuplicate {
                        original = ids.first { $0 != id }
                        if let candidate = original, let target = try await store.report(candidate, scope: city), target.status == .draft || target.duplicateOf != nil { continue }
                        guard original != nil else { continue }
                    }
                    taken.insert(transition)
                    _ = try await store.transition(id, transition, principal: principal, note: "Catatan langkah \(step).", assignTo: transition == .assign ? [agency.id] : [],
                                                   dueAt: transition == .assign ? TestClock.start + 86_400 : nil, duplicateOf: original, actor: .console("test"))
                }
                let differences = try await store.database.read { db in try await store.dayCountDifferences(db) }
                #expect(differences == 0, "step \(step)")
                let open = try await store.database.read { db in
                    try await db.raw("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM report_follow_up_counts WHERE level = 0").first(decodingColumn: "n", as: Int.self) ?? 0
                }
                mostOpen = max(mostOpen, open)
            }
            // Follow-ups were open and answered along the way, so their counts were tested too.
            #expect(mostOpen > 1 && answers > 2, "\(mostOpen) open at most, \(answers) answers")
            // The sequence went through every kind of change the counts depend on.
            #expect(taken.isSuperset(of: [.submit, .verify, .reject, .reopen, .markDuplicate, .archive, .resolve, .assign]), "\(taken)")
            #expect(edits > 3)
            // The nation's rows hold exactly the counted reports.
            let counted = try await store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM reports WHERE status <> 'draft' AND duplicate_of IS NULL").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            #expect(try await Self.count(store, level: 0, region: "") == counted)
            #expect(try await Self.count(store, level: 2, region: "36.73") == counted)
            // A report at a kecamatan counts at the kecamatan and above, never at a desa.
            let atDesa = try await store.database.read { db in
                try await db.raw("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM report_day_counts WHERE level = 4").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let onKecamatan = try await store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM reports WHERE status <> 'draft' AND duplicate_of IS NULL AND region_kode = '36.73.01'").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            #expect(atDesa == counted - onKecamatan)
            #expect(counted > 5)
        }
    }

    @Test("check finds a damaged count and rebuild mends it", arguments: TestBackend.available)
    func rebuildMends(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let city = RegionCode("36.73")!
            let agency = try #require(try await store.defaultAgency(for: city))
            let author = try await store.createUser(username: "petugas", input: UserInput(displayName: "Petugas", role: .monitor, jurisdiction: city, agencyID: agency.id),
                                                    passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
            for _ in 0..<3 {
                _ = try await store.createReport(try ReportStoreTests.input(), draft: false, scope: city, author: author, agencyID: agency.id, actor: .console("test"))
            }
            let fresh = try await store.rebuildDayCounts(checkOnly: true)
            #expect(fresh.rows == 5 && fresh.differences == 0)
            try await store.database.write { db in
                try await db.raw("UPDATE report_day_counts SET n = 7 WHERE level = 2").run()
                try await db.raw("DELETE FROM report_day_counts WHERE level = 4").run()
            }
            let damaged = try await store.rebuildDayCounts(checkOnly: true)
            #expect(damaged.differences == 3)  // level 2 differs both ways (2 rows), level 4 is missing (1)
            #expect(try await Self.count(store, level: 2, region: "36.73") == 7)
            let mended = try await store.rebuildDayCounts(checkOnly: false)
            #expect(mended.differences == 3 && mended.rows == 5)
            #expect(try await Self.count(store, level: 2, region: "36.73") == 3)
            #expect(try await store.rebuildDayCounts(checkOnly: true).differences == 0)
        }
    }

    @Test("writers at the same moment keep the counts exact: two steps on one report, creates beside them", arguments: TestBackend.available)
    func concurrentWriters(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let city = RegionCode("36.73")!
            let agency = try #require(try await store.defaultAgency(for: city))
            let analyst = try await store.createUser(username: "analis", input: UserInput(displayName: "Analis", role: .analyst, jurisdiction: city, agencyID: agency.id),
                                                     passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
            var ids: [Int] = []
            for _ in 0..<4 {
                ids.append(try await store.createReport(try ReportStoreTests.input(), draft: false, scope: city, author: analyst, agencyID: agency.id, actor: .console("test")).report.id)
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for id in ids {
                    for step in [ReportTransition.verify, .reject] {
                        group.addTask {
                            do {
                                _ = try await store.transition(id, step, principal: analyst.principal, note: "Serentak.", actor: .console("test"))
                                return true
                            } catch is Conflict { return false } catch is WorkflowRefused { return false }
                        }
                    }
                    group.addTask {
                        _ = try await store.createReport(try ReportStoreTests.input(), draft: false, scope: city, author: analyst, agencyID: agency.id, actor: .console("test"))
                        return true
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 8)  // one step per report and the four creates
            #expect(try await store.database.read { db in try await store.dayCountDifferences(db) } == 0)
            #expect(try await Self.count(store, level: 0, region: "") == 8)
        }
    }
}
