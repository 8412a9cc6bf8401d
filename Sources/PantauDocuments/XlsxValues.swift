import Foundation

/// How a cell's stored value reads as text: numbers as typed, dates as ISO wall-clock text.
enum XlsxValues {
    /// What a number format shows of a serial date.
    enum DateKind: Sendable, Equatable {
        /// "yyyy-MM-dd"
        case date
        /// "yyyy-MM-dd HH:mm"
        case dateTime
        /// "HH:mm", for a time of day without a date.
        case time
    }

    // MARK: Number formats

    /// The date kind of a number format, or nil when it shows a plain number. `code` is the
    /// format's definition from styles.xml when the file gives one; otherwise the built-in id counts.
    static func dateKind(numFmtId: Int, code: String?) -> DateKind? {
        if let code { return dateKind(code: code) }
        switch numFmtId {
        case 14...17: return .date
        case 18...21, 45...47: return .time
        case 22: return .dateTime
        default: return nil
        }
    }

    /// Whether a custom format such as "dd/mm/yyyy", "[$-421]d mmmm yyyy;@" or "h:mm" shows a date
    /// or a time: after quoted text, escaped characters, colours and locales are removed, y or d make
    /// a date, h or s a time, and m counts as a month only without h or s.
    static func dateKind(code: String) -> DateKind? {
        var tokens = ""
        var iterator = code.lowercased().makeIterator()
        var inQuotes = false
        while let character = iterator.next() {
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "\\", "_", "*": _ = iterator.next()   // a literal, a space as wide as, a repeated character
            case ";": iterator = "".makeIterator()      // only the first section (positive numbers) counts
            case "[":
                var bracket = ""
                while let next = iterator.next(), next != "]" { bracket.append(next) }
                // [h], [mm], [ss] are elapsed times; [Red], [$-421], [>=100] are not tokens.
                if !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { tokens += bracket }
            default: tokens.append(character)
            }
        }
        for word in ["general", "am/pm", "a/p"] { tokens = tokens.replacingOccurrences(of: word, with: "") }
        let hasTime = tokens.contains("h") || tokens.contains("s")
        let hasDate = tokens.contains("y") || tokens.contains("d") || (tokens.contains("m") && !hasTime)
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return nil
        }
    }

    // MARK: Numbers

    /// A stored number as a person reads it: whole numbers in digits, without ".0" or exponent (a
    /// 16-digit NIK typed as a number reads back as Excel kept it), others as written when that is
    /// plain decimal text of at most 15 significant digits (what Excel shows), else rounded to 15
    /// significant digits; "." is the decimal separator.
    static func numberText(_ stored: String) -> String {
        let text = stored.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Double(text), value.isFinite else { return text }
        if value == value.rounded(), value.magnitude < 1e18 { return String(Int64(value)) }
        let plain = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }
        if plain, significantDigits(text) <= 15 { return text.hasPrefix("+") ? String(text.dropFirst()) : text }
        let rounded = String(format: "%.15g", value)
        return rounded.contains("e") ? "\(value)" : rounded
    }

    private static func significantDigits(_ text: String) -> Int {
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        return text.contains(".") ? digits.count : digits.reversed().drop { $0 == "0" }.count
    }

    // MARK: Dates

    /// The wall-clock text of an Excel serial date, or nil when it is not a date Excel can show
    /// (negative, or past 9999-12-31). Seconds are rounded, then left out.
    static func dateText(serial: Double, kind: DateKind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let total = Int64((serial * 86_400).rounded())
        var serialDay = total / 86_400
        let seconds = total % 86_400
        let time = two(Int(seconds / 3600)) + ":" + two(Int(seconds % 3600 / 60))
        if kind == .time { return time }
        let day: String
        if date1904 { serialDay += 1462 }   // the 1904 system's day 0 is the 1900 system's day 1462
        if serialDay == 60 {
            day = "1900-02-29"   // Lotus 1-2-3's leap day, which Excel keeps
        } else {
            // Serial 1 is 1900-01-01; from serial 61 (1900-03-01) on, one more for the phantom leap day.
            let unixDay = serialDay < 60 ? serialDay - 25_568 : serialDay - 25_569
            day = civilDate(daysSince1970: unixDay)
        }
        return kind == .date ? day : day + " " + time
    }

    /// "yyyy-MM-dd" (proleptic Gregorian) of a day count from 1970-01-01. The same arithmetic as
    /// PantauCore's `LocalDate`, which this layer does not import (documents know no domain).
    static func civilDate(daysSince1970 days: Int64) -> String {
        // Howard Hinnant's days_from_civil, inverted.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(Int(month)) + "-" + two(Int(day))
    }

    /// An ISO 8601 cell (`t="d"`, as openpyxl can write): "2026-11-23" or "2026-11-23T10:30:00"
    /// becomes "2026-11-23" or "2026-11-23 10:30"; `kind` from the cell's format decides whether the
    /// time is shown (without one, it is shown unless it is midnight).
    static func isoDateText(_ stored: String, kind: DateKind?) -> String {
        let text = stored.trimmingCharacters(in: .whitespaces)
        let scalars = Array(text.unicodeScalars)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= scalars.count && scalars[range].allSatisfy { $0.properties.numericType != nil && $0.isASCII }
        }
        guard digits(0..<4), digits(5..<7), digits(8..<10), scalars[4] == "-", scalars[7] == "-" else { return text }
        let day = String(String.UnicodeScalarView(scalars[0..<10]))
        var time: String?
        if scalars.count >= 16, scalars[10] == "T" || scalars[10] == " ", digits(11..<13), scalars[13] == ":", digits(14..<16) {
            time = String(String.UnicodeScalarView(scalars[11..<16]))
        }
        switch kind {
        case .date: return day
        case .time: return time ?? "00:00"
        case .dateTime: return day + " " + (time ?? "00:00")
        case nil: return time.map { $0 == "00:00" ? day : day + " " + $0 } ?? day
        }
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    // MARK: Cell references

    /// Column and row (both from 1) of a reference such as "C5" or "$C$5"; nil when it is not one.
    /// Values are capped so that a hostile "ZZZZZZZZ1" cannot overflow.
    static func cellReference(_ reference: String) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !sawDigit else { return nil }
                column = min(column * 26 + Int((byte & 0xDF) - 64), 1 << 40)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = min(row * 10 + Int(byte - 48), 1 << 40)
            default:
                return nil
            }
        }
        guard column > 0, row > 0 else { return nil }
        return (column, row)
    }
}
