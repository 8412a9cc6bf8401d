/// A calendar date without a time, as election calendars write them (`2024-11-27`). Stored as
/// that text, which sorts in date order on both databases.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of a day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        (year, month, day) = (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The local date of a Unix time at a fixed offset from UTC (WIB is +7 h).
    public init(epoch: Int, utcOffsetSeconds: Int = 7 * 3600) {
        let local = epoch + utcOffsetSeconds
        self.init(dayNumber: local >= 0 ? local / 86400 : (local - 86399) / 86400)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Unix time of this day's local midnight.
    public func startEpoch(utcOffsetSeconds: Int = 7 * 3600) -> Int { dayNumber * 86400 - utcOffsetSeconds }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public var description: String {
        String(year).leftPadded(4) + "-" + String(month).leftPadded(2) + "-" + String(day).leftPadded(2)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static let monthNames = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]

    /// "27 November 2024".
    public var longIndonesian: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    public static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    /// "27 Nov 2024", the months abbreviated as id_ID does.
    public var shortIndonesian: String { "\(day) \(Self.monthAbbreviations[month - 1]) \(year)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Times written without Foundation's formatters, which cost ~0.1 ms each to create and are not
/// safe to share between tasks: lists format thousands of times per second.
public enum TimeText {
    /// "2024-11-27T02:30:00Z".
    public static func iso(_ epoch: Int) -> String {
        let day = LocalDate(epoch: epoch, utcOffsetSeconds: 0)
        let seconds = ((epoch % 86400) + 86400) % 86400
        return "\(day)T" + String(seconds / 3600).leftPadded(2) + ":" + String(seconds / 60 % 60).leftPadded(2) + ":" + String(seconds % 60).leftPadded(2) + "Z"
    }

    /// "27 Nov 2024 09.30" in WIB (UTC+7), or without the time.
    public static func wib(_ epoch: Int, time: Bool = true, year: Bool = true) -> String {
        let day = LocalDate(epoch: epoch)
        var text = year ? day.shortIndonesian : "\(day.day) \(LocalDate.monthAbbreviations[day.month - 1])"
        if time {
            let seconds = ((epoch + 7 * 3600) % 86400 + 86400) % 86400
            text += " " + String(seconds / 3600).leftPadded(2) + "." + String(seconds / 60 % 60).leftPadded(2)
        }
        return text
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

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
        v.check(list.count <= 30 && list.allSatisfy { $0.count <= 80 && !$0.containsControlCharacters }, "partai", "Daftar partai terlalu panjang atau berisi karakter tak sah.")
        try v.finish()
        return CandidateInput(number: number!, head: head, deputy: deputy, parties: list)
    }
}

/// Status of a problem in the desk's inventory (inventarisasi permasalahan).
public enum ProblemStatus: String, Sendable, CaseIterable, Codable {
    case identified = "teridentifikasi", anticipated = "diantisipasi", handled = "ditangani", resolved = "selesai"

    public var label: String {
        switch self {
        case .identified: "Teridentifikasi"
        case .anticipated: "Diantisipasi"
        case .handled: "Ditangani"
        case .resolved: "Selesai"
        }
    }

    /// Problems move forward; a resolved one may be taken up again.
    public var next: [ProblemStatus] {
        switch self {
        case .identified: [.anticipated, .handled, .resolved]
        case .anticipated: [.handled, .resolved]
        case .handled: [.resolved]
        case .resolved: [.handled]
        }
    }

    public var isOpen: Bool { self != .resolved }
}

/// What a desk types about a problem.
public struct ProblemInput: Sendable, Equatable {
    public var title: String
    public var description: String
    public var categoryCode: String
    public var stageID: Int?
    public var region: RegionCode
    public var reportedBy: Int?
    public var anticipation: String?
    public var responsible: Int?
    public var due: LocalDate?
    public var reportIDs: [Int]

    public static func validate(title: String?, description: String?, category: String?, stage: String?, region: String?, reportedBy: String?,
                                anticipation: String?, responsible: String?, due: String?, reports: String?) throws(ValidationFailure) -> ProblemInput {
        var v = Validator()
        let title = v.requiredText(title, "judul", label: "Permasalahan", maxLength: 200)
        let description = v.optionalText(description, "uraian", label: "Uraian", maxLength: 10_000) ?? ""
        let category = (category ?? "").trimmingWhitespace()
        v.check(!category.isEmpty, "kategori", "Pilih kategori.")
        func id(_ text: String?, _ field: String, _ label: String) -> Int? {
            let text = (text ?? "").trimmingWhitespace()
            if text.isEmpty { return nil }
            guard let value = Int(text), value > 0 else { v.add(field, "\(label) tidak dikenal."); return nil }
            return value
        }
        let stage = id(stage, "tahapan", "Tahapan")
        let code = v.regionCode(region, "kode_wilayah")
        let reportedBy = id(reportedBy, "instansi_pelapor", "Instansi pelapor")
        let responsible = id(responsible, "instansi_penanggung_jawab", "Instansi penanggung jawab")
        let anticipation = v.optionalText(anticipation, "saran", label: "Antisipasi/saran penyelesaian", maxLength: 10_000)
        var dueDate: LocalDate?
        if let due = due?.trimmingWhitespace(), !due.isEmpty {
            dueDate = LocalDate(due)
            v.check(dueDate != nil, "tenggat", "Tenggat harus tanggal yang sah (TTTT-BB-HH).")
        }
        var reportIDs: [Int] = []
        for part in (reports ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }) {
            let text = part.trimmingPrefix("#")
            if let value = Int(text), value > 0 { reportIDs.append(value) } else { v.add("laporan", "Nomor laporan \"\(part.prefix(20))\" tidak sah.") }
        }
        v.check(reportIDs.count <= 50, "laporan", "Paling banyak 50 laporan terkait.")
        try v.finish()
        return ProblemInput(title: title, description: description, categoryCode: category, stageID: stage, region: code!, reportedBy: reportedBy,
                            anticipation: anticipation, responsible: responsible, due: dueDate, reportIDs: Array(Set(reportIDs)).sorted())
    }
}
