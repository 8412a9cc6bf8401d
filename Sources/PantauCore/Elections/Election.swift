import Foundation

/// The kinds of election a desk follows.
public enum ElectionType: String, Sendable, CaseIterable, Codable {
    case governor = "pilkada_gubernur"
    case regent = "pilkada_bupati_walikota"
    case legislative = "pemilu_legislatif"
    case presidential = "pemilu_presiden"
    case revote = "psu"

    public var label: String {
        switch self {
        case .governor: "Pilkada gubernur"
        case .regent: "Pilkada bupati/wali kota"
        case .legislative: "Pemilu legislatif"
        case .presidential: "Pemilu presiden"
        case .revote: "Pemungutan suara ulang (PSU)"
        }
    }

    /// The region level an election of this type covers, when the type fixes it.
    public var requiredLevel: RegionLevel? {
        switch self {
        case .governor: .provinsi
        case .regent: .kabupatenKota
        default: nil
        }
    }
}

/// Where a stage stands on a given day: computed from its dates, never stored.
public enum StageState: String, Sendable, Codable {
    case upcoming = "belum_mulai", running = "berjalan", finished = "selesai"

    public var label: String {
        switch self {
        case .upcoming: "Belum mulai"
        case .running: "Berjalan"
        case .finished: "Selesai"
        }
    }

    public static func of(start: LocalDate, end: LocalDate, on today: LocalDate) -> StageState {
        if today < start { return .upcoming }
        return today > end ? .finished : .running
    }
}

/// One stage (tahapan) of an election calendar.
public struct StagePlan: Sendable, Equatable, Codable {
    public var name: String
    public var start: LocalDate
    public var end: LocalDate

    public init(_ name: String, _ start: LocalDate, _ end: LocalDate) {
        (self.name, self.start, self.end) = (name, start, end)
    }

    public func state(on today: LocalDate) -> StageState { StageState.of(start: start, end: end, on: today) }
}

/// A calendar of stages that a new election copies, shifted so its voting day lands on the new one.
public struct ElectionTemplate: Sendable {
    public var code: String
    public var name: String
    public var votingDay: LocalDate
    public var stages: [StagePlan]

    /// The stages moved by the distance between the template's voting day and `votingDay`.
    public func stages(forVotingDay votingDay: LocalDate) -> [StagePlan] {
        let shift = votingDay.dayNumber - self.votingDay.dayNumber
        return stages.map { StagePlan($0.name, $0.start.adding(days: shift), $0.end.adding(days: shift)) }
    }

    public static let all = [pilkada2024]

    public static func named(_ code: String) -> ElectionTemplate? { all.first { $0.code == code } }

    /// Pilkada Serentak 2024, PKPU 2/2024 (see DOMAIN.md). The voter-list update carries its
    /// announced sub-stages; the last stage ends with the swearing-in of 20 February 2025.
    public static let pilkada2024: ElectionTemplate = {
        func d(_ text: String) -> LocalDate { LocalDate(text)! }
        return ElectionTemplate(code: "pilkada-2024", name: "Pilkada Serentak 2024 (PKPU 2/2024)", votingDay: d("2024-11-27"), stages: [
            StagePlan("Pendaftaran pemantau pemilihan", d("2024-02-27"), d("2024-11-16")),
            StagePlan("Penyerahan DP4", d("2024-04-24"), d("2024-05-31")),
            StagePlan("Pemenuhan syarat dukungan calon perseorangan", d("2024-05-05"), d("2024-08-19")),
            StagePlan("Pemutakhiran dan penyusunan daftar pemilih", d("2024-05-31"), d("2024-09-23")),
            StagePlan("Pengumuman dan tanggapan DPS", d("2024-07-25"), d("2024-08-11")),
            StagePlan("Rekapitulasi DPSHP", d("2024-08-18"), d("2024-09-13")),
            StagePlan("Penetapan DPT", d("2024-09-14"), d("2024-09-21")),
            StagePlan("Pengumuman pendaftaran pasangan calon", d("2024-08-24"), d("2024-08-26")),
            StagePlan("Pendaftaran pasangan calon", d("2024-08-27"), d("2024-08-29")),
            StagePlan("Penelitian persyaratan calon", d("2024-08-27"), d("2024-09-21")),
            StagePlan("Penetapan pasangan calon", d("2024-09-22"), d("2024-09-22")),
            StagePlan("Kampanye", d("2024-09-25"), d("2024-11-23")),
            StagePlan("Masa tenang", d("2024-11-24"), d("2024-11-26")),
            StagePlan("Pemungutan suara", d("2024-11-27"), d("2024-11-27")),
            StagePlan("Penghitungan suara dan rekapitulasi", d("2024-11-27"), d("2024-12-16")),
            StagePlan("Penetapan calon terpilih, sengketa hasil dan pelantikan", d("2024-12-17"), d("2025-02-20")),
        ])
    }()
}

