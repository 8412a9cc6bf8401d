import Hummingbird
import PantauCore

/// Strict readers for list filters in a query string, shared by pages and the API. An empty
/// value (what a form's "Semua" option sends) is the same as an absent one; anything else that is
/// not exactly the documented form is a 400, never silently ignored. The API document states the
/// same forms (`^([1-9][0-9]{0,17})?$` for ids, `1`, `true`, `0`, `false` or empty for flags, the region-code pattern).
enum QueryValues {
    /// The value of `name` exactly as sent (no trimming: " 36.73" is not a region code); nil
    /// when absent or empty.
    static func text(_ query: Hummingbird.Parameters, _ name: String) -> String? {
        guard let value = query.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// A check box: `1` or `true` is on; `0`, `false`, empty or absent is off.
    static func flag(_ query: Hummingbird.Parameters, _ name: String) throws -> Bool {
        switch text(query, name) {
        case nil, "0", "false": return false
        case "1", "true": return true
        default: throw BadRequest("Parameter \(name) hanya boleh 1, true, 0, false atau kosong.")
        }
    }

    /// A record number: 1 to 18 digits without sign or leading zero.
    static func id(_ query: Hummingbird.Parameters, _ name: String, label: String) throws -> Int? {
        guard let value = text(query, name) else { return nil }
        guard let id = positiveID(value) else { throw BadRequest("\(label) tidak valid.") }
        return id
    }

    /// A region code (`PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD`, or `ID` for the whole country).
    static func region(_ query: Hummingbird.Parameters, _ name: String) throws -> RegionCode? {
        guard let value = text(query, name) else { return nil }
        guard let code = RegionCode(value) else { throw BadRequest("Kode wilayah \"\(value.prefix(30))\" tidak valid.") }
        return code
    }

    static func positiveID(_ text: String) -> Int? {
        guard (1...18).contains(text.utf8.count), let first = text.utf8.first, first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }
}
