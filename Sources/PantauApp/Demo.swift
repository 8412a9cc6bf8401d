import ArgumentParser
import Foundation
import PantauCore
import PantauStore
import PantauWeb

/// `pantau demo`: a living Desk Pilkada for Kota Serang, loaded through the same store functions
/// the pages use. Totals are the published ones (DOMAIN.md); how they split over the 67
/// kelurahan and 992 TPS is made up, but every level adds up exactly. Candidate names are
/// fictional.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load a demonstration Kota Serang: Pilkada 2024 and 2018, TPS, participation, incidents, desk problems and reports.")

    @Option(help: "Seed of the made-up distribution (the published totals never change)") var seed: UInt64 = 2024

    func run() async throws {
        let context = try CommandContext()
        let password = try readPassword(context.configuration)
        var validator = Validator()
        Credentials.validatePassword(password, username: "sekretariat", into: &validator)
        try finish(validator)
        let hash = try await PasswordHasher(cost: context.configuration.bcryptCost).hash(password)
        try await context.bootstrap.withStore { store in
            var loader = DemoLoader(store: store, passwordHash: hash, random: SplitMix(seed: seed &+ 0x9E37_79B9_7F4A_7C15))
            try await loader.load(jurisdiction: context.configuration.jurisdiction)
        }
    }
}


/// Splits `total` into integers proportional to `weights` that add up to `total` exactly
/// (largest remainder).
func apportion(_ total: Int, _ weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return weights.map { _ in 0 } }
    let exact = weights.map { Double(total) * $0 / sum }
    var parts = exact.map { Int($0.rounded(.down)) }
    let remainders = exact.enumerated().map { ($0.offset, $0.element - Double(parts[$0.offset])) }.sorted { $0.1 > $1.1 }
    for index in 0..<(total - parts.reduce(0, +)) { parts[remainders[index % remainders.count].0] += 1 }
    return parts
}

struct DemoLoader {
    let store: Store
    let passwordHash: String
    var random: SplitMix

    static let city = RegionCode("36.73")!
    static let election2024 = "Pemilihan Wali Kota dan Wakil Wali Kota Serang 2024"
    static let election2018 = "Pemilihan Wali Kota dan Wakil Wali Kota Serang 2018"

    // Published figures (DOMAIN.md).
    static let dpt2024 = 513_851, stations2024 = 992, specialStations = 2, specialVoters = 940
    static let valid2024 = 352_315, winnerVotes = 212_262
    static let dpt2018 = 422_072, turnout2018 = 0.6963

    mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) }

    mutating func load(jurisdiction: RegionCode) async throws {
        guard Self.city.isWithin(jurisdiction) else {
            throw ValidationError("The demo is Kota Serang (36.73); this installation serves \(jurisdiction). Run it with PANTAU_JURISDICTION=36.73, 36 or ID.")
        }
        guard try await !store.electionExists(named: Self.election2024) else {
            print("The demo is already loaded (\(Self.election2024) exists); nothing changed.")
            return
        }
        let districts = try await store.children(of: Self.city).map(\.region)
        var villages: [(village: Region, district: Region)] = []
        for district in districts {
            for village in try await store.children(of: district.code) { villages.append((village.region, district)) }
        }
        guard districts.count == 6, villages.count == 67 else { throw ValidationError("Kota Serang should have 6 kecamatan and 67 kelurahan in the region list.") }

        let people = try await makeUsers()
        if try await store.setting("letterhead") == nil {
            try await store.setSetting("letterhead", "PEMERINTAH KOTA SERANG\nBADAN KESATUAN BANGSA DAN POLITIK\nKota Serang, Banten", installation: jurisdiction, actor: .console("demo"))
        }
        let console = Actor.console("demo")
        let secretary = people.secretary

        // Elections, stages and candidates.
        let e2024 = try await store.elections(.console).create(
            ElectionInput(type: .regent, name: Self.election2024, region: Self.city, votingDay: LocalDate("2024-11-27")!),
            template: .pilkada2024, actor: console)
        let candidates = [
            CandidateInput(number: 1, head: "H. Ahmad Fauzi (fiktif)", deputy: "Dra. Siti Maemunah", parties: ["Partai A", "Partai B", "Partai C"]),
            CandidateInput(number: 2, head: "Drs. Bambang Sutrisno (fiktif)", deputy: "Hj. Rina Marlina", parties: ["Partai D", "Partai E", "Partai F", "Partai G"]),
            CandidateInput(number: 3, head: "Ir. Dedi Kurniawan (fiktif)", deputy: "Yusuf Hidayat", parties: []),
        ]
        for candidate in candidates { try await store.elections(.console).saveCandidate(of: e2024.id, candidate, actor: console) }
        let e2018 = try await store.elections(.console).create(
            ElectionInput(type: .regent, name: Self.election2018, region: Self.city, votingDay: LocalDate("2018-06-27")!),
            template: nil, actor: console)
        for (name, start, end) in [("Kampanye", "2018-02-15", "2018-06-23"), ("Masa tenang", "2018-06-24", "2018-06-26"),
                                   ("Pemungutan suara", "2018-06-27", "2018-06-27"), ("Penghitungan suara dan rekapitulasi", "2018-06-27", "2018-07-09")] {
            try await store.elections(.console).saveStage(of: e2018.id, stageID: nil, StagePlan(name, LocalDate(start)!, LocalDate(end)!), actor: console)
        }

        // TPS and participation, 2024: 990 ordinary TPS over the 67 kelurahan plus two special ones.
        let districtTurnout = Dictionary(uniqueKeysWithValues: districts.map { ($0.code, uniform(0.66...0.76)) })
        let villageWeights = villages.map { _ in uniform(0.6...1.6) }
        var stationsPerVillage = apportion(Self.stations2024 - Self.specialStations - 4 * villages.count, villageWeights).map { $0 + 4 }
        let specialVillage = villages.firstIndex { $0.district.name.uppercased() == "SERANG" } ?? 0
        stationsPerVillage[specialVillage] += Self.specialStations
        var stations: [(village: Int, number: Int, special: Bool)] = []
        for (index, count) in stationsPerVillage.enumerated() {
            for number in 1...count { stations.append((index, number, index == specialVillage && number > count - Self.specialStations)) }
        }
        let ordinary = stations.indices.filter { !stations[$0].special }
        var dpt = Array(repeating: 0, count: stations.count)
        for (slot, value) in zip(ordinary, apportion(Self.dpt2024 - Self.specialVoters, ordinary.map { _ in uniform(0.85...1.15) })) { dpt[slot] = value }
        for slot in stations.indices where stations[slot].special { dpt[slot] = Self.specialVoters / Self.specialStations }
        let dptMale = apportion(258_377, dpt.map(Double.init))
        var turnoutWeights: [Double] = []
        for station in stations { turnoutWeights.append(districtTurnout[villages[station.village].district.code]! + uniform(-0.05...0.05)) }
        let invalidTotal = 15_104
        let voted = apportion(Self.valid2024 + invalidTotal, zip(dpt, turnoutWeights).map { Double($0) * $1 })
        let votedMale = apportion(178_933, voted.map(Double.init))
        let invalid = apportion(invalidTotal, voted.map { Double($0) * uniform(0.7...1.3) })
        let dptb = apportion(1_318, voted.map { Double($0) * uniform(0...2) })
        let dpk = apportion(2_245, voted.map { Double($0) * uniform(0...2) })
        let disabled = apportion(1_027, voted.map { Double($0) * uniform(0.5...1.5) })
        let valid = zip(voted, invalid).map { $0 - $1 }
        // Votes per pair: the winner (2) and pair 1 by weight, pair 3 takes the rest of each TPS.
        let lean = Dictionary(uniqueKeysWithValues: districts.map { ($0.code, uniform(-0.06...0.06)) })
        let winner = apportion(Self.winnerVotes, stations.indices.map { Double(valid[$0]) * (0.6025 + lean[villages[stations[$0].village].district.code]! + uniform(-0.04...0.04)) })
        let first = apportion(86_417, stations.indices.map { Double(valid[$0]) * (0.2453 - lean[villages[stations[$0].village].district.code]! / 2 + uniform(-0.03...0.03)) })
        var rows: [ParticipationRow] = []
        var stationRows: [PollingStationRow] = []
        for slot in stations.indices {
            let village = villages[stations[slot].village].village
            var counts = VoterCounts()
            counts.dptMale = dptMale[slot]; counts.dptFemale = dpt[slot] - dptMale[slot]
            counts.votedMale = votedMale[slot]; counts.votedFemale = voted[slot] - votedMale[slot]
            counts.dptb = dptb[slot]; counts.dpk = dpk[slot]; counts.disabled = disabled[slot]
            counts.valid = valid[slot]; counts.invalid = invalid[slot]
            counts.votes = [1: first[slot], 2: winner[slot], 3: valid[slot] - first[slot] - winner[slot]]
            guard counts.votes[3]! >= 0, counts.problems(candidates: [1, 2, 3]).isEmpty else {
                throw ValidationError("Demo figures for TPS \(stations[slot].number) \(village.name) do not add up; try another --seed.")
            }
            rows.append(ParticipationRow(region: village.code, tps: stations[slot].number, counts: counts))
            let address = stations[slot].special ? "TPS khusus \(stations[slot].number == stationsPerVillage[specialVillage] ? "Lapas Kelas IIA Serang" : "RSUD Kota Serang")"
                : "Kp. \(village.name) RT \(String(format: "%03d", stations[slot].number)) RW \(String(format: "%02d", (stations[slot].number + 1) / 2))"
            stationRows.append(PollingStationRow(region: village.code, number: stations[slot].number, address: address, dpt: dpt[slot], location: nil))
        }
        // The KPU's recapitulation for the whole city, entered as published.
        rows.append(ParticipationRow(region: Self.city, tps: nil, counts: VoterCounts.sum(rows.map(\.counts))))
        try await store.participation(.console).importStations(into: e2024.id, rows: stationRows, actor: console)
        try await store.participation(.console).saveParticipation(of: e2024.id, rows: rows, actor: console)

        // TPS vulnerability survey (10-15 Nov 2024): a sample of TPS with plausible findings.
        let indicators = try await store.tpsIndicators()
        let common = Set(["dptb", "disabilitas", "dpt_tms", "potensi_dpk"])
        var all: [PollingStation] = []
        for number in 1... {
            let page = try await store.participation(.console).stations(of: e2024.id, in: Self.city, page: number, pageSize: 500)
            all += page.items
            if !page.hasNext { break }
        }
        var surveyed = 0
        for station in all where Double.random(in: 0...1, using: &random) < 0.14 {
            let found = indicators.filter { Double.random(in: 0...1, using: &random) < (common.contains($0.code) ? 0.45 : 0.05) }.map(\.id)
            if !found.isEmpty {
                try await store.participation(.console).recordFindings(at: station.id, of: e2024.id, indicators: Set(found), actor: console)
                surveyed += 1
            }
        }

        // 2018: kelurahan totals only (DPT and turnout as published), for the comparison.
        let villageDPT2024 = villages.indices.map { index in zip(stations, dpt).filter { $0.0.village == index }.map(\.1).reduce(0, +) }
        let dpt2018 = apportion(Self.dpt2018, villageDPT2024.map { Double($0) * uniform(0.95...1.05) })
        let voted2018Total = Int((Double(Self.dpt2018) * Self.turnout2018).rounded())
        let voted2018 = apportion(voted2018Total, villages.indices.map { Double(dpt2018[$0]) * (districtTurnout[villages[$0].district.code]! - 0.02 + uniform(-0.05...0.05)) })
        let invalid2018 = apportion(8_712, voted2018.map(Double.init))
        let male2018 = apportion(212_724, dpt2018.map(Double.init))
        let votedMale2018 = apportion(voted2018Total * 48 / 100, voted2018.map(Double.init))
        var rows2018: [ParticipationRow] = villages.indices.map { index in
            var counts = VoterCounts()
            counts.dptMale = male2018[index]; counts.dptFemale = dpt2018[index] - male2018[index]
            counts.votedMale = votedMale2018[index]; counts.votedFemale = voted2018[index] - votedMale2018[index]
            counts.invalid = invalid2018[index]; counts.valid = voted2018[index] - invalid2018[index]
            return ParticipationRow(region: villages[index].village.code, tps: nil, counts: counts)
        }
        rows2018.append(ParticipationRow(region: Self.city, tps: nil, counts: VoterCounts.sum(rows2018.map(\.counts))))
        try await store.participation(.console).saveParticipation(of: e2018.id, rows: rows2018, actor: console)

        let reports = try await loadIncidents(villages: villages, people: people)
        let problems = try await loadProblems(election: e2024, villages: villages, people: people, reports: reports)
        try await loadDesk(election: e2024, people: people)
        let values = try await loadVulnerability(jurisdiction: jurisdiction, districts: districts)
        print("""
            Loaded the Kota Serang demo:
              \(Self.election2024): \(stations.count) TPS, DPT \(countText(Self.dpt2024)), valid votes \(countText(Self.valid2024)), \(surveyed) TPS with survey findings
              \(Self.election2018): DPT \(countText(Self.dpt2018)), turnout \(percentText(Double(voted2018Total) / Double(Self.dpt2018)))
              \(reports.count) incident reports, \(problems) desk problems, daily and monthly desk reports
              \(values) vulnerability indicator values and published scores (IKP 2024, Pilkada 2024 mapping)
            Sign in as sekretariat (analyst), pemantau.demo (monitor), kpu.demo and bawaslu.demo (partners) or pimpinan.demo (viewer),
            each with the password given in PANTAU_PASSWORD. Secretary: \(secretary.username).
            """)
    }
}
