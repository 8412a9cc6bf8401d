import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

/// The rules of the workflow that the transition table alone does not hold: what a duplicate may
/// point at, what reopening undoes, which agencies and due dates an assignment takes, and which
/// reports are late. Each is performed through the API, on both databases.
@Suite("Report workflow rules through HTTP")
struct WorkflowRulesTests {
    /// The fields a refusal names in its problem+json `errors`.
    static func fields(_ response: TestResponse) throws -> [String] {
        (try response.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func create(_ kit: WebKit, token: String, title: String) async throws -> Int {
        let response = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: title))
        #expect(response.status == .created)
        return try #require(try response.json()["id"] as? Int)
    }

    static func act(_ kit: WebKit, _ id: Int, _ action: String, token: String, _ json: String? = nil) async throws -> TestResponse {
        try await kit.api(.post, "/api/v1/reports/\(id)/\(action)", token: token, json: json)
    }

    /// A report's stored status and duplicate link.
    struct Stored: Equatable, CustomStringConvertible {
        var status: String
        var duplicateOf: Int?
        init(_ status: String, _ duplicateOf: Int?) { (self.status, self.duplicateOf) = (status, duplicateOf) }
        var description: String { "\(status), duplicate of \(duplicateOf.map(String.init) ?? "none")" }
    }

    /// The stored row, read past the store's own decoding.
    static func row(_ kit: WebKit, _ id: Int) async throws -> Stored {
        struct Row: Decodable { var status: String; var duplicate_of: Int? }
        let row = try await kit.store.database.read { db in
            try await db.raw("SELECT status, duplicate_of FROM reports WHERE id = \(bind: id)").first(decoding: Row.self)
        }
        let found = try #require(row)
        return Stored(found.status, found.duplicate_of)
    }

