import PantauCore
import Testing

@Suite("Voter participation and TPS rows")
struct ParticipationTests {
    /// Kota Serang Pilwalkot 2018 as published: DPT 422,072, turnout 69.63%.
    static func serang2018() -> VoterCounts {
        var c = VoterCounts()
        c.dptMale = 212_724; c.dptFemale = 209_348
        c.votedMale = 141_000; c.votedFemale = 152_888
        c.valid = 285_176; c.invalid = 8_712
        return c
    }

    static func table(_ header: String, _ lines: [String]) -> ImportTable {
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return ImportTable(header: columns, rows: lines.enumerated().map { index, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (line: index + 2, cells: Dictionary(uniqueKeysWithValues: zip(columns, cells)))
        })
    }

    @Test("turnout and the other rates are computed from the counts, and undefined without a denominator")
    func rates() {
        let c = Self.serang2018()
        #expect(c.dpt == 422_072 && c.voted == 293_888 && c.ballots == c.voted)
        #expect(percentText(c.turnout) == "69,63%")
        #expect(percentText(c.turnoutMale) == "66,28%")
        #expect(percentText(c.invalidShare) == "2,96%")
        var withLists = c
        withLists.dptb = 1_000; withLists.dpk = 500
        // DPTb and DPK voters widen the denominator, as KPU counts it.
        #expect(withLists.electorate == 423_572)
        #expect(withLists.turnout! < c.turnout!)
        #expect(VoterCounts().turnout == nil && percentText(VoterCounts().turnout) == "–")
        var votes = VoterCounts()
        votes.valid = 352_315; votes.votes = [2: 212_262]
        #expect(percentText(votes.share(of: 2)) == "60,25%")
        #expect(votes.share(of: 9) == 0)
    }

    @Test("counts, rates and changes are written the Indonesian way")
    func formatting() {
        #expect(countText(513_851) == "513.851" && countText(0) == "0" && countText(-1_500) == "-1.500")
        #expect(percentText(0.66049) == "66,05%")
        #expect(pointsText(0.031) == "+3,10" && pointsText(-0.0125) == "−1,25" && pointsText(nil) == "–")
        #expect(decimalText(2.999, digits: 2) == "3,00")
    }

    @Test("sums add every figure and every pair's votes")
    func sums() {
        var a = VoterCounts(), b = VoterCounts()
        a.dptMale = 10; a.votedMale = 5; a.valid = 5; a.votes = [1: 3, 2: 2]
        b.dptMale = 20; b.votedMale = 7; b.valid = 7; b.votes = [2: 4, 3: 3]
        let total = VoterCounts.sum([a, b])
        #expect(total.dptMale == 30 && total.voted == 12 && total.votes == [1: 3, 2: 6, 3: 3])
        #expect(total.differences(from: total).isEmpty)
        var off = total
        off.dptMale += 1; off.votes[2] = 7
        #expect(off.differences(from: total) == ["DPT laki-laki", "Suara paslon 2"])
    }

    @Test("a figure left empty is unknown, not 0: a sum is known only when every part is, and an unknown figure never disagrees")
    func unknownFigures() throws {
        let header = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah"
        let rows = try ParticipationRow.parse(Self.table(header, ["36.73.01.1001,1,150,150,100,110,,,,200,10", "36.73.01.1001,2,150,150,100,110,3,0,,200,10"]),
                                              candidates: []) { _ in true }.get()
        #expect(rows[0].counts.unknown == [.dptb, .dpk, .disabled])
        #expect(rows[1].counts.unknown == [.disabled] && rows[1].counts.isKnown(.dpk))
        let sum = rows[0].counts + rows[1].counts
        #expect(sum.unknown == [.dptb, .dpk, .disabled] && sum.electorateIsPartial)
        #expect(!rows[1].counts.electorateIsPartial)
        // The DPT-based rate and the rates by sex share their denominator.
        #expect(rows[1].counts.turnoutOfDPT == 210.0 / 300 && rows[1].counts.turnoutMale == 100.0 / 150)
        // An entered total without DPTb is not "different" from parts that have it.
        #expect(rows[0].counts.differences(from: rows[1].counts).isEmpty)
        var known = rows[1].counts
        known.unknown = []
        var other = known
        other.dptb = 5
        #expect(known.differences(from: other) == ["Memilih dari DPTb"])
    }

