import Foundation

/// One cell value of a worksheet.
public enum XlsxCell: Sendable, Equatable {
    /// Always stored as text, never as a formula, even when it starts with "=", "+", "-" or "@".
    case text(String)
    case number(Double)
    case integer(Int)
    /// The calendar day `Date` falls on in the workbook's time zone, shown as "dd/mm/yyyy".
    case date(Date)
    /// The wall-clock time of `Date` in the workbook's time zone, to the second, shown as "dd/mm/yyyy hh:mm".
    case dateTime(Date)
    /// Nothing is written: the cell stays blank.
    case empty
}

extension XlsxCell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}

/// A column of a worksheet: its header, its width, and the format new entries in it get.
public struct XlsxColumn: Sendable, Equatable {
    /// What a column holds. It sets the format of the whole column, so that what a user types into
    /// an empty cell of a date column is a date, and a number typed into a text column (a NIK, a
    /// telephone number) keeps its leading zeros.
    public enum Kind: Sendable, Equatable {
        case text, number, date, dateTime
    }

    /// The text of the bold header cell in the first row.
    public var title: String
    /// In characters of the default font, as Excel's column width dialog counts them (0–255).
    public var width: Double
    public var kind: Kind

    public init(_ title: String, width: Double = 12, kind: Kind = .text) {
        self.title = title
        self.width = width
        self.kind = kind
    }
}

/// One worksheet: a bold, frozen header row from `columns`, then `rows` from row 2 on.
public struct XlsxSheet: Sendable {
    /// The tab's name. When written, characters Excel forbids (`[ ] : * ? / \`) are dropped, the name
    /// is cut to 31 characters, and a name already used in the workbook gets a number.
    public var name: String
    /// No columns means no header row, no frozen pane and no filter: `rows` start at row 1.
    public var columns: [XlsxColumn]
    /// Rows may be shorter or longer than `columns`.
    public var rows: [[XlsxCell]]
    /// A filter button on every header cell.
    public var autoFilter: Bool

    public init(name: String, columns: [XlsxColumn] = [], rows: [[XlsxCell]] = [], autoFilter: Bool = true) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.autoFilter = autoFilter
    }

    /// Adds one row at the bottom; building a sheet row by row costs linear time.
    public mutating func append(_ row: [XlsxCell]) { rows.append(row) }
}

/// An Excel workbook (.xlsx, Office Open XML) of one or more worksheets.
///
/// Build the value, then call `data()` for the file's bytes. The output depends only on the value:
/// the same workbook always gives the same bytes. Every part is written into a byte buffer, so a
/// sheet of a hundred thousand rows costs time in proportion to its size.
public struct XlsxWorkbook: Sendable {
    /// The media type to send an .xlsx with.
    public static let mimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The limits of an Excel worksheet; `data()` refuses a sheet beyond them.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// The most characters (UTF-16 code units) Excel keeps in a cell; longer text is cut.
    public static let maxCellText = 32_767

    public var sheets: [XlsxSheet]
    /// Where `.date` and `.dateTime` cells are shown: an Excel date has no zone, only a wall clock,
    /// so an instant is written as the local time here (e.g. Asia/Jakarta for WIB, Asia/Makassar for
    /// WITA, Asia/Jayapura for WIT).
    public var timeZone: TimeZone
    /// Document properties (File ▸ Properties).
    public var title: String
    public var author: String
    /// Stored as the created and modified dates in the document properties; nil leaves them out.
    public var created: Date?

    public init(sheets: [XlsxSheet], timeZone: TimeZone, title: String = "", author: String = "", created: Date? = nil) {
        self.sheets = sheets
        self.timeZone = timeZone
        self.title = title
        self.author = author
        self.created = created
    }

    /// The zipped .xlsx file. Throws `XlsxError.tooManyRows` or `.tooManyColumns` for a sheet
    /// larger than Excel allows.
    public func data() throws -> Data {
        try DocxPackage.zip(XlsxWriter(workbook: self).parts())
    }
}
