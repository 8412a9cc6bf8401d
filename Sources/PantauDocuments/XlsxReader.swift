import Foundation

/// One row of a worksheet that holds at least one value.
public struct XlsxRow: Sendable, Equatable {
    /// The row's number in the sheet, from 1, as Excel shows it ("baris 5").
    public var line: Int
    /// From column A to the last column with a value in this row; gaps are "".
    public var cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }

    /// The cell in `column` (from 0), or "" past the row's end.
    public subscript(column: Int) -> String { column >= 0 && column < cells.count ? cells[column] : "" }
}

/// Reads the first worksheet of an .xlsx as text, as Excel, LibreOffice and openpyxl write it.
///
/// Every value becomes the text a person would read: shared, inline and rich text as is; a
/// formula's cached result (never the formula); numbers with "." as decimal separator and whole
/// numbers without ".0"; TRUE/FALSE; cells formatted as dates as "yyyy-MM-dd", "yyyy-MM-dd HH:mm"
/// or "HH:mm" (the wall clock the sheet shows, no time zone). Rows without any value are left
/// out; the others keep their row number.
///
/// Only `XlsxError` is thrown. Files from strangers are expected: parts are unzipped with a size
/// limit counted as they inflate, data is refused past the row and column limits, and XML with a
/// document type declaration or that is not well-formed is refused, never trusted.
public enum XlsxReader {
    public struct Limits: Sendable, Equatable {
        /// For each part, once unzipped.
        public var maxPartBytes: Int
        /// No value may sit below this row.
        public var maxRows: Int
        /// No value may sit right of this column.
        public var maxColumns: Int
        /// Cells returned, counting the empty ones before a value in its row, and entries in the
        /// shared string table: what bounds the memory a small but sparse file can ask for.
        public var maxCells: Int

        public init(maxPartBytes: Int = 50_000_000, maxRows: Int = 200_000, maxColumns: Int = 200, maxCells: Int = 5_000_000) {
            self.maxPartBytes = maxPartBytes
            self.maxRows = maxRows
            self.maxColumns = maxColumns
            self.maxCells = maxCells
        }
    }

    /// The rows of the workbook's first visible worksheet (its first tab), top to bottom.
    public static func rows(of data: Data, limits: Limits = Limits()) throws(XlsxError) -> [XlsxRow] {
        let package = try XlsxPackage(data, limits: limits)
        let workbook = try package.workbook()
        let strings = try workbook.sharedStringsPath.map { path throws(XlsxError) in try package.sharedStrings(path) } ?? []
        let dateKinds = try workbook.stylesPath.map { path throws(XlsxError) in try package.dateKinds(path) } ?? []
        let sheet = try package.part(workbook.firstSheetPath)
        return try XlsxSheetReader(strings: strings, dateKinds: dateKinds, date1904: workbook.date1904, limits: limits)
            .rows(sheet, part: workbook.firstSheetPath)
    }
}

/// The ZIP container and the workbook-level parts: where the sheet is, shared strings, styles.
struct XlsxPackage {
    private let zip: XlsxZip
    let limits: XlsxReader.Limits

    struct Workbook {
        var firstSheetPath: String
        var sharedStringsPath: String?
        var stylesPath: String?
        var date1904: Bool
    }

