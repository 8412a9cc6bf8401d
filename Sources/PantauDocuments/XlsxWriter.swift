import Foundation

/// The parts of one workbook, in package order.
struct XlsxWriter {
    let workbook: XlsxWorkbook

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    /// Indexes into `cellXfs` in styles.xml.
    enum Style: Int {
        case general = 0, header, date, dateTime, text, quotedText
    }

    /// The sheets to write (one empty sheet when there are none: Excel refuses a workbook without
    /// any) and the names they get.
    var sheets: [(name: String, sheet: XlsxSheet)] {
        let sheets = workbook.sheets.isEmpty ? [XlsxSheet(name: "")] : workbook.sheets
        return zip(Self.sheetNames(sheets.map(\.name)), sheets).map { ($0, $1) }
    }

    func parts() throws -> [(path: String, data: Data)] {
        let sheets = self.sheets
        var strings = SharedStrings()
        var sheetParts: [(String, Data)] = []
        for (index, entry) in sheets.enumerated() {
            let writer = XlsxSheetWriter(sheet: entry.sheet, timeZone: workbook.timeZone, selected: index == 0)
            sheetParts.append(("xl/worksheets/sheet\(index + 1).xml", try writer.xml(strings: &strings)))
        }
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Self.part(contentTypes(sheetCount: sheets.count))),
            ("_rels/.rels", Self.part(packageRelationships())),
            ("docProps/core.xml", Self.part(coreProperties())),
            ("docProps/app.xml", Self.part(appProperties())),
            ("xl/workbook.xml", Self.part(workbookXML(sheets))),
            ("xl/_rels/workbook.xml.rels", Self.part(workbookRelationships(sheetCount: sheets.count))),
            ("xl/styles.xml", Self.part(Self.styles)),
        ]
        parts += sheetParts
        parts.append(("xl/sharedStrings.xml", strings.xml()))
        return parts
    }

    static func part(_ xml: String) -> Data { Data((DocxWriter.declaration + xml).utf8) }

    // MARK: Sheet names

    /// Names Excel accepts, in order: no `[ ] : * ? / \` or control characters, no apostrophe at
    /// either end, at most 31 characters, not blank, and no two alike ignoring case ("History" is
    /// reserved by Excel).
    static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = ["history"]
        var result: [String] = []
        for (index, name) in names.enumerated() {
            var clean = String(String.UnicodeScalarView(name.unicodeScalars.filter {
                !"[]:*?/\\".unicodeScalars.contains($0) && XMLText.isAllowed($0) && $0.value >= 0x20
            }))
            clean = clean.trimmingCharacters(in: .whitespaces)
            while clean.hasPrefix("'") { clean.removeFirst() }
            while clean.hasSuffix("'") { clean.removeLast() }
            clean = XlsxText.truncated(clean, utf16Limit: 31).trimmingCharacters(in: .whitespaces)
            if clean.isEmpty { clean = "Lembar\(index + 1)" }
            var candidate = clean
            var number = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = XlsxText.truncated(clean, utf16Limit: 31 - suffix.utf16.count) + suffix
                number += 1
            }
            used.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// `'Name'!ref`, for defined names.
    static func reference(sheet name: String, _ ref: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'!" + ref
    }

    // MARK: Package

    func contentTypes(sheetCount: Int) -> String {
        let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var overrides = [
            ("/xl/workbook.xml", "\(sml).sheet.main+xml"),
            ("/xl/styles.xml", "\(sml).styles+xml"),
            ("/xl/sharedStrings.xml", "\(sml).sharedStrings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        for index in 1...sheetCount { overrides.append(("/xl/worksheets/sheet\(index).xml", "\(sml).worksheet+xml")) }
        return DocxWriter.contentTypes(overrides)
    }

    func packageRelationships() -> String {
        relationships([
            ("rId1", Self.relationshipBase + "officeDocument", "xl/workbook.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", Self.relationshipBase + "extended-properties", "docProps/app.xml"),
        ])
    }

    /// Sheets are rId1…rIdN, then styles and shared strings.
    func workbookRelationships(sheetCount: Int) -> String {
        var rels = (1...sheetCount).map { ("rId\($0)", Self.relationshipBase + "worksheet", "worksheets/sheet\($0).xml") }
        rels.append(("rId\(sheetCount + 1)", Self.relationshipBase + "styles", "styles.xml"))
        rels.append(("rId\(sheetCount + 2)", Self.relationshipBase + "sharedStrings", "sharedStrings.xml"))
        return relationships(rels)
    }

    private func relationships(_ rels: [(id: String, type: String, target: String)]) -> String {
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + rels.map { "<Relationship Id=\"\($0.id)\" Type=\"\($0.type)\" Target=\"\($0.target)\"/>" }.joined()
            + "</Relationships>"
    }

    // MARK: Workbook

    func workbookXML(_ sheets: [(name: String, sheet: XlsxSheet)]) -> String {
        var names = ""
        for (index, entry) in sheets.enumerated() {
            let lastRow = entry.sheet.rows.count + 1
            let lastColumn = XlsxText.columnName(max(1, entry.sheet.columns.count))
            guard !entry.sheet.columns.isEmpty else { continue }
            // The header prints on every page, as the .docx tables repeat theirs.
            names += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"
                + XMLText.escape(Self.reference(sheet: entry.name, "$1:$1")) + "</definedName>"
            if entry.sheet.autoFilter {
                names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                    + XMLText.escape(Self.reference(sheet: entry.name, "$A$1:$\(lastColumn)$\(lastRow)")) + "</definedName>"
            }
        }
        return "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.rNamespace)\">"
            + "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
            + sheets.enumerated().map { index, entry in
                "<sheet name=\"\(XMLText.escape(entry.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            }.joined()
            + "</sheets>"
            + (names.isEmpty ? "" : "<definedNames>\(names)</definedNames>")
            + "</workbook>"
    }

    /// Fonts: 0 normal, 1 bold. Fills: 0 and 1 are the two Excel requires, 2 the header's grey.
    /// Custom number formats start at 164, after the built-in ones.
    static let styles: String = {
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        func xf(_ numFmt: Int, font: Int = 0, fill: Int = 0, extra: String = "") -> String {
            "<xf numFmtId=\"\(numFmt)\" fontId=\"\(font)\" fillId=\"\(fill)\" borderId=\"0\" xfId=\"0\""
                + (numFmt != 0 ? " applyNumberFormat=\"1\"" : "") + (font != 0 ? " applyFont=\"1\"" : "")
                + (fill != 0 ? " applyFill=\"1\"" : "") + extra + "/>"
        }
        let xfs: [Style: String] = [
            .general: xf(0),
            .header: xf(0, font: 1, fill: 2),
            .date: xf(164),
            .dateTime: xf(165),
            .text: xf(49),
            // Shown as typed and kept text when edited: what Excel does for text typed after an apostrophe.
            .quotedText: xf(49, extra: " quotePrefix=\"1\""),
        ]
        return "<styleSheet xmlns=\"\(mainNamespace)\">"
            + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
            + "<numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy hh:mm\"/></numFmts>"
            + "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
            + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9D9D9\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"\(xfs.count)\">"
            + (0..<xfs.count).map { xfs[Style(rawValue: $0)!]! }.joined()
            + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "</styleSheet>"
    }()

    // MARK: Properties

    func coreProperties() -> String { DocxWriter.coreProperties(title: workbook.title, author: workbook.author, created: workbook.created) }

    func appProperties() -> String {
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>Pantau</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            + "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            + "</Properties>"
    }
}

/// xl/sharedStrings.xml: each distinct text once, numbered in order of first use.
struct SharedStrings {
    private var index: [String: Int] = [:]
    private var ordered: [String] = []
    private(set) var references = 0

    /// The index of `text` (already cleaned and cut to a cell's length), adding it when new.
    mutating func index(of text: String) -> Int {
        references += 1
        if let existing = index[text] { return existing }
        index[text] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    func xml() -> Data {
        var out = XMLBytes(capacity: ordered.reduce(64) { $0 + $1.utf8.count + 40 })
        out.raw(DocxWriter.declaration)
        out.raw("<sst xmlns=\"\(XlsxWriter.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(ordered.count)\">")
        for text in ordered {
            let padded = text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
            out.raw(padded ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            out.text(text)
            out.raw("</t></si>")
        }
        out.raw("</sst>")
        return out.data
    }
}
