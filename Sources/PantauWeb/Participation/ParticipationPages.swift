import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Voter participation of an election in one region: totals with rates computed from the counts,
/// the parts to drill into, a chart and a map of turnout, the consistency check, and the import.
extension ParticipationRoutes {
    struct ParticipationPage {
        var election: String; var electionHref: String; var stationsHref: String; var comparisonHref: String
        var region: String; var crumbs: [Crumb]
        var regionCode: String; var places: [Option]; var hasPlaces: Bool; var action: String
        var hasData: Bool; var levelNote: String
        var stats: [Figure]
        var candidates: [CandidateShare]; var hasCandidates: Bool
        var partsTitle: String; var chartTitle: String; var candidateNumbers: [String]; var parts: [PartRow]; var hasParts: Bool
        var chart: String; var map: String; var mapHref: String; var hasMap: Bool; var partColumn: String
        var mismatches: [MismatchRow]; var hasMismatches: Bool; var checkNote: String
        var canManage: Bool; var importAction: String; var sampleHeader: String; var sampleRow: String
        var report: SpreadsheetImport.ImportReport?; var errors: [String]; var notice: String?
        var downloads: [Download] = []
    }
    struct Figure { var label: String; var value: String; var note: String? }
    struct CandidateShare { var number: Int; var names: String; var votes: String; var share: String; var width: Int }
    struct PartRow {
        var name: String; var href: String?; var dpt: String; var voted: String; var turnout: String
        var valid: String; var invalidShare: String; var votes: [String]
    }
    struct MismatchRow { var region: String; var href: String; var fields: [FieldDifference] }
    struct FieldDifference { var label: String; var entered: String; var summed: String; var difference: String }

