import Foundation

/// A growing UTF-8 byte buffer for one XML part: appending is amortised constant time, so a large
/// sheet is written in one pass instead of by repeated string concatenation.
struct XMLBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends markup as it is: only for text the writer itself made.
    mutating func raw(_ markup: String) { bytes.append(contentsOf: markup.utf8) }

    mutating func raw(_ value: Int) { raw(String(value)) }

    /// Appends `text` escaped for element content or a double-quoted attribute value, without the
    /// characters XML 1.0 forbids and with CR LF and lone CR as LF (see `XMLText.clean`).
    mutating func text(_ text: String) {
        for byte in XMLText.clean(text).utf8 {
            switch byte {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\""): raw("&quot;")
            case UInt8(ascii: "\n"): raw("&#10;")
            case UInt8(ascii: "\t"): raw("&#9;")
            default: bytes.append(byte)
            }
        }
    }

    var data: Data { Data(bytes) }
}

/// Text conventions of SpreadsheetML beyond XML's own.
enum XlsxText {
    /// Spreadsheet text stores a character as "_xHHHH_" (Excel writes a CR as "_x000D_"), so text
    /// that holds such a sequence literally has its "_" written as "_x005F_" to read back unchanged.
    static func escapeHexSequences(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_", isHexSequence(scalars, at: index) {
                out.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Replaces every "_xHHHH_" with the character it names (what Excel shows).
    static func decodeHexSequences(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", isHexSequence(scalars, at: index),
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let decoded = Unicode.Scalar(value) {
                out.append(decoded)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    private static func isHexSequence(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// At most `limit` UTF-16 code units, cut between characters.
    static func truncated(_ text: String, utf16Limit limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var count = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let length = text.utf16.distance(from: index, to: next)
            if count + length > limit { break }
            count += length
            end = next
        }
        return String(text[..<end])
    }

    /// "A" for 1, "Z" for 26, "AA" for 27, … "XFD" for 16384.
    static func columnName(_ column: Int) -> String {
        var column = column
        var name = ""
        while column > 0 {
            let remainder = (column - 1) % 26
            name.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: name.startIndex)
            column = (column - 1) / 26
        }
        return name
    }

    /// The shortest text that reads back as `value`, with "." as the decimal separator and no ".0"
    /// on whole numbers; nil for infinity and NaN, which a cell cannot hold.
    static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