    @Test("figures that break KPU's arithmetic are named by column")
    func rules() {
        var c = VoterCounts()
        c.dptMale = 100; c.dptFemale = 100; c.votedMale = 80; c.votedFemale = 90
        c.valid = 160; c.invalid = 5
        c.votes = [1: 100, 2: 50]
        let problems = c.problems(candidates: [1, 2])
        #expect(problems.map { [$0.column, $0.reason] } == [
            ["suara_sah", "suara sah + tidak sah (165) harus sama dengan jumlah pemilih yang memilih (170)"],
            ["suara_sah", "jumlah suara paslon (150) harus sama dengan suara sah (160)"],
        ])
        c.invalid = 10; c.votes = [1: 100, 2: 60]
        #expect(c.problems(candidates: [1, 2]).isEmpty)
        c.votes = [:]
        #expect(c.problems(candidates: [1, 2]).isEmpty, "turnout-only figures are accepted")
        c.votes = [1: 100, 3: 60]
        #expect(c.problems(candidates: [1, 2]).map { [$0.column, $0.reason] } == [["paslon_3", "paslon nomor 3 tidak ada pada pemilihan ini"]])
    }

    @Test("a participation table with bad rows among good ones yields every problem with line, column and reason, and no rows")
    func participationRowsAllOrNothing() throws {
        let header = "kode_wilayah,tps,dpt_l,dpt_p,memilih_l,memilih_p,dptb,dpk,disabilitas,suara_sah,suara_tidak_sah,paslon_1,paslon_2"
        let good = "36.73.01.1001,1,140,142,100,105,2,1,1,200,5,120,80"
        let table = Self.table(header, [
            good,
            "36.73.01.1001,2,abc,142,100,105,2,1,1,200,5,120,80",    // line 3: not a number
            "36.73.01.1002,,140,142,100,105,0,0,0,200,5,100,90",     // line 4: votes do not add up
            "36.74.01.1001,1,140,142,100,105,0,0,0,200,5,120,80",    // line 5: outside the election
            "36.73.01.1001,1,140,142,100,105,2,1,1,200,5,120,80",    // line 6: duplicate of line 2
            "36.73.01,3,1.400,1.420,1.000,1.050,0,0,0,2.000,50,1.200,800",  // line 7: TPS on a kecamatan row
        ])
        let result = ParticipationRow.parse(table, candidates: [1, 2]) { $0.isWithin(RegionCode("36.73")!) }
        guard case .failure(let rejected) = result else { Issue.record("expected a refusal"); return }
        #expect(rejected.problems.map { "\($0.line) \($0.column): \($0.reason)" } == [
            "3 dpt_l: \"abc\" bukan bilangan bulat tidak negatif",
            "4 suara_sah: jumlah suara paslon (190) harus sama dengan suara sah (200)",
            "5 kode_wilayah: 36.74.01.1001 tidak dikenal atau di luar wilayah pemilihan",
            "6 kode_wilayah: wilayah/TPS ini sudah ada pada baris 2",
            "7 tps: nomor TPS hanya untuk baris desa/kelurahan",
        ])

        let fine = try ParticipationRow.parse(Self.table(header, [good, "36.73.01,,1.400,1.420,1.000,1.050,0,0,0,2.000,50,1.200,800"]),
                                              candidates: [1, 2]) { _ in true }.get()
        #expect(fine.count == 2 && fine[0].tps == 1 && fine[1].tps == nil)
        #expect(fine[1].counts.dpt == 2_820, "dots between thousands are read as Indonesians write them")
    }

    @Test("the header of a participation table must carry the required columns and known pair numbers only")
    func participationHeader() {
        let table = Self.table("kode_wilayah,dpt_l,memilih_l,memilih_p,suara_sah,suara_tidak_sah,paslon_7", ["36.73.01,1,1,0,1,0,1"])
        guard case .failure(let rejected) = ParticipationRow.parse(table, candidates: [1, 2], isRegionInScope: { _ in true }) else {
            Issue.record("expected a refusal"); return
        }
        #expect(rejected.problems.map(\.line) == [1, 1])
        #expect(Set(rejected.problems.map(\.column)) == ["dpt_p", "paslon_7"])
    }

    @Test("a TPS table is checked row by row: code, number, duplicates, DPT and coordinates")
    func stationRows() throws {
        let header = "kode_wilayah,nomor_tps,alamat,dpt,lintang,bujur"
        let table = Self.table(header, [
            "36.73.01.1001,1,Jl. Veteran,280,-6.12,106.15",
            "36.73.01,2,Jl. A,280,,",             // line 3: a kecamatan, not a kelurahan
            "36.73.01.1001,1,Jl. B,250,,",         // line 4: same TPS as line 2
            "36.73.01.1002,0,Jl. C,12.5,,",        // line 5: number 0 and DPT not whole
            "36.73.01.1002,3,Jl. D,200,-6.1,",     // line 6: latitude without longitude
            "36.73.01.1002,4,<script>x</script>,200,99,106",  // line 7: latitude outside Indonesia
        ])
        guard case .failure(let rejected) = PollingStationRow.parse(table, isKelurahanInScope: { _ in true }) else {
            Issue.record("expected a refusal"); return
        }
        let problems = rejected.problems.map { "\($0.line):\($0.column)" }
        #expect(problems == ["3:kode_wilayah", "4:nomor_tps", "5:nomor_tps", "5:dpt", "6:bujur", "7:lintang"])
        let rows = try PollingStationRow.parse(Self.table(header, ["36.73.01.1001,1,<b>x</b>,280,-6.12,106.15", "36.73.01.1001,2,,0,,"]),
                                               isKelurahanInScope: { _ in true }).get()
        #expect(rows.count == 2 && rows[0].location == GeoPoint(lng: 106.15, lat: -6.12) && rows[1].location == nil)
        #expect(PollingStationRow.parse(Self.table(header, []), isKelurahanInScope: { _ in true }).isFailure)
    }

    @Test("two elections compare by place, the change in points from the earlier to the later")
    func comparison() {
        func counts(_ dpt: Int, _ voted: Int) -> VoterCounts {
            var c = VoterCounts()
            c.dptMale = dpt; c.votedMale = voted; c.valid = voted
            return c
        }
        let compared = TurnoutComparison(total: ("Kota Serang", counts(2_000, 1_400), counts(1_800, 1_170)),
                                         current: [("36.73.01", "Serang", counts(1_000, 700)), ("36.73.02", "Kasemen", counts(1_000, 700))],
                                         previous: [("36.73.01", "Serang", counts(900, 630)), ("36.73.03", "Walantaka", counts(900, 540))])
        #expect(compared.places.map(\.key) == ["36.73.01", "36.73.02", "36.73.03"])
        #expect(compared.places[0].change.map { abs($0) < 1e-9 } == true)
        #expect(compared.places[1].change == nil && compared.places[2].change == nil)
        #expect(pointsText(compared.total.change) == "+5,00")
    }

    @Test("colour scales: rates in classes between the lowest and highest, changes diverging around zero")
    func scales() {
        let rates = RateScale(values: [0.66, 0.71, nil, 0.76])
        #expect(rates.color(for: 0.66) == RateScale.colors.first && rates.color(for: 0.76) == RateScale.colors.last)
        #expect(rates.color(for: nil) == RateScale.noData)
        let change = ChangeScale(values: [-0.04, 0.02, 0.001])
        // Classes of 1.17 points from 0.5 to 4: −4 is the strongest fall, +2 the middle rise.
        #expect(change.color(for: -0.04) == ChangeScale.falls[2] && change.color(for: 0.02) == ChangeScale.rises[1])
        #expect(change.color(for: -0.006) == ChangeScale.falls[0])
        #expect(change.color(for: 0.001) == ChangeScale.steady && change.color(for: nil) == RateScale.noData)
        #expect(change.legend.count == 8)
    }

    @Test("the rate chart escapes labels and marks places without data")
    func chart() {
        let svg = SVGRateBarChart().render(title: "Partisipasi", series: [.init(name: "2018", color: "#f59e0b"), .init(name: "2024", color: "#1d6fb8")],
                                           rows: [("<Serang>", [0.7, 0.72]), ("Kasemen", [nil, 0.69])])
        #expect(svg.contains("&lt;Serang&gt;") && !svg.contains("<Serang>"))
        #expect(svg.contains("tanpa data") && svg.contains("72,0%"))
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
