import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import Testing

@Suite("TPS and voter participation in the store")
struct ParticipationStoreTests {
    static let city = RegionCode("36.73")!
    static let header = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah,paslon_1,paslon_2"

    func election(_ store: Store, name: String = "Pilwalkot Serang 2024", day: String = "2024-11-27") async throws -> Election {
        let election = try await store.createElection(ElectionInput(type: .regent, name: name, region: Self.city, votingDay: LocalDate(day)!),
                                                      template: nil, scope: .national, actor: .system)
        for (number, head) in [(1, "Calon Satu"), (2, "Calon Dua")] {
            try await store.saveCandidate(electionID: election.id, CandidateInput(number: number, head: head, deputy: "Wakil", parties: []),
                                          scope: .national, actor: .system)
        }
        return election
    }

    static func csv(_ lines: [String], header: String = header) -> ImportTable {
        try! TableImport.csv(Data(([header] + lines).joined(separator: "\n").utf8)).get()
    }

    /// A TPS row whose figures add up: DPT men/women, voters men/women, invalid votes, votes of pair 1.
    static func row(_ code: String, tps: Int?, dpt: (Int, Int), voted: (Int, Int), invalid: Int, first: Int) -> ParticipationRow {
        var c = VoterCounts()
        (c.dptMale, c.dptFemale, c.votedMale, c.votedFemale) = (dpt.0, dpt.1, voted.0, voted.1)
        c.invalid = invalid; c.valid = voted.0 + voted.1 - invalid
        c.votes = [1: first, 2: c.valid - first]
        return ParticipationRow(region: RegionCode(code)!, tps: tps, counts: c)
    }

    static let stations: [ParticipationRow] = [
        row("36.73.01.1001", tps: 1, dpt: (150, 150), voted: (100, 110), invalid: 10, first: 120),
        row("36.73.01.1001", tps: 2, dpt: (140, 160), voted: (90, 100), invalid: 5, first: 85),
        row("36.73.01.1002", tps: 1, dpt: (200, 210), voted: (150, 160), invalid: 8, first: 200),
        row("36.73.02.1001", tps: 1, dpt: (250, 240), voted: (160, 170), invalid: 12, first: 100),
    ]