/// What a desk types to create or edit an election.
public struct ElectionInput: Sendable, Equatable {
    public var type: ElectionType
    public var name: String
    public var region: RegionCode
    public var votingDay: LocalDate

    public init(type: ElectionType, name: String, region: RegionCode, votingDay: LocalDate) {
        (self.type, self.name, self.region, self.votingDay) = (type, name, region, votingDay)
    }

    public static func validate(type: String?, name: String?, region: String?, votingDay: String?) throws(ValidationFailure) -> ElectionInput {
        var v = Validator()
        let kind = ElectionType(rawValue: type ?? "")
        v.check(kind != nil, "jenis", "Pilih jenis pemilihan.")
        let name = v.requiredText(name, "nama", label: "Nama pemilihan", maxLength: 160)
        let code = v.regionCode(region, "kode_wilayah")
        if let kind, let code, let level = kind.requiredLevel, code.level != level {
            v.add("kode_wilayah", "\(kind.label) meliputi satu \(level == .provinsi ? "provinsi" : "kabupaten/kota"); kode \(code) bukan wilayah itu.")
        }
        let day = LocalDate(votingDay ?? "")
        v.check(day != nil, "hari_pemungutan", "Hari pemungutan suara harus tanggal yang sah (TTTT-BB-HH).")
        try v.finish()
        return ElectionInput(type: kind!, name: name, region: code!, votingDay: day!)
    }
}

public enum StageInput {
    public static func validate(name: String?, start: String?, end: String?) throws(ValidationFailure) -> StagePlan {
        var v = Validator()
        let name = v.requiredText(name, "nama", label: "Nama tahapan", maxLength: 160)
        let start = LocalDate(start ?? ""), end = LocalDate(end ?? "")
        v.check(start != nil, "mulai", "Tanggal mulai harus tanggal yang sah (TTTT-BB-HH).")
        v.check(end != nil, "selesai", "Tanggal selesai harus tanggal yang sah (TTTT-BB-HH).")
        if let start, let end { v.check(start <= end, "selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.") }
        try v.finish()
        return StagePlan(name, start!, end!)
    }
}

/// A candidate pair (paslon) on the ballot.
public struct CandidateInput: Sendable, Equatable {
    public var number: Int
    public var head: String
    public var deputy: String?
    /// Nominating parties; empty for an independent pair (perseorangan).
    public var parties: [String]

    public var isIndependent: Bool { parties.isEmpty }

    public init(number: Int, head: String, deputy: String?, parties: [String]) {
        (self.number, self.head, self.deputy, self.parties) = (number, head, deputy, parties)
    }

    public static func validate(number: String?, head: String?, deputy: String?, parties: String?) throws(ValidationFailure) -> CandidateInput {
        var v = Validator()
        let number = Int((number ?? "").trimmingWhitespace())
        v.check(number.map { (1...99).contains($0) } ?? false, "nomor", "Nomor urut harus angka 1-99.")
        let head = v.requiredText(head, "calon", label: "Nama calon", maxLength: 160)
        let deputy = v.optionalText(deputy, "wakil", label: "Nama wakil", maxLength: 160)
        let list = (parties ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        v.check(list.count <= 30 && list.allSatisfy { $0.length <= 80 && !$0.containsControlCharacters }, "partai", "Daftar partai terlalu panjang atau berisi karakter tak sah.")
        try v.finish()
        return CandidateInput(number: number!, head: head, deputy: deputy, parties: list)
    }
}
