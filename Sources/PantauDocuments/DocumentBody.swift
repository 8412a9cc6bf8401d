import Foundation

/// word/document.xml: the letterhead, the blocks, and the section (page) properties.
struct DocumentBody {
    let document: DocxDocument
    let hasFooter: Bool
    var hasHeader = false

    static let footerRelationship = "rId4"
    static let headerRelationship = "rId5"
    static let bulletNumId = 1
    /// Left and right padding inside bordered table cells (0.15 cm).
    static let cellMargin = 85

    func xml() -> String {
        var body = letterhead()
        var nextNumId = Self.bulletNumId + 1
        for (index, block) in document.blocks.enumerated() {
            // A signature never stands alone on a page: the paragraph or list item before it goes along.
            var beforeSignature = false
            if index + 1 < document.blocks.count, case .signature = document.blocks[index + 1] { beforeSignature = true }
            let keep = beforeSignature ? "<w:keepNext/>" : ""
            switch block {
            case .title(let text):
                body += XMLText.paragraph(style("Title"), XMLText.run(text))
            case .subtitle(let text):
                body += XMLText.paragraph(style("Subtitle"), XMLText.run(text))
            case .heading(let text):
                body += XMLText.paragraph(style("Heading1"), XMLText.run(text))
            case .paragraph(let text):
                body += XMLText.paragraph(style("BodyText") + keep, XMLText.run(text))
            case .bullets(let items):
                body += list(items, numId: Self.bulletNumId, keepLastWithNext: beforeSignature)
            case .numbered(let items):
                guard !items.isEmpty else { continue }
                body += list(items, numId: nextNumId, keepLastWithNext: beforeSignature)
                nextNumId += 1
            case .table(let header, let rows, let widths):
                body += table(header: header, rows: rows, relativeWidths: widths)
            case .keyValue(let pairs):
                body += keyValue(pairs)
            case .signature(let place, let date, let role, let name, let id):
                body += signature(place: place, date: date, role: role, name: name, id: id)
            case .pageBreak:
                body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            }
        }
        return "<w:document xmlns:w=\"\(DocxWriter.wNamespace)\" xmlns:r=\"\(DocxWriter.rNamespace)\">"
            + "<w:body>" + body + sectionProperties() + "</w:body></w:document>"
    }

    private func style(_ id: String) -> String { "<w:pStyle w:val=\"\(id)\"/>" }

    private func size(_ halfPoints: Int) -> String { "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>" }

    // MARK: Letterhead

    /// Like the printed page: the first line 14 pt bold capitals, the second 13 pt bold, the rest
    /// (address, telephone) 11 pt; a double rule under the last line.
    private func letterhead() -> String {
        let lines = (document.letterhead?.lines ?? [])
            .map { XMLText.clean($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var xml = ""
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            let runProperties = switch index {
            case 0: "<w:b/><w:bCs/><w:caps/>" + size(28)
            case 1: "<w:b/><w:bCs/>" + size(26)
            default: size(22)
            }
            var properties = style("Letterhead")
            if isLast {
                properties += "<w:pBdr><w:bottom w:val=\"double\" w:sz=\"6\" w:space=\"4\" w:color=\"000000\"/></w:pBdr>"
                    + "<w:spacing w:after=\"360\"/>"
            }
            xml += XMLText.paragraph(properties, XMLText.run(line, runProperties))
        }
        return xml
    }

    // MARK: Lists

    private func list(_ items: [String], numId: Int, keepLastWithNext: Bool) -> String {
        items.enumerated().map { index, item in
            let keep = keepLastWithNext && index == items.count - 1 ? "<w:keepNext/>" : ""
            return XMLText.paragraph(
                style("ListParagraph") + keep + "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(numId)\"/></w:numPr>",
                XMLText.run(item))
        }.joined()
    }

    // MARK: Tables

    /// Twips per column summing exactly to `total`, shared by `relative` weights (equal shares unless
    /// they are all positive and one per column). A column narrower than its entry in `minimums` is
    /// widened to it at the expense of the others, unless the minimums do not fit at all.
    static func columnWidths(count: Int, relative: [Int]?, minimums: [Int] = [], total: Int = Page.textWidth) -> [Int] {
        guard count > 0 else { return [] }
        var weights = Array(repeating: 1, count: count)
        if let relative, relative.count == count, relative.allSatisfy({ $0 > 0 }) { weights = relative }
        let minimums = minimums.count == count ? minimums.map { max(0, $0) } : Array(repeating: 0, count: count)
        var pinned = Set<Int>()   // columns held at their minimum
        if minimums.reduce(0, +) <= total {
            while true {
                let free = (0..<count).filter { !pinned.contains($0) }
                let room = total - pinned.reduce(0) { $0 + minimums[$1] }
                let weight = free.reduce(0) { $0 + weights[$1] }
                let short = free.filter { weight > 0 && room * weights[$0] / weight < minimums[$0] }
                if short.isEmpty { break }
                pinned.formUnion(short)
            }
        }
        let room = total - pinned.reduce(0) { $0 + minimums[$1] }
        let weight = (0..<count).filter { !pinned.contains($0) }.reduce(0) { $0 + weights[$1] }
        var widths = (0..<count).map { pinned.contains($0) ? minimums[$0] : weight > 0 ? room * weights[$0] / weight : 0 }
        let last = (0..<count).last { !pinned.contains($0) } ?? count - 1
        widths[last] += total - widths.reduce(0, +)
        return widths
    }

    /// A rough width in twips for the longest word of each column, so that a narrow column is not
    /// split inside a word ("Kaseme|n"); capped at 40% of the text width.
    static func minimumWidths(_ rows: [[String]], columns: Int, fontSize: Double, padding: Int) -> [Int] {
        let twipsPerCharacter = fontSize * 20 * 0.62   // generous average advance, bold capitals included
        return (0..<columns).map { column in
            let longest = rows.compactMap { column < $0.count ? $0[column] : nil }
                .flatMap { $0.split(whereSeparator: { $0.isWhitespace }) }
                .map(\.count).max() ?? 0
            guard longest > 0 else { return 0 }
            return min(Page.textWidth * 2 / 5, Int((Double(longest) * twipsPerCharacter).rounded(.up)) + padding)
        }
    }

    private func table(header: [String], rows: [[String]], relativeWidths: [Int]?) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        let minimums = Self.minimumWidths([header] + rows, columns: columns,
                                          fontSize: document.fontSize - 1.5, padding: 2 * Self.cellMargin + 30)
        let widths = Self.columnWidths(count: columns, relative: relativeWidths, minimums: minimums)
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(Page.textWidth)\" w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
            + "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/>"
            + "<w:insideH \(border)/><w:insideV \(border)/></w:tblBorders>"
            + "<w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"\(Self.cellMargin)\" w:type=\"dxa\"/>"
            + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"\(Self.cellMargin)\" w:type=\"dxa\"/></w:tblCellMar>"
            + "</w:tblPr>"
            + grid(widths)
        if !header.isEmpty {
            xml += row(header, widths: widths, rowProperties: "<w:cantSplit/><w:tblHeader/>",
                       cellProperties: "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>",
                       paragraphProperties: style("TableText") + "<w:keepNext/>",
                       runProperties: "<w:b/><w:bCs/>")
        }
        for cells in rows {
            xml += row(cells, widths: widths, rowProperties: "<w:cantSplit/>", paragraphProperties: style("TableText"))
        }
        return xml + "</w:tbl>" + spacer()
    }