    static let levelNames = [1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan", 5: "TPS"]

    func participation(request: Request, context: AppRequestContext) async throws -> Response {
        try await renderParticipation(request, context)
    }

    func renderParticipation(_ request: Request, _ context: AppRequestContext, report: SpreadsheetImport.ImportReport? = nil, failure: ValidationFailure? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let path = ElectionURL.participation(election.id).path
        let area = try await resolveArea(request, election: election, principal: principal) { QueryLink.make(path, [("wilayah", $0.rawValue)]) }
        let code = area.region.code
        let view = try await store.participation(Scope(principal)).participation(of: election.id, in: code)
        let candidates = try await store.elections(Scope(principal)).candidates(of: election.id)
        let numbers = Array(Set(candidates.map(\.number)).union(view.total.votes.keys)).sorted()
        let total = view.total
        let partsAreRegions = view.parts.allSatisfy { $0.tps == nil }
        let partLevel = code.level.rawValue + 1
        func chart(_ drawer: SVGRateBarChart) -> String {
            drawer.render(title: "Partisipasi per \(partsAreRegions ? Self.levelNames[partLevel] ?? "bagian" : "TPS"), \(area.region.displayName)",
                          series: [.init(name: election.name, color: SVGRateBarChart.palette[0])],
                          rows: view.parts.map { (Self.partName($0), [$0.counts.turnout]) })
        }
        // Drawn twice, the narrow one shown on phones, so the text stays readable there.
        let chart = "<div class=\"chart-wide\">" + chart(SVGRateBarChart()) + "</div><div class=\"chart-narrow\">" + chart(SVGRateBarChart(width: 360)) + "</div>"
        let map = try await turnoutChoropleth(election: election, region: area.region, view: view)
        return try renderer.page("participation/participation", title: "Partisipasi · \(election.name)", section: .elections, context: context, status: status, body: ParticipationPage(
            election: election.name, electionHref: ElectionURL.election(election.id).path,
            stationsHref: QueryLink.make(ElectionURL.stations(election.id).path, [("wilayah", code.rawValue)]),
            comparisonHref: QueryLink.make(ElectionURL.comparison(election.id).path, [("wilayah", code.rawValue)]),
            region: area.region.displayName, crumbs: area.crumbs,
            regionCode: code == area.base ? "" : code.rawValue,
            places: try await Places.options(store: store, jurisdiction: area.base, selected: code.rawValue, includeKecamatan: true),
            hasPlaces: area.base.level == .kabupatenKota || area.base.level == .kecamatan, action: path,
            hasData: view.baseLevel != nil,
            levelNote: view.baseLevel.map { "Data dimasukkan sampai tingkat \(Self.levelNames[$0] ?? "?"); total wilayah dijumlahkan dari tingkat itu." } ?? "",
            stats: Self.figures(total),
            candidates: numbers.map { number in
                CandidateShare(number: number, names: candidates.first { $0.number == number }?.names ?? "Paslon \(number)",
                               votes: countText(total.votes[number] ?? 0), share: percentText(total.share(of: number)),
                               width: Int(((total.share(of: number) ?? 0) * 100).rounded()))
            },
            hasCandidates: !numbers.isEmpty && !total.votes.isEmpty,
            partsTitle: partsAreRegions ? "Per \(Self.levelNames[partLevel] ?? "bagian")" : "Per TPS",
            chartTitle: "Partisipasi per \(partsAreRegions ? Self.levelNames[partLevel] ?? "bagian" : "TPS")",
            candidateNumbers: total.votes.isEmpty ? [] : numbers.map { "Paslon \($0)" },
            parts: view.parts.map { part in
                let drill = part.tps == nil && part.region.code.level.rawValue < (view.baseLevel ?? 0)
                return PartRow(name: Self.partName(part), href: drill ? QueryLink.make(path, [("wilayah", part.region.code.rawValue)]) : nil,
                               dpt: countText(part.counts.dpt), voted: countText(part.counts.voted), turnout: percentText(part.counts.turnout),
                               valid: countText(part.counts.valid), invalidShare: percentText(part.counts.invalidShare),
                               votes: total.votes.isEmpty ? [] : numbers.map { countText(part.counts.votes[$0] ?? 0) })
            },
            hasParts: !view.parts.isEmpty,
            chart: chart, map: Self.inline(map, id: "peta-partisipasi"),
            mapHref: QueryLink.make(ElectionURL.participationMap(election.id).path, [("wilayah", code.rawValue)]),
            hasMap: code.level.rawValue < RegionLevel.desaKelurahan.rawValue, partColumn: partsAreRegions ? "Wilayah" : "TPS",
            mismatches: view.mismatches.map { mismatch in
                MismatchRow(region: mismatch.region.displayName, href: QueryLink.make(path, [("wilayah", mismatch.region.code.rawValue)]),
                            fields: Self.differences(mismatch))
            },
            hasMismatches: !view.mismatches.isEmpty,
            checkNote: Self.checkNote(view),
            canManage: Self.canManage(election, principal), importAction: ElectionURL.participationImport(election.id).path,
            sampleHeader: (ParticipationRow.columns + candidates.map { "paslon_\($0.number)" }).joined(separator: ","),
            sampleRow: Self.sampleRow(candidates: candidates.map(\.number)),
            report: report, errors: failure?.errors.map(\.message) ?? [], notice: Self.importNotice(request, what: "data partisipasi"),
            downloads: Self.downloads({ ElectionURL.participationFile(election.id, $0).path }, query: [("wilayah", code.rawValue)])))
    }

    static func partName(_ part: ParticipationLine) -> String {
        part.tps.map { "TPS \($0)" } ?? part.region.name
    }

    /// A figure that may never have been entered: "tidak diketahui" rather than 0.
    static func optionalText(_ c: VoterCounts, _ field: OptionalCount, _ value: Int) -> String {
        c.isKnown(field) ? countText(value) : "tidak diketahui"
    }

    /// The totals as figure cards; every rate computed from the counts here, each labelled with
    /// what it divides by.
    static func figures(_ c: VoterCounts) -> [Figure] {
        let turnoutNote = c.electorateIsPartial
            ? "memilih ÷ DPT\(c.isKnown(.dptb) ? " + DPTb" : "")\(c.isKnown(.dpk) ? " + DPK" : ""); \([c.isKnown(.dptb) ? nil : "DPTb", c.isKnown(.dpk) ? nil : "DPK"].compactMap { $0 }.joined(separator: " dan ")) tidak diketahui"
            : "memilih ÷ (DPT + DPTb + DPK), definisi KPU"
        return [
            Figure(label: "DPT", value: countText(c.dpt), note: "L \(countText(c.dptMale)) · P \(countText(c.dptFemale))"),
            Figure(label: "Menggunakan hak pilih", value: countText(c.voted), note: "L \(countText(c.votedMale)) · P \(countText(c.votedFemale)), termasuk DPTb dan DPK"),
            Figure(label: "Partisipasi", value: percentText(c.turnout), note: turnoutNote),
            Figure(label: "Partisipasi terhadap DPT", value: percentText(c.turnoutOfDPT),
                   note: "L \(percentText(c.turnoutMale)) · P \(percentText(c.turnoutFemale)); memilih ÷ DPT, dasar yang sama untuk laki-laki dan perempuan"),
            Figure(label: "DPTb / DPK", value: "\(optionalText(c, .dptb, c.dptb)) / \(optionalText(c, .dpk, c.dpk))", note: "pemilih pindahan / tambahan yang memilih"),
            Figure(label: "Pemilih disabilitas", value: optionalText(c, .disabled, c.disabled), note: nil),
            Figure(label: "Suara sah", value: countText(c.valid), note: nil),
            Figure(label: "Suara tidak sah", value: countText(c.invalid), note: "\(percentText(c.invalidShare)) dari suara"),
        ]
    }

    /// Each differing figure of a mismatch: entered, summed and the difference.
    static func differences(_ mismatch: ParticipationMismatch) -> [FieldDifference] {
        var values: [String: (Int, Int)] = [:]
        for field in VoterCounts.fields { values[field.label] = (field.value(mismatch.entered), field.value(mismatch.summed)) }
        for number in Set(mismatch.entered.votes.keys).union(mismatch.summed.votes.keys) {
            values["Suara paslon \(number)"] = (mismatch.entered.votes[number] ?? 0, mismatch.summed.votes[number] ?? 0)
        }
        return mismatch.fields.map { label in
            let (entered, summed) = values[label] ?? (0, 0)
            let difference = entered - summed
            return FieldDifference(label: label, entered: countText(entered), summed: countText(summed),
                                   difference: (difference > 0 ? "+" : "") + countText(difference))
        }
    }

    static func checkNote(_ view: ParticipationView) -> String {
        guard let base = view.baseLevel else { return "Belum ada data." }
        if view.checkedTotals == 0 { return "Tidak ada total wilayah yang dimasukkan tersendiri; semua total dijumlahkan dari data tingkat \(levelNames[base] ?? "?")." }
        if view.mismatches.isEmpty { return "\(view.checkedTotals) total wilayah yang dimasukkan sama dengan jumlah bagian-bagiannya." }
        return "\(view.mismatches.count) dari \(view.checkedTotals) total wilayah yang dimasukkan berbeda dengan jumlah bagian-bagiannya (data tingkat \(levelNames[base] ?? "?"))."
    }

    /// A sample data row that passes the checks, for the import form.
    static func sampleRow(candidates: [Int]) -> String {
        var cells = ["36.73.01.1001", "1", "140", "142", "100", "105", "2", "1", "1", "200", "5"]
        guard !candidates.isEmpty else { return cells.joined(separator: ",") }
        let share = 200 / candidates.count
        cells += candidates.indices.map { String($0 == 0 ? 200 - share * (candidates.count - 1) : share) }
        return cells.joined(separator: ",")
    }

    func participationImport(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.manageElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        do {
            let table = try await uploadedTable(request)
            let count = try await store.participation(Scope(principal)).importParticipation(into: election.id, table: table, actor: try context.actor())
            return .redirect(to: QueryLink.make(ElectionURL.participation(election.id).path, [("diimpor", String(count))]), type: .normal)
        } catch let rejected as ImportRejected {
            return try await renderParticipation(request, context, report: SpreadsheetImport.ImportReport(rejected), status: .unprocessableContent)
        } catch let failure as ValidationFailure {
            return try await renderParticipation(request, context, failure: failure, status: .unprocessableContent)
        }
    }

    // MARK: Map

    func participationMap(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewElections)
        let election = try await ElectionRoutes.election(store, context, principal)
        let area = try await resolveArea(request, election: election, principal: principal) { $0.rawValue }
        let view = try await store.participation(Scope(principal)).participation(of: election.id, in: area.region.code)
        return Self.svgResponse(try await turnoutChoropleth(election: election, region: area.region, view: view))
    }