    static func assignmentCount(_ kit: WebKit, _ id: Int) async throws -> Int {
        try await kit.store.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM report_assignments WHERE report_id = \(bind: id)").first(decodingColumn: "n", as: Int.self)
        } ?? -1
    }

    @Test("a report cannot be marked a duplicate of a duplicate; nothing changes", arguments: TestBackend.available)
    func duplicateOfDuplicate(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let a = try await Self.create(kit, token: monitor, title: "Laporan asal")
            let b = try await Self.create(kit, token: monitor, title: "Duplikat pertama")
            let c = try await Self.create(kit, token: monitor, title: "Duplikat kedua")
            let first = try await Self.act(kit, b, "mark_duplicate", token: analyst, "{\"duplikat_dari\": \(a)}")
            #expect(first.status == .ok)
            #expect(try first.json()["duplikat_dari"] as? Int == a)
            #expect(try first.json()["status"] as? String == "archived")

            let chained = try await Self.act(kit, c, "mark_duplicate", token: analyst, "{\"duplikat_dari\": \(b)}")
            #expect(chained.status == .unprocessableContent)
            #expect(try Self.fields(chained) == ["duplikat_dari"])
            let shown = try await kit.api(.get, "/api/v1/reports/\(c)", token: analyst).json()
            #expect(shown["status"] as? String == "submitted")
            #expect(shown["duplikat_dari"] == nil)
            let stored = try await Self.row(kit, c)
            #expect(stored.status == "submitted")
            #expect(stored.duplicateOf == nil)
            #expect(try await kit.store.reports(.console).events(of: c).map(\.action) == ["create"])
            // The report it pointed at is as it was.
            #expect(try await Self.row(kit, b) == Stored("archived", a))
            // Pointing at the original instead is fine.
            let direct = try await Self.act(kit, c, "mark_duplicate", token: analyst, "{\"duplikat_dari\": \(a)}")
            #expect(direct.status == .ok)
            #expect(try await Self.row(kit, c) == Stored("archived", a))
        }
    }

    @Test("reopening a duplicate takes it back to submitted and clears its link", arguments: TestBackend.available)
    func reopenDuplicate(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let a = try await Self.create(kit, token: monitor, title: "Laporan asal")
            let b = try await Self.create(kit, token: monitor, title: "Dikira duplikat")
            #expect(try await Self.act(kit, b, "mark_duplicate", token: analyst, "{\"duplikat_dari\": \(a)}").status == .ok)
            #expect(try await Self.row(kit, b) == Stored("archived", a))
            // Without a reason nothing moves.
            let bare = try await Self.act(kit, b, "reopen", token: analyst, "{\"catatan\": \" \"}")
            #expect(bare.status == .unprocessableContent)
            #expect(try Self.fields(bare) == ["catatan"])
            #expect(try await Self.row(kit, b) == Stored("archived", a))

            let reopened = try await Self.act(kit, b, "reopen", token: analyst, "{\"catatan\": \"Lokasi berbeda, bukan duplikat\"}")
            #expect(reopened.status == .ok)
            let json = try reopened.json()
            #expect(json["status"] as? String == "submitted")
            #expect(json["duplikat_dari"] == nil)
            #expect(try await kit.api(.get, "/api/v1/reports/\(b)", token: analyst).json()["duplikat_dari"] == nil)
            #expect(try await Self.row(kit, b) == Stored("submitted", nil))
            #expect(try await kit.store.reports(.console).events(of: b).map(\.action) == ["create", "mark_duplicate", "reopen"])
        }
    }

    @Test("an assignment to an agency outside the caller's jurisdiction is refused and stores nothing", arguments: TestBackend.available)
    func assignOutsideJurisdiction(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let id = try await Self.create(kit, token: monitor, title: "Laporan untuk ditugaskan")
            #expect(try await Self.act(kit, id, "verify", token: analyst).status == .ok)
            let kaltim = try #require(try await kit.store.agencies(scope: RegionCode("64")!, type: .kesbangpol).first { $0.agency.name == "Kesbangpol Kalimantan Timur" }?.agency)
            let own = kit.fixtures.user("mitra").agencyID
            for agencies in ["[\(kaltim.id)]", "[\(own), \(kaltim.id)]", "[987654]"] {
                let refused = try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": \(agencies), \"tenggat\": \"2026-12-01\"}")
                #expect(refused.status == .unprocessableContent, "\(agencies)")
                #expect(try Self.fields(refused) == ["instansi"], "\(agencies)")
                #expect(try await Self.assignmentCount(kit, id) == 0, "\(agencies)")
                #expect(try await Self.row(kit, id).status == "verified")
            }
            #expect(try await kit.store.reports(.console).events(of: id).map(\.action) == ["create", "verify"])
            // The same request with the caller's own agency goes through.
            #expect(try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": [\(own)], \"tenggat\": \"2026-12-01\"}").status == .ok)
            #expect(try await kit.store.reports(.console).assignments(of: id).map(\.agencyID) == [own])
        }
    }

    @Test("a due date in the past is refused, a date or an exact time, while today's date is accepted", arguments: TestBackend.available)
    func pastDueDates(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            // The test clock starts on Wednesday 25 November 2026, 10:00 WIB.
            #expect(kit.store.clock.today().description == "2026-11-25")
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis")
            let own = kit.fixtures.user("mitra").agencyID
            let id = try await Self.create(kit, token: monitor, title: "Laporan dengan tenggat")
            #expect(try await Self.act(kit, id, "verify", token: analyst).status == .ok)
            for due in ["2026-11-24", "2026-11-25T09:00", "2026-11-25 09:59:00", "2026-11-25T02:00:00Z", "2025-01-01"] {
                let refused = try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": [\(own)], \"tenggat\": \"\(due)\"}")
                #expect(refused.status == .unprocessableContent, "\(due)")
                #expect(try Self.fields(refused) == ["tenggat"], "\(due)")
                #expect(try await Self.assignmentCount(kit, id) == 0, "\(due)")
                #expect(try await Self.row(kit, id).status == "verified", "\(due)")
            }
            // Today as a date means the end of today, 23:59:59 WIB.
            let today = try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": [\(own)], \"tenggat\": \"2026-11-25\"}")
            #expect(today.status == .ok)
            #expect(try await kit.store.reports(.console).assignments(of: id).map(\.dueAt) == [TestClock.start - 10 * 3600 + 86_399])
            // A later hour of today is accepted too (a second assignment step replaces the due time).
            #expect(try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": [\(own)], \"tenggat\": \"2026-11-25T15:00\"}").status == .ok)
            #expect(try await kit.store.reports(.console).assignments(of: id).map(\.dueAt) == [TestClock.start + 5 * 3600])
        }
    }

    @Test("terlambat=1 lists exactly the reports with an unfinished assignment past its due time", arguments: TestBackend.available)
    func overdue(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis"), partner = try await kit.token(for: "mitra")
            let kpu = kit.fixtures.user("mitra").agencyID, kesbangpol = kit.fixtures.user("analis").agencyID
            func report(_ title: String, assign agencies: [Int]?, due: String = "2026-11-25T12:00") async throws -> Int {
                let id = try await Self.create(kit, token: monitor, title: title)
                #expect(try await Self.act(kit, id, "verify", token: analyst).status == .ok)
                if let agencies {
                    #expect(try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": \(agencies), \"tenggat\": \"\(due)\"}").status == .ok)
                }
                return id
            }
            func respond(_ id: Int, _ status: String) async throws {
                #expect(try await Self.act(kit, id, "respond", token: partner, "{\"tanggapan\": \"Ditangani\", \"status\": \"\(status)\"}").status == .ok)
            }
            let noon = try await report("Tenggat pukul 12", assign: [kpu])
            let tomorrow = try await report("Tenggat besok", assign: [kpu], due: "2026-11-26")
            let done = try await report("Sudah selesai ditangani", assign: [kpu])
            try await respond(done, "done")
            let inProgress = try await report("Sedang ditangani", assign: [kpu])
            try await respond(inProgress, "in_progress")
            let oneOfTwo = try await report("Satu dari dua instansi selesai", assign: [kpu, kesbangpol])
            try await respond(oneOfTwo, "done")
            let unassigned = try await report("Belum ditugaskan", assign: nil)

            func listed(_ query: String) async throws -> [Int] {
                let response = try await kit.api(.get, "/api/v1/reports?" + query, token: analyst)
                #expect(response.status == .ok, "\(query)")
                return (try response.json()["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }.sorted()
            }
            let all = [noon, tomorrow, done, inProgress, oneOfTwo, unassigned].sorted()
            #expect(try await listed("") == all)
            // 10:00: nothing is due yet.
            #expect(try await listed("terlambat=1") == [])
            func lateCounts() async throws -> [Int] {
                try await kit.store.reports(Scope(kit.fixtures.user("analis").principal)).situation(fromDay: 0, untilDay: DayCounts.day(clock.now()) + 1)
                    .overdueByAgency.map(\.count)
            }
            #expect(try await lateCounts() == [])
            // 13:00: the noon assignments not finished are late.
            clock.advance(by: 3 * 3600)
            #expect(try await listed("terlambat=1") == [noon, inProgress, oneOfTwo].sorted())
            #expect(try await listed("terlambat=true") == [noon, inProgress, oneOfTwo].sorted())
            #expect(try await listed("terlambat=0") == all)
            #expect(try await listed("terlambat=1&instansi=\(kesbangpol)") == [oneOfTwo])
            // An agency's late list holds its own late assignments only: KPU finished its part of
            // the report two agencies share, so that one is Kesbangpol's alone.
            #expect(try await listed("terlambat=1&instansi=\(kpu)") == [noon, inProgress].sorted())
            // Situasi's count per agency is the length of the list it links to.
            let situation = try await kit.store.reports(Scope(kit.fixtures.user("analis").principal)).situation(fromDay: 0, untilDay: DayCounts.day(clock.now()) + 1)
            #expect(situation.overdueByAgency.map(\.count) == [2, 1])
            #expect(situation.overdueByAgency.map(\.agencyID) == [kpu, kesbangpol])
            // Two days on, tomorrow's has passed as well.
            clock.advance(by: 2 * 86_400)
            #expect(try await listed("terlambat=1") == [noon, tomorrow, inProgress, oneOfTwo].sorted())
            #expect(try await listed("terlambat=1&status=follow_up") == [noon, tomorrow, inProgress, oneOfTwo].sorted())
            #expect(try await lateCounts() == [3, 1])
            // A resolved report's follow-ups are late no more.
            #expect(try await Self.act(kit, noon, "resolve", token: analyst, "{\"catatan\": \"Selesai.\"}").status == .ok)
            #expect(try await lateCounts() == [2, 1])
        }
    }

    @Test("a report no longer in follow-up is not late, though its agency never answered", arguments: TestBackend.available)
    func overdueOnlyDuringFollowUp(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, clock: clock) { kit in
            let monitor = try await kit.token(for: "pemantau"), analyst = try await kit.token(for: "analis"), partner = try await kit.token(for: "mitra")
            let kpu = kit.fixtures.user("mitra").agencyID
            var ids: [Int] = []
            for title in ["Masih ditindaklanjuti", "Diselesaikan tanpa tanggapan", "Dibuka kembali"] {
                let id = try await Self.create(kit, token: monitor, title: title)
                #expect(try await Self.act(kit, id, "verify", token: analyst).status == .ok)
                #expect(try await Self.act(kit, id, "assign", token: analyst, "{\"instansi\": [\(kpu)], \"tenggat\": \"2026-11-25T12:00\"}").status == .ok)
                ids.append(id)
            }
            let (following, resolved, reopened) = (ids[0], ids[1], ids[2])
            for id in [resolved, reopened] {
                #expect(try await Self.act(kit, id, "resolve", token: analyst, "{\"catatan\": \"Selesai di lapangan\"}").status == .ok)
            }
            #expect(try await Self.act(kit, reopened, "reopen", token: analyst, "{\"catatan\": \"Kejadian berulang\"}").status == .ok)
            clock.advance(by: 3 * 3600)
            // The agency can no longer answer a report that left follow-up, so it cannot be late on it.
            #expect(try await Self.act(kit, resolved, "respond", token: partner, "{\"tanggapan\": \"Terlambat\", \"status\": \"done\"}").status == .conflict)
            let json = try await kit.api(.get, "/api/v1/reports?terlambat=1", token: analyst).json()
            #expect((json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } == [following])
            // The report page tags the late assignment only while the report is in follow-up.
            let session = try await kit.login("analis")
            let late = "tag warn\">terlambat"
            #expect(try await kit.get("/laporan/\(following)", as: session).text.contains(late))
            #expect(!(try await kit.get("/laporan/\(resolved)", as: session).text.contains(late)))
        }
    }
}