    private func grid(_ widths: [Int]) -> String {
        "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
    }

    private func row(_ cells: [String], widths: [Int], rowProperties: String = "", cellProperties: String = "",
                     paragraphProperties: String, runProperties: String = "") -> String {
        var xml = "<w:tr>" + (rowProperties.isEmpty ? "" : "<w:trPr>\(rowProperties)</w:trPr>")
        for (column, width) in widths.enumerated() {
            let text = column < cells.count ? cells[column] : ""
            xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(cellProperties)</w:tcPr>"
                + XMLText.paragraph(paragraphProperties, XMLText.run(text, runProperties))
                + "</w:tc>"
        }
        return xml + "</w:tr>"
    }

    /// A short empty paragraph: space after a table, and what keeps two tables from merging.
    private func spacer() -> String { XMLText.paragraph(style("Spacer"), "") }

    private func keyValue(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        let widths = [2552, 284, Page.textWidth - 2552 - 284]   // 4.5 cm, 0.5 cm, rest
        let none = "w:val=\"nil\""
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(Page.textWidth)\" w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
            + "<w:tblBorders><w:top \(none)/><w:left \(none)/><w:bottom \(none)/><w:right \(none)/>"
            + "<w:insideH \(none)/><w:insideV \(none)/></w:tblBorders>"
            + "<w:tblLayout w:type=\"fixed\"/>"
            + "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/>"
            + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>"
            + "</w:tblPr>"
            + grid(widths)
        for (key, value) in pairs {
            xml += row([key, ":", value], widths: widths, paragraphProperties: style("Compact"))
        }
        return xml + "</w:tbl>" + spacer()
    }

    // MARK: Signature

    private func signature(place: String, date: String, role: String, name: String, id: String?) -> String {
        let place = place.trimmingCharacters(in: .whitespaces)
        var lines: [(properties: String, run: String)] = [
            ("<w:spacing w:before=\"360\"/>", XMLText.run(place.isEmpty ? date : date.isEmpty ? place : "\(place), \(date)")),
            ("", XMLText.run(role)),
            ("<w:spacing w:before=\"1134\"/>", XMLText.run(name, "<w:b/><w:bCs/><w:u w:val=\"single\"/>")),
        ]
        if let id, !id.isEmpty { lines.append(("", XMLText.run(id))) }
        return lines.enumerated().map { index, line in
            let keep = index == lines.count - 1 ? "<w:keepNext w:val=\"0\"/>" : ""
            return XMLText.paragraph(style("Signature") + keep + line.properties, line.run)
        }.joined()
    }

    // MARK: Section

    private func sectionProperties() -> String {
        "<w:sectPr>"
            + (hasHeader ? "<w:headerReference w:type=\"default\" r:id=\"\(Self.headerRelationship)\"/>" : "")
            + (hasFooter ? "<w:footerReference w:type=\"default\" r:id=\"\(Self.footerRelationship)\"/>" : "")
            + "<w:pgSz w:w=\"\(Page.width)\" w:h=\"\(Page.height)\"/>"
            + "<w:pgMar w:top=\"\(Page.marginTop)\" w:right=\"\(Page.marginRight)\" w:bottom=\"\(Page.marginBottom)\""
            + " w:left=\"\(Page.marginLeft)\" w:header=\"\(Page.headerDistance)\" w:footer=\"\(Page.footerDistance)\" w:gutter=\"0\"/>"
            + "<w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr>"
    }
}
