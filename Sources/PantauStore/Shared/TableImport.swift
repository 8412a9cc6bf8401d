import CSV
import Foundation
import PantauCore

/// Reading uploaded tables (TPS lists, voter figures) into an `ImportTable`, the shape the core's
/// row parsers check.
public enum TableImport {
    /// The most data rows one upload may hold; a kab/kota has a few thousand TPS.
    public static let maximumRows = 50_000

    /// Reads CSV bytes as Excel and LibreOffice write them: UTF-8 with or without a byte-order mark,
    /// separated by commas or (Excel in an Indonesian locale) semicolons, or tabs. Column names are
    /// compared in lower case with spaces as underscores ("Kode Wilayah" is `kode_wilayah`). Each
    /// row keeps the line of the file it starts on (1 = the header); blank lines are skipped.
    public static func csv(_ data: Data) -> Result<ImportTable, ImportRejected> {
        guard var text = String(data: data, encoding: .utf8) else {
            return .failure(ImportRejected([ImportProblem(line: 1, column: "-", reason: "berkas bukan teks UTF-8; simpan sebagai \"CSV UTF-8\"")]))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.trimmingWhitespace().isEmpty else {
            return .failure(ImportRejected([ImportProblem(line: 1, column: "-", reason: "berkas kosong")]))
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true, delimiter: delimiter(of: text))
        } catch {
            return .failure(ImportRejected([ImportProblem(line: 1, column: "-", reason: "berkas CSV tidak terbaca")]))
        }
        var records: [(line: Int, cells: [String])] = []
        var line = 1
        while let fields = reader.next() {
            records.append((line, fields))
            line += 1 + newlines(in: fields)
            // One row past the limit is enough to say the file is too long.
            if records.count > maximumRows + 1 { break }
        }
        return rows(records)
    }

    /// A table from rows of cells as a spreadsheet gives them (the CSV reader above, or the first
    /// sheet of an .xlsx): the first row is the header, each row keeps its line in the file, blank
    /// rows are skipped, and the same checks as for CSV apply.
    public static func rows(_ records: [(line: Int, cells: [String])]) -> Result<ImportTable, ImportRejected> {
        guard let headerRecord = records.first else {
            return .failure(ImportRejected([ImportProblem(line: 1, column: "-", reason: "berkas tidak berisi baris judul")]))
        }
        let header = headerRecord.cells.map(columnName)
        var problems: [ImportProblem] = []
        var seen = Set<String>()
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                if index < header.count - 1 { problems.append(ImportProblem(line: headerRecord.line, column: "kolom \(index + 1)", reason: "judul kolom kosong")) }
            } else if !seen.insert(name).inserted {
                problems.append(ImportProblem(line: headerRecord.line, column: name, reason: "judul kolom muncul dua kali"))
            }
        }
        var rows: [(line: Int, cells: [String: String])] = []
        for (start, fields) in records.dropFirst() {
            if fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            guard rows.count < maximumRows else {
                problems.append(ImportProblem(line: start, column: "-", reason: "berkas melebihi \(maximumRows) baris data; bagi menjadi beberapa berkas"))
                break
            }
            let extra = fields.dropFirst(header.count)
            if extra.contains(where: { !$0.trimmingWhitespace().isEmpty }) {
                problems.append(ImportProblem(line: start, column: "-", reason: "baris berisi \(fields.count) kolom, lebih banyak dari baris judul (\(header.count))"))
                continue
            }
            var cells: [String: String] = [:]
            for (name, value) in zip(header, fields) where !name.isEmpty { cells[name] = value.trimmingWhitespace() }
            rows.append((start, cells))
        }
        guard problems.isEmpty else { return .failure(ImportRejected(problems)) }
        return .success(ImportTable(header: header.filter { !$0.isEmpty }, rows: rows))
    }

    /// A table from the rows of a JSON body: each object's keys are the columns and its position in
    /// the array (from 1) is its line. Numbers become their decimal text, null an empty cell. At
    /// most `maximumRows` rows, as for a CSV upload.
    public static func json(_ objects: [[String: JSONCell]], columns: [String]) -> Result<ImportTable, ImportRejected> {
        guard objects.count <= maximumRows else {
            return .failure(ImportRejected([ImportProblem(line: maximumRows + 1, column: "-",
                                                          reason: "data melebihi \(maximumRows) baris; bagi menjadi beberapa kiriman")]))
        }
        var header = columns
        for object in objects { for key in object.keys.sorted() where !header.contains(key) { header.append(key) } }
        let rows = objects.enumerated().map { index, object in
            (line: index + 1, cells: object.mapValues(\.text))
        }
        return .success(ImportTable(header: header, rows: rows))
    }

    /// `Kode Wilayah` → `kode_wilayah`.
    static func columnName(_ text: String) -> String {
        text.trimmingWhitespace().lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
    }

    /// The separator used in the header line: the most frequent of semicolon, comma and tab outside
    /// quotes; comma when there is none.
    static func delimiter(of text: String) -> UnicodeScalar {
        var counts: [UnicodeScalar: Int] = [";": 0, ",": 0, "\t": 0]
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle(); continue }
            if !quoted && (scalar == "\n" || scalar == "\r") { break }
            if !quoted, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        let candidates: [UnicodeScalar] = [",", ";", "\t"]
        let best = candidates.max { counts[$0]! < counts[$1]! }!
        return counts[best]! == 0 ? "," : best
    }

    private static func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) } }
    }
}

/// One value of a JSON import row: text, a number or null.
public enum JSONCell: Decodable, Sendable, Equatable {
    case text(String)
    case integer(Int)
    case number(Double)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else if let value = try? container.decode(Bool.self) { self = .text(String(value)) }
        else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected text, a number or null") }
    }

    public var text: String {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .null: ""
        }
    }
}
