import Foundation

/// A report as submitted, before it is checked: what a form or a JSON body carries.
public struct RawReport: Sendable, Codable, Equatable {
    public var judul: String?
    public var uraian: String?
    public var kategori: String?
    public var tingkat: String?
    public var sumber: String?
    public var waktu_kejadian: String?
    public var presisi_waktu: String?
    public var kode_wilayah: String?
    public var lintang: Double?
    public var bujur: Double?
    public var tempat: String?
    public var pihak_jenis: [String]?
    public var pihak_nama: [String]?
    public var jumlah_terlibat: Int?
    public var jumlah_luka: Int?
    public var jumlah_meninggal: Int?
    public var tag: [String]?
    public var kontak_pelapor: String?

    public init() {}
}

/// A checked report, ready to store.
public struct ReportInput: Sendable, Equatable {
    public var title: String
    public var narrative: String
    public var categoryCode: String
    public var severity: Severity
    public var source: ReportSource
    public var occurredAt: Int
    public var precision: TimePrecision
    public var region: RegionCode
    public var location: GeoPoint?
    public var place: String?
    public var actorKinds: [ReportActorKind]
    public var actorNames: [String]
    /// People involved, injured and killed; nil when the reporter left the figure empty
    /// ("tidak diketahui", not 0).
    public var involved: Int?
    public var injured: Int?
    public var dead: Int?
    public var tags: [String]
    public var reporterContact: String?

    public init(title: String, narrative: String, categoryCode: String, severity: Severity, source: ReportSource, occurredAt: Int, precision: TimePrecision,
                region: RegionCode, location: GeoPoint?, place: String?, actorKinds: [ReportActorKind], actorNames: [String], involved: Int?, injured: Int?,
                dead: Int?, tags: [String], reporterContact: String?) {
        (self.title, self.narrative, self.categoryCode, self.severity, self.source, self.occurredAt, self.precision) =
            (title, narrative, categoryCode, severity, source, occurredAt, precision)
        (self.region, self.location, self.place, self.actorKinds, self.actorNames, self.involved, self.injured, self.dead, self.tags, self.reporterContact) =
            (region, location, place, actorKinds, actorNames, involved, injured, dead, tags, reporterContact)
    }