    init(_ data: Data, limits: XlsxReader.Limits) throws(XlsxError) {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw .legacyOrEncrypted }
        guard data.starts(with: [0x50, 0x4B]) else { throw .notXlsx }
        zip = try XlsxZip(data)
        self.limits = limits
    }

    /// The unzipped bytes of `path`, refused once they pass the part limit, whatever the entry claims.
    func part(_ path: String) throws(XlsxError) -> Data {
        try zip.extract(path, limit: limits.maxPartBytes)
    }

    func has(_ path: String) -> Bool { zip.entries[path] != nil }

    /// The workbook part named by the package relationships (xl/workbook.xml in practice), its
    /// first visible worksheet, and its shared strings and styles if it has them.
    func workbook() throws(XlsxError) -> Workbook {
        let packageRels = has("_rels/.rels") ? try relationships("_rels/.rels", of: "") : [:]
        let workbookPath = packageRels.values.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard has(workbookPath) else { throw has("[Content_Types].xml") ? .missingPart(workbookPath) : .notXlsx }

        var sheets: [(id: String, visible: Bool)] = []
        var date1904 = false
        var root: String?
        try XlsxSAX.parse(part(workbookPath), part: workbookPath, start: { name, attributes throws(XlsxError) in
            if root == nil {
                root = name
                // A Word or PowerPoint file has a main part too, but not a workbook.
                guard name == "workbook" else { throw .notXlsx }
            }
            switch name {
            case "sheet":
                guard let id = XlsxSAX.attribute("id", in: attributes) else { return }
                let state = attributes["state"] ?? "visible"
                sheets.append((id, state != "hidden" && state != "veryHidden"))
            case "workbookPr":
                date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
            default: break
            }
        })
        let relsPath = Self.relationshipsPath(of: workbookPath)
        let rels = has(relsPath) ? try relationships(relsPath, of: workbookPath) : [:]
        // Chart sheets and dialog sheets have other relationship types and are passed over.
        let worksheets = sheets.compactMap { sheet in
            rels[sheet.id].flatMap { $0.type.hasSuffix("/worksheet") ? (path: $0.target, visible: sheet.visible) : nil }
        }
        guard let first = worksheets.first(where: \.visible) ?? worksheets.first else {
            throw sheets.isEmpty ? .noWorksheet : .missingPart(relsPath)
        }
        return Workbook(
            firstSheetPath: first.path,
            sharedStringsPath: rels.values.first { $0.type.hasSuffix("/sharedStrings") }.map(\.target).flatMap { has($0) ? $0 : nil },
            stylesPath: rels.values.first { $0.type.hasSuffix("/styles") }.map(\.target).flatMap { has($0) ? $0 : nil },
            date1904: date1904)
    }

    /// Relationship id → type and target, the target resolved to a path in the archive.
    func relationships(_ path: String, of source: String) throws(XlsxError) -> [String: (type: String, target: String)] {
        var rels: [String: (type: String, target: String)] = [:]
        try XlsxSAX.parse(part(path), part: path, start: { name, attributes in
            guard name == "Relationship", let id = attributes["Id"], let type = attributes["Type"],
                  let target = attributes["Target"], attributes["TargetMode"] != "External" else { return }
            rels[id] = (type, Self.resolve(target, from: source))
        })
        return rels
    }

    /// "xl/_rels/workbook.xml.rels" for "xl/workbook.xml".
    static func relationshipsPath(of part: String) -> String {
        let slash = part.lastIndex(of: "/")
        let directory = slash.map { String(part[...$0]) } ?? ""
        let file = slash.map { String(part[part.index(after: $0)...]) } ?? part
        return directory + "_rels/" + file + ".rels"
    }

    /// A relationship target as an archive path: "/xl/x.xml" from the root, "worksheets/sheet1.xml"
    /// and "../x.xml" from the source part's folder.
    static func resolve(_ target: String, from source: String) -> String {
        var segments: [Substring] = []
        if !target.hasPrefix("/") { segments = source.split(separator: "/", omittingEmptySubsequences: true).dropLast() }
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// Every `si` of the shared string table: its `t` texts joined (rich text runs included,
    /// phonetic hints left out).
    func sharedStrings(_ path: String) throws(XlsxError) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        try XlsxSAX.parse(part(path), part: path, start: { name, _ in
            switch name {
            case "si": current = ""
            case "t": inText = phonetic == 0
            case "rPh": phonetic += 1
            default: break
            }
        }, end: { name throws(XlsxError) in
            switch name {
            case "si":
                guard strings.count < limits.maxCells else { throw .tooManyCells(limit: limits.maxCells) }
                strings.append(XlsxSheetReader.cleanText(current))
            case "t": inText = false
            case "rPh": phonetic -= 1
            default: break
            }
        }, text: { text in
            if inText { current += text }
        })
        return strings
    }

    /// For each cell format (`cellXfs` index), whether it shows a date, a date and time, or a time.
    func dateKinds(_ path: String) throws(XlsxError) -> [XlsxValues.DateKind?] {
        var codes: [Int: String] = [:]
        var formats: [Int] = []
        var inCellXfs = false
        try XlsxSAX.parse(part(path), part: path, start: { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { codes[id] = code }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: formats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }, end: { name in
            if name == "cellXfs" { inCellXfs = false }
        })
        return formats.map { XlsxValues.dateKind(numFmtId: $0, code: codes[$0]) }
    }
}
