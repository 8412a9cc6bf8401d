import Foundation

/// xl/worksheets/sheetN.xml for one sheet; its texts go into the workbook's shared strings.
struct XlsxSheetWriter {
    let sheet: XlsxSheet
    let timeZone: TimeZone
    /// The tab shown when the workbook opens.
    let selected: Bool

    typealias Style = XlsxWriter.Style

    var hasHeader: Bool { !sheet.columns.isEmpty }

    func xml(strings: inout SharedStrings) throws -> Data {
        let rowCount = sheet.rows.count + (hasHeader ? 1 : 0)
        let columnCount = max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0)
        guard rowCount <= XlsxWorkbook.maxRows else { throw XlsxError.tooManyRows(limit: XlsxWorkbook.maxRows) }
        guard columnCount <= XlsxWorkbook.maxColumns else { throw XlsxError.tooManyColumns(limit: XlsxWorkbook.maxColumns) }
        let columnNames = (0...columnCount).map { $0 == 0 ? "" : XlsxText.columnName($0) }
        let lastCell = rowCount == 0 || columnCount == 0 ? "A1" : "A1:\(columnNames[columnCount])\(rowCount)"

        var out = XMLBytes(capacity: min(64 << 20, 256 + rowCount * max(1, columnCount) * 24))
        out.raw(DocxWriter.declaration)
        out.raw("<worksheet xmlns=\"\(XlsxWriter.mainNamespace)\" xmlns:r=\"\(XlsxWriter.rNamespace)\">")
        // Printed on A4 landscape, as many pages down as it takes but one page wide.
        out.raw("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")
        out.raw("<dimension ref=\"\(lastCell)\"/>")
        out.raw("<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>")
        if hasHeader {
            // The header stays in view while scrolling.
            out.raw("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
            out.raw("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>")
        }
        out.raw("</sheetView></sheetViews>")
        out.raw("<sheetFormatPr defaultRowHeight=\"15\"/>")
        if hasHeader {
            out.raw("<cols>")
            for (index, column) in sheet.columns.enumerated() {
                let width = XlsxText.number(min(255, max(0, column.width.isFinite ? column.width : 12))) ?? "12"
                out.raw("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"")
                if let style = Self.columnStyle(column.kind) { out.raw(" style=\"\(style.rawValue)\"") }
                out.raw("/>")
            }
            out.raw("</cols>")
        }
        out.raw("<sheetData>")
        var rowNumber = 0
        if hasHeader {
            rowNumber += 1
            row(sheet.columns.map { .text($0.title) }, number: rowNumber, header: true, columnNames: columnNames, strings: &strings, into: &out)
        }
        for cells in sheet.rows {
            rowNumber += 1
            row(cells, number: rowNumber, header: false, columnNames: columnNames, strings: &strings, into: &out)
        }
        out.raw("</sheetData>")
        if hasHeader && sheet.autoFilter {
            out.raw("<autoFilter ref=\"A1:\(columnNames[sheet.columns.count])\(rowCount)\"/>")
        }
        out.raw("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        out.raw("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>")
        out.raw("</worksheet>")
        return out.data
    }

    /// The format a column's empty cells get, so what a user types there is read as intended.
    static func columnStyle(_ kind: XlsxColumn.Kind) -> Style? {
        switch kind {
        case .text: .text
        case .number: nil
        case .date: .date
        case .dateTime: .dateTime
        }
    }

    private func row(_ cells: [XlsxCell], number: Int, header: Bool, columnNames: [String],
                     strings: inout SharedStrings, into out: inout XMLBytes) {
        out.raw("<row r=\"\(number)\">")
        for (index, cell) in cells.enumerated() {
            let reference = columnNames[index + 1] + String(number)
            switch cell {
            case .empty:
                continue
            case .text(let text):
                let clean = XlsxText.truncated(XMLText.clean(text), utf16Limit: XlsxWorkbook.maxCellText)
                guard !clean.isEmpty else { continue }
                let style: Style = header ? .header : Self.looksLikeFormula(clean) ? .quotedText : .text
                out.raw("<c r=\"\(reference)\" s=\"\(style.rawValue)\" t=\"s\"><v>")
                out.raw(strings.index(of: XlsxText.escapeHexSequences(clean)))
                out.raw("</v></c>")
            case .number(let value):
                guard let text = XlsxText.number(value) else { continue }
                out.raw("<c r=\"\(reference)\"><v>\(text)</v></c>")
            case .integer(let value):
                out.raw("<c r=\"\(reference)\"><v>\(value)</v></c>")
            case .date(let date), .dateTime(let date):
                let dayOnly: Bool = if case .date = cell { true } else { false }
                guard let serial = Self.serial(date, in: timeZone, dayOnly: dayOnly) else {
                    // Before 1 March 1900 Excel has no faithful serial (it counts a 29 February 1900): as text.
                    let text = Self.displayText(date, in: timeZone, dayOnly: dayOnly)
                    out.raw("<c r=\"\(reference)\" s=\"\(Style.text.rawValue)\" t=\"s\"><v>\(strings.index(of: text))</v></c>")
                    continue
                }
                let style: Style = dayOnly ? .date : .dateTime
                out.raw("<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(XlsxText.number(serial) ?? "0")</v></c>")
            }
        }
        out.raw("</row>")
    }

    /// Text a spreadsheet would take for a formula if it were typed in (CSV injection's first characters).
    static func looksLikeFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return "=+-@".unicodeScalars.contains(first)
    }

    /// Seconds since 1970 of the wall clock `date` shows in `zone`, to the second.
    static func localSeconds(_ date: Date, in zone: TimeZone) -> Int64 {
        let seconds = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        return Int64(seconds.rounded(.down))
    }

    /// The Excel serial (days since 30 December 1899, the time as a fraction of a day) of the local
    /// wall clock; nil before 1 March 1900 or after 9999.
    static func serial(_ date: Date, in zone: TimeZone, dayOnly: Bool) -> Double? {
        guard date.timeIntervalSince1970.isFinite,
              date.timeIntervalSince1970.magnitude < 1e12 else { return nil }
        let local = localSeconds(date, in: zone)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        let serialDay = days + 25_569   // 1970-01-01 is serial 25569
        guard serialDay >= 61, serialDay <= 2_958_465 else { return nil }
        return dayOnly ? Double(serialDay) : Double(serialDay) + Double(seconds) / 86_400
    }

    /// "dd/mm/yyyy" or "dd/mm/yyyy hh:mm", for dates Excel cannot hold as numbers.
    static func displayText(_ date: Date, in zone: TimeZone, dayOnly: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(two(c.day))/\(two(c.month))/\(c.year ?? 0)"
        return dayOnly ? day : day + " \(two(c.hour)):\(two(c.minute))"
    }
}