    /// Checks every field and reports all mistakes at once. `now` bounds the time of the event
    /// (an event cannot be reported a day ahead of it).
    public static func validate(_ raw: RawReport, now: Int, timeZone: TimeZone = TimeZone(identifier: "Asia/Jakarta")!) throws(ValidationFailure) -> ReportInput {
        var v = Validator()
        let title = v.requiredText(raw.judul, "judul", label: "Judul", maxLength: 200)
        let narrative = v.requiredText(raw.uraian, "uraian", label: "Uraian kejadian", maxLength: 20_000)
        let category = (raw.kategori ?? "").trimmingWhitespace()
        v.check(!category.isEmpty && category.length <= 60, "kategori", "Pilih kategori kejadian.")
        let severity = Severity(rawValue: raw.tingkat ?? "")
        v.check(severity != nil, "tingkat", "Pilih tingkat keparahan: ringan, sedang, berat atau kritis.")
        let source = ReportSource(rawValue: raw.sumber ?? "")
        v.check(source != nil, "sumber", "Pilih sumber informasi.")
        let precision = TimePrecision(rawValue: raw.presisi_waktu ?? "exact")
        v.check(precision != nil, "presisi_waktu", "Ketepatan waktu tidak dikenal.")
        var occurredAt = 0
        if let text = raw.waktu_kejadian?.trimmingWhitespace(), !text.isEmpty {
            if let time = parseTime(text, timeZone: timeZone) {
                occurredAt = time
                v.check(time <= now + 86_400, "waktu_kejadian", "Waktu kejadian tidak boleh di masa depan.")
                v.check(time >= 946_684_800, "waktu_kejadian", "Waktu kejadian terlalu lampau.")
            } else {
                v.add("waktu_kejadian", "Waktu kejadian harus berformat TTTT-BB-HH atau TTTT-BB-HHTJJ:MM.")
            }
        } else {
            v.add("waktu_kejadian", "Waktu kejadian wajib diisi.")
        }
        let region = v.regionCode(raw.kode_wilayah, "kode_wilayah", label: "Lokasi (kode wilayah)")
        if let region { v.check(region.level == .kecamatan || region.level == .desaKelurahan, "kode_wilayah", "Lokasi harus berupa kecamatan atau desa/kelurahan.") }
        var location: GeoPoint?
        switch (raw.lintang, raw.bujur) {
        case (nil, nil): break
        case let (lat?, lng?):
            let point = GeoPoint(lng: lng, lat: lat)
            if point.isInIndonesia { location = point } else { v.add("lintang", "Koordinat harus berada di wilayah Indonesia.") }
        default: v.add("lintang", "Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")
        }
        let place = v.optionalText(raw.tempat, "tempat", label: "Keterangan tempat", maxLength: 300)
        var kinds: [ReportActorKind] = []
        for text in raw.pihak_jenis ?? [] {
            if let kind = ReportActorKind(rawValue: text) { if !kinds.contains(kind) { kinds.append(kind) } } else { v.add("pihak_jenis", "Jenis pihak \"\(text.prefix(30))\" tidak dikenal.") }
        }
        let names = (raw.pihak_nama ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        v.check((raw.pihak_nama ?? []).count <= 50 && names.allSatisfy { $0.length <= 120 }, "pihak_nama", "Nama pihak paling banyak 50, masing-masing paling panjang 120 karakter.")
        func count(_ value: Int?, _ field: String, _ label: String) -> Int? {
            guard let number = value else { return nil }
            v.check((0...1_000_000).contains(number), field, "\(label) harus bilangan 0 sampai 1.000.000.")
            return number
        }
        let involved = count(raw.jumlah_terlibat, "jumlah_terlibat", "Jumlah orang terlibat")
        let injured = count(raw.jumlah_luka, "jumlah_luka", "Jumlah korban luka")
        let dead = count(raw.jumlah_meninggal, "jumlah_meninggal", "Jumlah korban meninggal")
        var tags: [String] = []
        for tag in raw.tag ?? [] {
            let clean = tag.trimmingWhitespace().lowercased()
            guard !clean.isEmpty else { continue }
            if clean.length > 40 || clean.contains(",") { v.add("tag", "Tag paling panjang 40 karakter dan tanpa koma."); break }
            if !tags.contains(clean) { tags.append(clean) }
        }
        v.check((raw.tag ?? []).count <= 20, "tag", "Paling banyak 20 tag.")
        let contact = v.optionalText(raw.kontak_pelapor, "kontak_pelapor", label: "Kontak pelapor", maxLength: 200)
        try v.finish()
        return ReportInput(title: title, narrative: narrative, categoryCode: category, severity: severity!, source: source!, occurredAt: occurredAt,
                           precision: precision!, region: region!, location: location, place: place, actorKinds: kinds, actorNames: names,
                           involved: involved, injured: injured, dead: dead, tags: tags, reporterContact: contact)
    }

    /// "2026-11-23T14:05", "2026-11-23 14:05", "2026-11-23" (local time), or ISO 8601 with a zone.
    public static func parseTime(_ text: String, timeZone: TimeZone) -> Int? {
        // The forms the intake sends ("2024-11-27T09:30", "2024-11-27 09:30[:ss]", "2024-11-27")
        // are read by hand in the installation's zone; anything else (a zone or offset) by ISO 8601.
        let text = text.trimmingWhitespace()
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        if (1...2).contains(parts.count), let day = LocalDate(parts[0]) {
            var seconds = 0
            if parts.count == 2 {
                let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
                guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 }),
                      let h = Int(clock[0]), let m = Int(clock[1]), let s = clock.count == 3 ? Int(clock[2]) : 0,
                      (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return parseISO(text) }
                seconds = h * 3600 + m * 60 + s
            }
            let midnight = day.dayNumber * 86400
            return midnight + seconds - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnight + seconds)))
        }
        return parseISO(text)
    }

    static func parseISO(_ text: String) -> Int? {
        (try? Date.ISO8601FormatStyle().parse(text)).map { Int($0.timeIntervalSince1970) }
    }
}