    @Test("TPS figures sum consistently to kelurahan, kecamatan and kota, and an entered total that disagrees is found", arguments: TestBackend.available)
    func aggregation(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            try await store.saveParticipation(electionID: election.id, rows: Self.stations, scope: Self.city, actor: .system)
            let all = VoterCounts.sum(Self.stations.map(\.counts))

            let city = try await store.participation(electionID: election.id, region: Self.city, scope: Self.city)
            #expect(city.baseLevel == 5)
            #expect(city.total == all)
            #expect(city.parts.map(\.region.code.rawValue) == ["36.73.01", "36.73.02"])
            #expect(city.parts[0].counts == VoterCounts.sum(Self.stations.prefix(3).map(\.counts)))
            #expect(VoterCounts.sum(city.parts.map(\.counts)) == city.total)
            #expect(city.mismatches.isEmpty && city.checkedTotals == 0)

            let district = try await store.participation(electionID: election.id, region: RegionCode("36.73.01")!, scope: Self.city)
            #expect(district.parts.map(\.region.name) == ["Serang", "Cipare"])
            #expect(district.parts[0].counts == Self.stations[0].counts + Self.stations[1].counts)
            #expect(district.total == city.parts[0].counts)

            let village = try await store.participation(electionID: election.id, region: RegionCode("36.73.01.1001")!, scope: Self.city)
            #expect(village.parts.map(\.tps) == [1, 2])
            #expect(village.parts[1].counts == Self.stations[1].counts)
            #expect(village.total.turnout == Double(400) / Double(600))

            // The KPU's city recapitulation entered with a typo, and a kecamatan total that agrees.
            var typo = all
            typo.dptMale += 10
            typo.votes[1]! -= 1; typo.votes[2]! += 1
            try await store.saveParticipation(electionID: election.id, rows: [
                ParticipationRow(region: Self.city, tps: nil, counts: typo),
                ParticipationRow(region: RegionCode("36.73.02")!, tps: nil, counts: Self.stations[3].counts),
            ], scope: Self.city, actor: .system)
            let checked = try await store.participation(electionID: election.id, region: Self.city, scope: Self.city)
            #expect(checked.total == all, "totals come from the finest level, never from an entered total")
            #expect(checked.checkedTotals == 2)
            #expect(checked.mismatches.map(\.region.code) == [Self.city])
            #expect(checked.mismatches.first?.fields == ["DPT laki-laki", "Suara paslon 1", "Suara paslon 2"])
            #expect(checked.mismatches.first?.entered.dptMale == all.dptMale + 10 && checked.mismatches.first?.summed == all)
            // Inside the kecamatan only its own total is checked, and it agrees.
            let kasemen = try await store.participation(electionID: election.id, region: RegionCode("36.73.02")!, scope: Self.city)
            #expect(kasemen.mismatches.isEmpty && kasemen.checkedTotals == 1)
        }
    }

    @Test("an uploaded table with one bad row among good ones imports nothing and names every bad cell", arguments: TestBackend.available)
    func allOrNothing(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let table = Self.csv([
                "36.73.01.1001,1,150,150,100,110,0,0,0,200,10,120,80",
                "36.73.02.1005,1,150,150,100,110,0,0,0,200,10,120,80",   // line 3: no such kelurahan
                "36.73.01.1002,1,150,150,100,110,0,0,0,200,10,120,79",   // line 4: votes do not add up
                "36.74.01.1001,1,150,150,100,110,0,0,0,200,10,120,80",   // line 5: Kota Cilegon
            ])
            do {
                try await store.importParticipation(electionID: election.id, table: table, scope: Self.city, actor: .system)
                Issue.record("the import should have been refused")
            } catch let rejected as ImportRejected {
                #expect(rejected.problems.map(\.line) == [3, 4, 5])
                #expect(rejected.problems.map(\.column) == ["kode_wilayah", "suara_sah", "kode_wilayah"])
                #expect(rejected.problems[1].reason == "jumlah suara paslon (199) harus sama dengan suara sah (200)")
            }
            #expect(try await store.participation(electionID: election.id, region: Self.city, scope: Self.city).baseLevel == nil)

            let stations = Self.csv(["36.73.01.1001,1,Jl. Veteran,300,,", "36.73.01.1001,x,Jl. B,300,,", "36.73.01.1002,1,Jl. C,-5,,"],
                                    header: "kode_wilayah,nomor_tps,alamat,dpt,lintang,bujur")
            await #expect(throws: ImportRejected.self) {
                try await store.importStations(electionID: election.id, table: stations, scope: Self.city, actor: .system)
            }
            #expect(try await store.stations(electionID: election.id, region: Self.city).items.isEmpty)

            let imported = try await store.importParticipation(electionID: election.id, table: Self.csv(["36.73.01.1001,1,150,150,100,110,0,0,0,200,10,120,80"]),
                                                               scope: Self.city, actor: .system)
            #expect(imported == 1)
            #expect(try await store.participation(electionID: election.id, region: Self.city, scope: Self.city).total.votes == [1: 120, 2: 80])
        }
    }

    @Test("figures and TPS stay inside the election and the caller's jurisdiction", arguments: TestBackend.available)
    func scoping(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let kaltim = RegionCode("64")!, serang = RegionCode("36.73.01")!
            await #expect(throws: NotFound.self) {
                try await store.saveParticipation(electionID: election.id, rows: Self.stations, scope: kaltim, actor: .system)
            }
            await #expect(throws: NotFound.self) {
                _ = try await store.participation(electionID: election.id, region: Self.city, scope: kaltim)
            }
            await #expect(throws: NotFound.self) {
                _ = try await store.participation(electionID: election.id, region: RegionCode("64.71")!, scope: kaltim)
            }
            // A kecamatan desk sees the election and its own kecamatan, but the kota's figures are not its to change.
            await #expect(throws: WorkflowRefused.self) {
                try await store.saveParticipation(electionID: election.id, rows: [Self.stations[0]], scope: serang, actor: .system)
            }
            try await store.saveParticipation(electionID: election.id, rows: Self.stations, scope: Self.city, actor: .system)
            #expect(try await store.participation(electionID: election.id, region: serang, scope: serang).total.dpt == 1_010)
            await #expect(throws: NotFound.self) {
                _ = try await store.participation(electionID: election.id, region: Self.city, scope: serang)
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.saveParticipation(electionID: election.id, rows: [Self.row("36.74.01.1001", tps: 1, dpt: (1, 1), voted: (1, 1), invalid: 0, first: 2)],
                                                  scope: .national, actor: .system)
            }
            await #expect(throws: ValidationFailure.self) {
                try await store.importStations(electionID: election.id, rows: [PollingStationRow(region: RegionCode("36.73.02.1005")!, number: 1, address: "", dpt: 1, location: nil)],
                                               scope: .national, actor: .system)
            }
            #expect(try await store.station(1, electionID: election.id, scope: kaltim) == nil)
        }
    }

    @Test("TPS are imported, surveyed with the Bawaslu indicators, and counted as rawan per variable and region", arguments: TestBackend.available)
    func stationsAndSurvey(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let election = try await election(store)
            let table = Self.csv(["36.73.01.1001,1,Jl. Veteran,300,-6.12,106.15", "36.73.01.1001,2,<script>alert(1)</script>,280,,", "36.73.02.1001,1,Kp. Kasemen,250,,"],
                                 header: "kode_wilayah,nomor_tps,alamat,dpt,lintang,bujur")
            #expect(try await store.importStations(electionID: election.id, table: table, scope: Self.city, actor: .system) == 3)
            // Importing again updates instead of duplicating.
            try await store.importStations(electionID: election.id, table: table, scope: Self.city, actor: .system)
            let page = try await store.stations(electionID: election.id, region: Self.city)
            #expect(page.items.count == 3 && page.items[0].location == GeoPoint(lng: 106.15, lat: -6.12))
            #expect(page.items[1].address == "<script>alert(1)</script>")

            let indicators = try await store.tpsIndicators()
            #expect(Set(indicators.map(\.variable)).count == 8)
            #expect(indicators.count == TPSVulnerability.variables.reduce(0) { $0 + $1.indicators.count })
            let dptb = try #require(indicators.first { $0.code == "dptb" }), flood = try #require(indicators.first { $0.code == "rawan_bencana" })
            try await store.recordFindings(stationID: page.items[0].id, electionID: election.id, indicators: [dptb.id, flood.id], scope: Self.city, actor: .system)
            try await store.recordFindings(stationID: page.items[2].id, electionID: election.id, indicators: [flood.id], scope: Self.city, actor: .system)
            await #expect(throws: ValidationFailure.self) {
                try await store.recordFindings(stationID: page.items[1].id, electionID: election.id, indicators: [999_999], scope: Self.city, actor: .system)
            }
            await #expect(throws: WorkflowRefused.self) {
                try await store.recordFindings(stationID: page.items[1].id, electionID: election.id, indicators: [dptb.id], scope: RegionCode("36.73.01")!, actor: .system)
            }

            #expect(try await store.stations(electionID: election.id, region: Self.city, vulnerableOnly: true).items.map(\.findings) == [2, 1])
            #expect(try await store.stations(electionID: election.id, region: Self.city, variable: "hak_pilih").items.map(\.number) == [1])
            let summary = try await store.vulnerabilitySummary(electionID: election.id, region: Self.city, variable: nil)
            #expect(summary.stations == 3 && summary.byChild == ["36.73.01": 1, "36.73.02": 1])
            #expect(summary.byVariable == ["hak_pilih": 1, "lokasi": 2])
            let located = try await store.vulnerabilitySummary(electionID: election.id, region: Self.city, variable: "hak_pilih")
            #expect(located.byChild == ["36.73.01": 1])
            let (station, found) = try #require(try await store.station(page.items[0].id, electionID: election.id, scope: Self.city))
            #expect(station.findings == 2 && found == [dptb.id, flood.id])
        }
    }

    @Test("CSV from Excel: byte-order mark, semicolons, decimal commas, header case and blank lines; line numbers as in the file")
    func csvReading() throws {
        let text = "\u{FEFF}Kode Wilayah;Nomor TPS;Alamat;DPT;Lintang;Bujur\r\n36.73.01.1001;1;\"Jl. A; RT 1\";280;-6,12;106,15\r\n\r\n36.73.01.1001;2;\"Jl. B\nBlok C\";300;;\r\n36.73.01.1001;3;Jl. D;250;;\r\n"
        let table = try TableImport.csv(Data(text.utf8)).get()
        #expect(table.header == ["kode_wilayah", "nomor_tps", "alamat", "dpt", "lintang", "bujur"])
        #expect(table.rows.map(\.line) == [2, 4, 6])
        #expect(table.rows[0].cells["alamat"] == "Jl. A; RT 1" && table.rows[0].cells["lintang"] == "-6,12")
        let rows = try PollingStationRow.parse(table, isKelurahanInScope: { _ in true }).get()
        #expect(rows[0].location == GeoPoint(lng: 106.15, lat: -6.12))

        #expect(try TableImport.csv(Data("a,b\n1,2\n".utf8)).get().rows[0].cells == ["a": "1", "b": "2"])
        guard case .failure(let rejected) = TableImport.csv(Data("a,a\n1,2,3\n".utf8)) else { Issue.record("expected a refusal"); return }
        #expect(rejected.problems.map(\.line) == [1, 2])
        #expect(TableImport.csv(Data([0x41, 0xC3, 0x28])).isRejected)
        #expect(TableImport.csv(Data()).isRejected)
    }
}

extension Result {
    var isRejected: Bool { if case .failure = self { true } else { false } }
}
