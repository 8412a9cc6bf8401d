import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

@Suite("Reports in the store")
struct ReportStoreTests {
    static func input(title: String = "Pengerahan massa di alun-alun") throws -> ReportInput {
        var raw = RawReport()
        raw.judul = title; raw.uraian = "Massa berkumpul tanpa pemberitahuan."; raw.kategori = "unjuk_rasa"; raw.tingkat = "sedang"
        raw.sumber = "field_monitor"; raw.waktu_kejadian = "2026-11-20T09:30"; raw.presisi_waktu = "exact"; raw.kode_wilayah = "36.73.01.1001"
        return try ReportInput.validate(raw, now: TestClock.start)
    }

    @Test("retries with one Idempotency-Key sent at the same moment create one report and all answer with it", arguments: TestBackend.available)
    func concurrentIdempotentCreates(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let agency = try #require(try await store.defaultAgency(for: RegionCode("36.73")!))
            let author = try await store.createUser(username: "petugas", input: UserInput(displayName: "Petugas", role: .monitor, jurisdiction: RegionCode("36.73")!, agencyID: agency.id),
                                                    passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
            let input = try Self.input()
            let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let (report, created) = try await store.createReport(input, draft: false, scope: RegionCode("36.73")!, author: author, agencyID: agency.id,
                                                                             idempotencyKey: "kirim-ulang-1", actor: .console("test"))
                        return (report.id, created)
                    }
                }
                return try await group.reduce(into: [(Int, Bool)]()) { $0.append($1) }
            }
            #expect(Set(results.map(\.0)).count == 1)
            #expect(results.filter(\.1).count == 1)
            let count = try await store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM reports").first(decodingColumn: "n", as: Int.self)
            }
            #expect(count == 1)
            // A different key is a different submission.
            let other = try await store.createReport(input, draft: false, scope: RegionCode("36.73")!, author: author, agencyID: agency.id,
                                                     idempotencyKey: "kirim-ulang-2", actor: .console("test"))
            #expect(other.created && other.report.id != results[0].0)
        }
    }
}

@Suite("Reports through a scoped repository")
struct ReportRepositoryTests {
    @Test("a report's timeline, assignments and attachments are reached only within the caller's scope, and never another user's draft", arguments: TestBackend.available)
    func scopedReads(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let agency = try #require(try await store.defaultAgency(for: RegionCode("36.73")!))
            let author = try await store.createUser(username: "penulis", input: UserInput(displayName: "Penulis", role: .monitor, jurisdiction: RegionCode("36.73")!, agencyID: agency.id),
                                                    passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
            let city = Scope(author.principal)
            let sent = try await store.reports(city).create(try ReportStoreTests.input(), draft: false, author: author, agencyID: agency.id, actor: .console("test")).report
            let draft = try await store.reports(city).create(try ReportStoreTests.input(title: "Draf"), draft: true, author: author, agencyID: agency.id, actor: .console("test")).report
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 64)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-repo-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let attached = try await store.reports(city).addAttachment(to: sent.id, data: Data(png), suppliedName: "a.png", dataDirectory: folder, actor: .console("test"))

            #expect(try await store.reports(city).events(of: sent.id).count == 1)
            #expect(try await store.reports(city).attachments(of: sent.id).map(\.id) == [attached.id])
            // Another province, and a colleague who is not the draft's author.
            let kaltim = Principal(userID: 999, username: "luar", displayName: "Luar", role: .administrator, jurisdiction: RegionCode("64")!, agencyID: nil)
            let colleague = Principal(userID: 998, username: "rekan", displayName: "Rekan", role: .analyst, jurisdiction: RegionCode("36.73")!, agencyID: nil)
            for outsider in [Scope(kaltim), Scope(colleague)] {
                let id = outsider == Scope(kaltim) ? sent.id : draft.id
                #expect(try await store.reports(outsider).report(id) == nil)
                #expect(try await store.reports(outsider).events(of: id).isEmpty)
                #expect(try await store.reports(outsider).assignments(of: id).isEmpty)
                #expect(try await store.reports(outsider).attachments(of: id).isEmpty)
            }
            #expect(try await store.reports(Scope(kaltim)).attachment(attached.id, of: sent.id) == nil)
            #expect(try await store.reports(Scope(colleague)).list(ReportFilter()).items.map(\.id) == [sent.id])
            #expect(Set(try await store.reports(.console).list(ReportFilter()).items.map(\.id)) == [sent.id, draft.id])
        }
    }
}
