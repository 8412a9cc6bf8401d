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