    /// The children of the region shaded by turnout, each a link to its own figures.
    func turnoutChoropleth(election: Election, region: Region, view: ParticipationView) async throws -> String {
        let title = "Partisipasi pemilih per wilayah, \(region.displayName)"
        let renderer = SVGMapRenderer()
        guard region.level != .desaKelurahan else {
            return renderer.placeholder(title: title, message: "Di tingkat desa/kelurahan data per TPS ada pada tabel.")
        }
        let turnout = Dictionary(view.parts.filter { $0.tps == nil }.map { ($0.region.code.rawValue, $0.counts) }, uniquingKeysWith: { a, _ in a })
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let scale = RateScale(values: boundaries.map { turnout[$0.region.code.rawValue]?.turnout })
        let path = ElectionURL.participation(election.id).path
        let areas = boundaries.map { boundary in
            let counts = turnout[boundary.region.code.rawValue]
            return MapArea(code: boundary.region.code.rawValue, name: boundary.region.name, href: QueryLink.make(path, [("wilayah", boundary.region.code.rawValue)]),
                           polygons: boundary.polygons, labelPoint: boundary.labelPoint, fill: scale.color(for: counts?.turnout),
                           detail: counts.map { "partisipasi \(percentText($0.turnout)) (\(countText($0.voted)) dari \(countText($0.electorate)))" } ?? "tanpa data")
        }
        guard !areas.isEmpty else { return renderer.placeholder(title: title, message: "Data batas wilayah belum tersedia.") }
        return renderer.render(title: title, areas: areas, missing: missing.map(\.name), legend: MapLegend(title: "Partisipasi pemilih", entries: scale.legend))
    }
}
