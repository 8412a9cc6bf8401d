import Foundation
@testable import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("pantau demo")
struct DemoTests {
    @Test("the demo loads Kota Serang with the published totals, every level adding up, and loads only once", arguments: TestBackend.available)
    func demo(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            let loaded = try pantau.run(["demo"], environment: ["PANTAU_PASSWORD": "Sandi-Demo-Kesbangpol-1"])
            #expect(loaded.status == 0, "\(loaded.errors)")
            #expect(loaded.output.contains("992 TPS"))
            let again = try pantau.run(["demo"], environment: ["PANTAU_PASSWORD": "Sandi-Demo-Kesbangpol-1"])
            #expect(again.status == 0 && again.output.contains("already loaded"))

            let database = try await Database.open(pantau.location, readers: 1, logger: testLogger)
            let store = Store(database: database, logger: testLogger)
            let elections = try await store.elections(.console).list()
            let e2024 = try #require(elections.first { $0.votingDay == LocalDate("2024-11-27") })
            let e2018 = try #require(elections.first { $0.votingDay == LocalDate("2018-06-27") })
            #expect(elections.count == 2)

            let view = try await store.participation(.console).participation(of: e2024.id, in: RegionCode("36.73")!)
            #expect(view.baseLevel == 5)
            #expect(view.total.dpt == 513_851)
            #expect(view.total.valid == 352_315)
            #expect(view.total.votes[2] == 212_262)
            #expect(view.total.votes.values.reduce(0, +) == 352_315)
            #expect(view.parts.count == 6)
            #expect(view.parts.map(\.counts.dpt).reduce(0, +) == 513_851)
            #expect(view.mismatches.isEmpty)
            var stations = 0, special = 0
            for page in 1...3 {
                let items = try await store.participation(.console).stations(of: e2024.id, in: RegionCode("36.73")!, page: page, pageSize: 500).items
                stations += items.count
                special += items.filter { $0.address.hasPrefix("TPS khusus") }.map(\.dpt).reduce(0, +)
            }
            #expect(stations == 992 && special == 940)
            let villages = try await store.participation(.console).participation(of: e2024.id, in: RegionCode("36.73.01")!)
            #expect(villages.parts.allSatisfy { $0.region.code.level == .desaKelurahan })

            let old = try await store.participation(.console).participation(of: e2018.id, in: RegionCode("36.73")!)
            #expect(old.total.dpt == 422_072)
            #expect(percentText(old.total.turnout) == "69,63%")
            #expect(old.mismatches.isEmpty)

            #expect(try await store.elections(.console).problems(of: e2024.id, filter: ProblemFilter()).items.count >= 8)
            let desk = try await store.elections(.console).deskReports(of: e2024.id).items
            #expect(desk.contains { $0.status == .final } && desk.contains { $0.kind == .monthly })
            #expect(try await store.user(username: "sekretariat")?.role == .analyst)
            await database.close()
        }
    }
}
