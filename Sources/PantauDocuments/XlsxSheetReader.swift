import Foundation

/// Reads the cells of one worksheet part into rows of text.
struct XlsxSheetReader {
    let strings: [String]
    let dateKinds: [XlsxValues.DateKind?]
    let date1904: Bool
    let limits: XlsxReader.Limits

    /// What is known of the cell being read.
    private struct Cell {
        var column = 0
        var row = 0
        var type = "n"
        var style = 0
        var value = ""
        var inline = ""
    }

    func rows(_ data: Data, part: String) throws(XlsxError) -> [XlsxRow] {
        var rows: [XlsxRow] = []
        var indexByLine: [Int: Int] = [:]
        var rowNumber = 0
        var lastColumn = 0
        var cell: Cell?
        var inValue = false
        var inInlineText = false
        var phonetic = 0
        var cellCount = 0

        func store(_ cell: Cell) throws(XlsxError) {
            let text = try self.text(of: cell, part: part)
            guard !text.isEmpty else { return }
            guard cell.row <= limits.maxRows else { throw .tooManyRows(limit: limits.maxRows) }
            guard cell.column <= limits.maxColumns else { throw .tooManyColumns(limit: limits.maxColumns) }
            let index: Int
            if let existing = indexByLine[cell.row] {
                index = existing
            } else {
                index = rows.count
                indexByLine[cell.row] = index
                rows.append(XlsxRow(line: cell.row, cells: []))
            }
            if rows[index].cells.count < cell.column {
                cellCount += cell.column - rows[index].cells.count
                guard cellCount <= limits.maxCells else { throw .tooManyCells(limit: limits.maxCells) }
                rows[index].cells.append(contentsOf: repeatElement("", count: cell.column - rows[index].cells.count))
            }
            rows[index].cells[cell.column - 1] = text
        }

        try XlsxSAX.parse(data, part: part, start: { name, attributes throws(XlsxError) in
            switch name {
            case "row":
                let number = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                guard number > 0 else { throw .malformed(part) }
                rowNumber = number
                lastColumn = 0
            case "c":
                var next = Cell()
                if let reference = attributes["r"] {
                    guard let position = XlsxValues.cellReference(reference) else { throw .malformed(part) }
                    (next.column, next.row) = position
                } else {
                    // Without a reference, a cell follows the one before it.
                    (next.column, next.row) = (lastColumn + 1, max(rowNumber, 1))
                }
                lastColumn = next.column
                next.type = attributes["t"] ?? "n"
                next.style = attributes["s"].flatMap { Int($0) } ?? 0
                cell = next
            case "v":
                inValue = cell != nil
            case "t":
                inInlineText = cell != nil && phonetic == 0
            case "rPh":
                phonetic += 1
            default:
                break
            }
        }, end: { name throws(XlsxError) in
            switch name {
            case "c":
                if let finished = cell { try store(finished) }
                cell = nil
            case "v": inValue = false
            case "t": inInlineText = false
            case "rPh": phonetic -= 1
            default: break
            }
        }, text: { text in
            if inValue { cell?.value += text } else if inInlineText { cell?.inline += text }
        })
        if rows.count > 1, zip(rows, rows.dropFirst()).contains(where: { $0.line > $1.line }) {
            rows.sort { $0.line < $1.line }
        }
        return rows
    }

    private func text(of cell: Cell, part: String) throws(XlsxError) -> String {
        switch cell.type {
        case "s":
            let value = cell.value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return "" }
            guard let index = Int(value), strings.indices.contains(index) else { throw .malformed(part) }
            return strings[index]
        case "inlineStr":
            return Self.cleanText(cell.inline)
        case "str", "e":
            return Self.cleanText(cell.value)
        case "b":
            switch cell.value.trimmingCharacters(in: .whitespaces) {
            case "1", "true": return "TRUE"
            case "0", "false": return "FALSE"
            default: return Self.cleanText(cell.value)
            }
        case "d":
            return XlsxValues.isoDateText(cell.value, kind: dateKind(cell.style))
        default:
            let value = cell.value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return "" }
            if let kind = dateKind(cell.style), let serial = Double(value),
               let date = XlsxValues.dateText(serial: serial, kind: kind, date1904: date1904) {
                return date
            }
            return XlsxValues.numberText(value)
        }
    }

    private func dateKind(_ style: Int) -> XlsxValues.DateKind? {
        dateKinds.indices.contains(style) ? dateKinds[style] : nil
    }

    /// Stored text as shown: "_xHHHH_" decoded, line ends as LF, characters XML forbids dropped.
    static func cleanText(_ text: String) -> String {
        XMLText.clean(XlsxText.decodeHexSequences(text))
    }
}
