import Foundation
import HTTPTypes
import Hummingbird
import PantauCore
import PantauDocuments

/// One cell of an exported table, typed so that Excel gets numbers as numbers and times as times.
enum ExportCell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case decimal(Double)
    /// A Unix time, written in the installation's zone.
    case time(Int)
    case empty
}

/// A column of a downloaded table: its header and its width in Excel.
struct DownloadColumn: Sendable {
    var header: String
    var width: Double = 12
}

/// Small tables (a recapitulation, a TPS list) offered as CSV and Excel from the page that shows
/// them, with the same cells, labels and zone as the report exports. Large lists stream their CSV
/// themselves (`ReportRoutes.csv`).
enum TableDownload {
    enum Format { case csv, xlsx }

    /// `pemisah`: `koma` (the default) or `titik-koma`, for Excel set to Indonesian, which reads a
    /// comma file as one column.
    static func separator(_ request: Request) throws -> String {
        switch QueryValues.text(request.uri.queryParameters, "pemisah") {
        case nil, "koma": ","
        case "titik-koma": ";"
        case let other?: throw BadRequest("Pemisah \"\(other.prefix(30))\" tidak dikenal; pilih koma atau titik-koma.")
        }
    }

    /// A CSV cell: quoted, and a text that starts like a formula (=, +, -, @, TAB, CR) gets a
    /// leading apostrophe so that Excel shows it instead of running it. The first scalar is
    /// checked, not the first Character: CR LF is one Character, and so is = with a combining mark.
    static func csvCell(_ cell: ExportCell, zone: LocalZone) -> String {
        switch cell {
        case .empty: return ""
        case .integer(let value): return String(value)
        case .decimal(let value): return String(value)
        case .time(let epoch): return zone.minute(epoch)
        case .text(var value):
            if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    static func xlsxCell(_ cell: ExportCell) -> XlsxCell {
        switch cell {
        case .empty: .empty
        case .text(let text): .text(text)
        case .integer(let value): .integer(value)
        case .decimal(let value): .number(value)
        case .time(let epoch): .dateTime(Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
    }

    /// The table as a download named `name` (without extension): UTF-8 CSV with a byte-order mark,
    /// or a workbook with one sheet called `sheet`.
    static func response(_ format: Format, request: Request, name: String, sheet: String, columns: [DownloadColumn], rows: [[ExportCell]],
                         zone: LocalZone) throws -> Response {
        switch format {
        case .csv:
            let separator = try separator(request)
            var text = "\u{FEFF}" + columns.map { csvCell(.text($0.header), zone: zone) }.joined(separator: separator) + "\r\n"
            for row in rows { text += row.map { csvCell($0, zone: zone) }.joined(separator: separator) + "\r\n" }
            let file = separator == ";" ? "\(name)-titik-koma.csv" : "\(name).csv"
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        case .xlsx:
            let workbook = XlsxWorkbook(sheets: [XlsxSheet(name: sheet, columns: columns.map { XlsxColumn($0.header, width: $0.width) },
                                                           rows: rows.map { $0.map(xlsxCell) })],
                                        timeZone: TimeZone(identifier: zone.identifier) ?? Display.timeZone, title: sheet, author: "Pantau")
            return Response(status: .ok, headers: [.contentType: XlsxWorkbook.mimeType, .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: try workbook.data())))
        }
    }
}
