import Foundation

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

    /// "2024-11-27T09:30" in WIB (UTC+7), as a datetime-local field holds it; `separator` " "
    /// gives "2024-11-27 09:30".
    public static func wibMinute(_ epoch: Int, separator: String = "T") -> String {
        let seconds = ((epoch + 7 * 3600) % 86400 + 86400) % 86400
        return "\(LocalDate(epoch: epoch))\(separator)" + String(seconds / 3600).leftPadded(2) + ":" + String(seconds / 60 % 60).leftPadded(2)
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

/// Indonesia's three time zones. An installation writes its exports in its own zone, named in
/// every time column's header.
public enum LocalZone: String, Sendable, CaseIterable {
    case wib = "WIB", wita = "WITA", wit = "WIT"

    /// Seconds east of UTC: WIB +7, WITA +8, WIT +9 (Indonesia keeps no daylight saving).
    public var utcOffset: Int {
        switch self {
        case .wib: 7 * 3600
        case .wita: 8 * 3600
        case .wit: 9 * 3600
        }
    }

    /// The zone as Foundation knows it, for writers that take a `TimeZone`.
    public var identifier: String {
        switch self {
        case .wib: "Asia/Jakarta"
        case .wita: "Asia/Makassar"
        case .wit: "Asia/Jayapura"
        }
    }

    /// The zone of a province (by the first two digits of any code inside it; the ministry, "ID",
    /// keeps Jakarta's WIB). Kalimantan Barat and Tengah are WIB, the rest of Kalimantan,
    /// Bali, Nusa Tenggara and Sulawesi WITA, Maluku and Papua WIT.
    public static func of(_ region: RegionCode) -> LocalZone {
        switch String(region.rawValue.prefix(2)) {
        case "51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76": .wita
        case "81", "82", "91", "92", "93", "94", "95", "96": .wit
        default: .wib
        }
    }

    /// "2026-11-29 06:15" in this zone.
    public func minute(_ epoch: Int) -> String {
        let seconds = ((epoch + utcOffset) % 86400 + 86400) % 86400
        return "\(LocalDate(epoch: epoch, utcOffsetSeconds: utcOffset)) " + String(seconds / 3600).leftPadded(2) + ":" + String(seconds / 60 % 60).leftPadded(2)
    }

    /// "2026-11-29" in this zone.
    public func day(_ epoch: Int) -> String { "\(LocalDate(epoch: epoch, utcOffsetSeconds: utcOffset))" }
}
