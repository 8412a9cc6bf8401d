import Foundation
import Testing
import ZIPFoundation
@testable import PantauDocuments

let wNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

@Suite("Docx package")
struct DocxPackageTests {
    @Test("every part is there, content types first, and nothing else")
    func parts() throws {
        let data = try sampleReport().data()
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))   // a ZIP local file header
        let paths = try entryPaths(data)
        #expect(paths.first == "[Content_Types].xml")
        #expect(Set(paths) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
            "word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
            "word/footer1.xml", "word/_rels/document.xml.rels",
        ])
        #expect(paths.count == Set(paths).count)
    }

    @Test("every part is well-formed XML with every element in a declared namespace")
    func wellFormed() throws {
        let parts = try unzip(sampleReport().data())
        #expect(parts.count == 10)
        for (path, bytes) in parts {
            let text = try #require(String(data: bytes, encoding: .utf8), "\(path) is not UTF-8")
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"), "\(path)")
            let root = try parseXML(bytes)
            for element in root.descendants {
                #expect(!element.namespaceURI.isEmpty, "\(path): <\(element.name)> has no namespace")
            }
        }
    }

    @Test("the parser used by these tests does reject broken XML")
    func parserRejects() {
        #expect(throws: XMLParseError.self) { try parseXML(Data("<a><b></a>".utf8)) }
        #expect(throws: XMLParseError.self) { try parseXML(Data("<a>x & y</a>".utf8)) }
        #expect(throws: XMLParseError.self) { try parseXML(Data("<a>\u{1}</a>".utf8)) }
        #expect(throws: XMLParseError.self) { try parseXML(Data("<a/><b/>".utf8)) }
        #expect(throws: XMLParseError.self) { try parseXML(Data("<w:a xmlns:x=\"urn:x\"/>".utf8)) }
        #expect(throws: Never.self) { try parseXML(Data("<w:a xmlns:w=\"urn:w\">&lt;ü&gt;</w:a>".utf8)) }
    }

    @Test("relationships point at parts that exist, and every part has a content type")
    func relationshipsAndContentTypes() throws {
        let parts = try unzip(sampleReport().data())
        let types = try parseXML(#require(parts["[Content_Types].xml"]))
        let overrides = Dictionary(uniqueKeysWithValues: types.all("Override").map { ($0["PartName"]!, $0["ContentType"]!) })
        let defaults = Dictionary(uniqueKeysWithValues: types.all("Default").map { ($0["Extension"]!, $0["ContentType"]!) })
        for path in parts.keys where path != "[Content_Types].xml" {
            let type = overrides["/" + path] ?? defaults[String(path.split(separator: ".").last!)]
            #expect(type != nil, "\(path) has no content type")
        }
        #expect(overrides["/word/document.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
        #expect(overrides["/word/footer1.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
        #expect(overrides.keys.allSatisfy { parts[String($0.dropFirst())] != nil }, "an override names a missing part")

        let packageRels = try parseXML(#require(parts["_rels/.rels"])).all("Relationship")
        let main = try #require(packageRels.first { $0["Type"]!.hasSuffix("/officeDocument") })
        #expect(main["Target"] == "word/document.xml")
        for rel in packageRels { #expect(parts[rel["Target"]!] != nil, "\(rel["Target"]!) is missing") }

        let documentRels = try parseXML(#require(parts["word/_rels/document.xml.rels"])).all("Relationship")
        for rel in documentRels { #expect(parts["word/" + rel["Target"]!] != nil, "word/\(rel["Target"]!) is missing") }
        #expect(Set(documentRels.map { $0["Id"]! }).count == documentRels.count, "relationship ids repeat")

        // The section's footer reference resolves to the footer part.
        let document = try parseXML(#require(parts["word/document.xml"]))
        let reference = try #require(document.first("w:footerReference"))
        let footerRel = try #require(documentRels.first { $0["Id"] == reference["r:id"] })
        #expect(footerRel["Target"] == "footer1.xml")
        #expect(footerRel["Type"] == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer")
    }

    @Test("the same document gives the same bytes")
    func deterministic() throws {
        #expect(try sampleReport().data() == sampleReport().data())
        var changed = sampleReport()
        changed.title += "!"
        #expect(try changed.data() != sampleReport().data())
    }

    @Test("document properties carry title, author and dates, escaped")
    func coreProperties() throws {
        var document = sampleReport()
        document.title = "Laporan <Harian> & \"Bulanan\""
        document.author = "Kesbangpol Kota Serang \u{7}"
        let core = try parseXML(#require(unzip(document.data())["docProps/core.xml"]))
        #expect(core.first("dc:title")?.text == "Laporan <Harian> & \"Bulanan\"")
        #expect(core.first("dc:creator")?.text == "Kesbangpol Kota Serang ")
        #expect(core.first("dc:language")?.text == "id-ID")
        #expect(core.first("dcterms:created")?.text == "2026-11-23T00:00:00Z")
        #expect(core.first("dcterms:created")?["xsi:type"] == "dcterms:W3CDTF")

        document.created = nil
        let undated = try parseXML(#require(unzip(document.data())["docProps/core.xml"]))
        #expect(undated.first("dcterms:created") == nil)
    }

    @Test("no footer part when there is neither footer text nor page numbers")
    func withoutFooter() throws {
        var document = sampleReport(footer: nil)
        document.pageNumbers = false
        let parts = try unzip(document.data())
        #expect(parts["word/footer1.xml"] == nil)
        #expect(!String(decoding: parts["[Content_Types].xml"]!, as: UTF8.self).contains("footer"))
        #expect(!String(decoding: parts["word/_rels/document.xml.rels"]!, as: UTF8.self).contains("footer"))
        let body = try parseXML(#require(parts["word/document.xml"]))
        #expect(body.first("w:footerReference") == nil)
    }
}

@Suite("Docx text")
struct DocxTextTests {
    static let hostile = "<script>alert(\"x\")</script> & ü é"

    @Test("markup in text is escaped and comes back intact, Unicode included")
    func escaping() throws {
        let document = DocxDocument(title: Self.hostile, author: "a", blocks: [
            .paragraph(Self.hostile),
            .table(header: [Self.hostile], rows: [[Self.hostile]]),
            .keyValue([(Self.hostile, Self.hostile)]),
        ], footer: Self.hostile)
        let parts = try unzip(document.data())
        let raw = String(decoding: parts["word/document.xml"]!, as: UTF8.self)
        #expect(raw.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ü é"))
        #expect(!raw.contains("<script>"))
        #expect(!raw.contains("alert(\"x\")"))

        let body = try parseXML(parts["word/document.xml"]!)
        let texts = body.all("w:p").map(\.wordText)
        #expect(texts.filter { $0 == Self.hostile }.count == 5)   // paragraph, header cell, body cell, key, value
        let footer = try parseXML(parts["word/footer1.xml"]!)
        #expect(footer.wordText.hasPrefix(Self.hostile))
    }

    @Test("characters XML 1.0 forbids are removed; tab and newline become Word tabs and breaks")
    func controlCharacters() throws {
        let dirty = "A\u{0}B\u{1}C\u{8}D\u{B}E\u{C}F\u{1B}G\u{1F}H\u{FFFE}I\u{FFFF}J\tK\nL\r\nM\rN 🇮🇩"
        let document = DocxDocument(title: dirty, author: dirty, letterhead: Letterhead(lines: [dirty]),
                                    blocks: [.title(dirty), .paragraph(dirty), .table(header: [dirty], rows: [[dirty]])],
                                    footer: dirty)
        let parts = try unzip(document.data())
        for (path, bytes) in parts {
            _ = try parseXML(bytes)   // would throw on any forbidden character
            let raw = String(decoding: bytes, as: UTF8.self)
            for scalar in raw.unicodeScalars {
                let v = scalar.value
                #expect(v >= 0x20 || v == 0x9 || v == 0xA || v == 0xD, "\(path) holds U+\(String(v, radix: 16))")
                #expect(v != 0xFFFE && v != 0xFFFF, "\(path) holds U+\(String(v, radix: 16))")
            }
        }
        let body = try parseXML(parts["word/document.xml"]!)
        let paragraphs = body.all("w:p").map(\.wordText)
        let expected = "ABCDEFGHIJ\tK\nL\nM\nN 🇮🇩"
        #expect(paragraphs.filter { $0 == expected }.count == 5)   // letterhead, title, paragraph, two cells
        // No raw tab or line feed inside w:t: Word would show them as spaces.
        #expect(body.all("w:t").allSatisfy { !$0.text.contains("\t") && !$0.text.contains("\n") && !$0.text.contains("\r") })
        let core = try parseXML(parts["docProps/core.xml"]!)
        #expect(core.first("dc:title")?.text == "ABCDEFGHIJ\tK\nL\nM\nN 🇮🇩")
    }

    @Test("XMLText.clean and escape")
    func helpers() {
        #expect(XMLText.clean("a\u{0}b\u{7F}c") == "ab\u{7F}c")   // DEL is allowed in XML 1.0
        #expect(XMLText.clean("x\r\n\r\ny") == "x\n\ny")
        #expect(XMLText.escape("'a' < \"b\" & c > d") == "&apos;a&apos; &lt; &quot;b&quot; &amp; c &gt; d")
        #expect(XMLText.escape("Rp 1.000 – ½ — ✓") == "Rp 1.000 – ½ — ✓")
        #expect(XMLText.run("") == "")
        #expect(XMLText.run("a b ", "<w:b/>") == "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">a b </w:t></w:r>")
    }

    @Test("leading and trailing spaces are preserved")
    func spaces() throws {
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [.paragraph("  indented  ")]))
        let t = try #require(body.first("w:t"))
        #expect(t.text == "  indented  ")
        #expect(t["xml:space"] == "preserve")
    }
}

@Suite("Docx layout")
struct DocxLayoutTests {
    @Test("A4 portrait with 2.5 cm side margins")
    func pageSize() throws {
        let body = try documentXML(sampleReport())
        let sections = body.all("w:sectPr")
        #expect(sections.count == 1)
        let section = try #require(sections.first)
        #expect(body.child("w:body")?.children.last === section, "sectPr must close the body")
        let size = try #require(section.child("w:pgSz"))
        #expect(size["w:w"] == "11906")
        #expect(size["w:h"] == "16838")
        #expect(size["w:orient"] == nil || size["w:orient"] == "portrait")
        let margins = try #require(section.child("w:pgMar"))
        #expect(margins["w:left"] == "1417")
        #expect(margins["w:right"] == "1417")
        #expect(Int(margins["w:top"]!)! >= 1134)
        #expect(Int(margins["w:bottom"]!)! >= 1134)
    }

    @Test("default font, size and Indonesian language come from styles.xml")
    func styles() throws {
        var document = sampleReport()
        let parts = try unzip(document.data())
        let styles = try parseXML(parts["word/styles.xml"]!)
        let defaults = try #require(styles.first("w:rPrDefault"))
        #expect(defaults.first("w:rFonts")?["w:ascii"] == "Times New Roman")
        #expect(defaults.first("w:sz")?["w:val"] == "24")
        #expect(defaults.first("w:lang")?["w:val"] == "id-ID")
        // Every style a paragraph names is defined.
        let defined = Set(styles.all("w:style").compactMap { $0["w:styleId"] })
        let used = try Set(documentXML(document).all("w:pStyle").compactMap { $0["w:val"] })
        #expect(used.isSubset(of: defined), "undefined styles: \(used.subtracting(defined))")
        #expect(used.isSuperset(of: ["Title", "Heading1", "BodyText", "TableText", "ListParagraph", "Signature", "Letterhead"]))

        let settings = try parseXML(parts["word/settings.xml"]!)
        #expect(settings.first("w:compat")?.child("w:doNotExpandShiftReturn") != nil)
        #expect(settings.first("w:compatSetting")?["w:val"] == "15")

        document.fontName = "Arial"
        document.fontSize = 11
        let arial = try parseXML(unzip(document.data())["word/styles.xml"]!)
        #expect(arial.first("w:rPrDefault")?.first("w:rFonts")?["w:hAnsi"] == "Arial")
        #expect(arial.first("w:rPrDefault")?.first("w:sz")?["w:val"] == "22")
    }

    @Test("the letterhead is centred and bold, with a double rule under its last line")
    func letterhead() throws {
        let body = try documentXML(sampleReport())
        let paragraphs = try #require(body.child("w:body")).children.filter { $0.name == "w:p" }
        let head = paragraphs.prefix(3)
        #expect(head.map(\.wordText) == [
            "PEMERINTAH KOTA SERANG", "BADAN KESATUAN BANGSA DAN POLITIK",
            "Jl. Jenderal Sudirman No. 5, Cipare, Kec. Serang, Kota Serang, Banten 42117 · Telp. (0254) 200000",
        ])
        #expect(head.allSatisfy { $0.first("w:pStyle")?["w:val"] == "Letterhead" })
        #expect(head.prefix(2).allSatisfy { $0.first("w:b") != nil })
        #expect(head.last?.first("w:pBdr")?.child("w:bottom")?["w:val"] == "double")
        #expect(head.prefix(2).allSatisfy { $0.first("w:pBdr") == nil })
        #expect(paragraphs[3].wordText == "LAPORAN HARIAN DESK PILKADA KOTA SERANG")

        let styles = try parseXML(unzip(sampleReport().data())["word/styles.xml"]!)
        let style = try #require(styles.all("w:style").first { $0["w:styleId"] == "Letterhead" })
        #expect(style.first("w:jc")?["w:val"] == "center")
    }

    @Test("no letterhead paragraphs without a letterhead, or with only blank lines")
    func noLetterhead() throws {
        for letterhead in [nil, Letterhead(lines: ["", "  "]), Letterhead(text: "\n \n")] {
            let body = try documentXML(DocxDocument(title: "t", author: "a", letterhead: letterhead, blocks: [.paragraph("x")]))
            #expect(body.all("w:pBdr").isEmpty)
            #expect(body.all("w:p").map(\.wordText) == ["x"])
        }
        #expect(Letterhead(text: " PEMERINTAH KOTA SERANG \r\n\r\nBADAN KESBANGPOL\n").lines == ["PEMERINTAH KOTA SERANG", "BADAN KESBANGPOL"])
    }

    @Test("a table has a repeating, bold, shaded header row and every row, padded to the widest")
    func table() throws {
        let rows = (1...5).map { ["\($0)", "Tahapan \($0)", "Status \($0)"] } + [["6", "Pendek"]]
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .table(header: ["No.", "Tahapan", "Status"], rows: rows, columnWidths: [1, 6, 3]),
        ]))
        let table = try #require(body.first("w:tbl"))
        let tableRows = table.children.filter { $0.name == "w:tr" }
        #expect(tableRows.count == 7)
        let cells = tableRows.map { $0.children.filter { $0.name == "w:tc" }.map(\.wordText) }
        #expect(cells[0] == ["No.", "Tahapan", "Status"])
        #expect(Array(cells[1...5]) == rows.prefix(5).map { $0 })
        #expect(cells[6] == ["6", "Pendek", ""])

        let header = tableRows[0]
        #expect(header.first("w:trPr")?.child("w:tblHeader") != nil)
        #expect(tableRows.dropFirst().allSatisfy { $0.first("w:tblHeader") == nil })
        #expect(tableRows.allSatisfy { $0.first("w:trPr")?.child("w:cantSplit") != nil }, "rows do not break across pages")
        for cell in header.children where cell.name == "w:tc" {
            #expect(cell.first("w:shd")?["w:fill"] == "D9D9D9")
            #expect(cell.first("w:rPr")?.child("w:b") != nil)
        }
        // Borders on all sides and between cells.
        let borders = try #require(table.first("w:tblBorders"))
        #expect(Set(borders.children.map(\.name)) == ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"])
        #expect(borders.children.allSatisfy { $0["w:val"] == "single" })
        // Relative widths over the 16 cm text width, in grid and cells alike.
        let grid = table.first("w:tblGrid")!.children.map { Int($0["w:w"]!)! }
        #expect(grid == [907, 5443, 2722])
        #expect(grid.reduce(0, +) == 11906 - 2 * 1417)
        #expect(tableRows[3].children.filter { $0.name == "w:tc" }.map { $0.first("w:tcW")!["w:w"]! } == ["907", "5443", "2722"])
        // Cells wrap: no noWrap anywhere, and the layout is fixed so long text cannot widen the table.
        #expect(table.all("w:noWrap").isEmpty)
        #expect(table.first("w:tblLayout")?["w:type"] == "fixed")
        // A paragraph follows the table (Word needs one between tables and before the section end).
        let bodyChildren = body.child("w:body")!.children
        let index = bodyChildren.firstIndex { $0 === table }!
        #expect(bodyChildren[index + 1].name == "w:p")
    }

    @Test("column widths fall back to equal shares")
    func columnWidths() {
        #expect(DocumentBody.columnWidths(count: 3, relative: nil, total: 9072) == [3024, 3024, 3024])
        #expect(DocumentBody.columnWidths(count: 3, relative: [1, 2], total: 9072) == [3024, 3024, 3024])
        #expect(DocumentBody.columnWidths(count: 2, relative: [1, 0], total: 9072) == [4536, 4536])
        #expect(DocumentBody.columnWidths(count: 3, relative: [1, 1, 1], total: 100) == [33, 33, 34])
        #expect(DocumentBody.columnWidths(count: 0, relative: nil) == [])
    }

    @Test("a column is widened to fit its longest word, at the others' expense")
    func minimumColumnWidths() throws {
        #expect(DocumentBody.columnWidths(count: 3, relative: [1, 8, 1], minimums: [2000, 0, 0], total: 10000) == [2000, 7111, 889])
        // Widening one column can squeeze another below its minimum: both are held.
        #expect(DocumentBody.columnWidths(count: 3, relative: nil, minimums: [4000, 4000, 0], total: 9000) == [4000, 4000, 1000])
        // Minimums that cannot fit together are ignored.
        #expect(DocumentBody.columnWidths(count: 2, relative: [1, 1], minimums: [6000, 6000], total: 10000) == [5000, 5000])
        #expect(DocumentBody.columnWidths(count: 2, relative: [1, 1], minimums: [1], total: 10000) == [5000, 5000])

        let minimums = DocumentBody.minimumWidths([["No.", "Kec. Kasemen", ""], ["#1000", "x", String(repeating: "a", count: 200)]],
                                                  columns: 3, fontSize: 10, padding: 0)
        #expect(minimums[0] == 620)    // "#1000": 5 characters of 124 twips
        #expect(minimums[1] == 868)    // "Kasemen"
        #expect(minimums[2] == 9072 * 2 / 5)

        // In a document: a narrow "No." column holding "#1000" is wider than its 1/19 share.
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .table(header: ["No.", "Permasalahan"], rows: [["#1000", "Jalan rusak"]], columnWidths: [1, 18]),
        ]))
        let grid = body.first("w:tblGrid")!.children.map { Int($0["w:w"]!)! }
        #expect(grid[0] > 9072 / 19)
        #expect(grid[0] >= Int((5 * 10.5 * 20 * 0.62).rounded(.up)))
        #expect(grid.reduce(0, +) == 9072)
    }

    @Test("a table with neither header nor cells is left out; one without a header has no header row")
    func tableEdges() throws {
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .table(header: [], rows: []),
            .table(header: [], rows: [["a", "b"]]),
        ]))
        let tables = body.all("w:tbl")
        #expect(tables.count == 1)
        #expect(tables[0].all("w:tr").count == 1)
        #expect(tables[0].all("w:tblHeader").isEmpty)
    }

    @Test("key-value lines are a borderless three-column table")
    func keyValue() throws {
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .keyValue([("Tanggal", "23 November 2026"), ("Wilayah", "Kota Serang")]),
        ]))
        let table = try #require(body.first("w:tbl"))
        let rows = table.all("w:tr").map { $0.all("w:tc").map(\.wordText) }
        #expect(rows == [["Tanggal", ":", "23 November 2026"], ["Wilayah", ":", "Kota Serang"]])
        let borders = try #require(table.first("w:tblBorders")).children
        #expect(borders.map(\.name) == ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"])
        #expect(borders.allSatisfy { $0["w:val"] == "nil" })
        #expect(table.all("w:tblHeader").isEmpty)
    }

    @Test("bullets and numbered lists use numbering that exists; numbered lists restart")
    func lists() throws {
        let parts = try unzip(DocxDocument(title: "t", author: "a", blocks: [
            .bullets(["satu", "dua"]), .numbered(["a", "b"]), .numbered([]), .numbered(["c"]),
        ]).data())
        let body = try parseXML(parts["word/document.xml"]!)
        let listParagraphs = body.all("w:p").filter { $0.first("w:numPr") != nil }
        #expect(listParagraphs.map(\.wordText) == ["satu", "dua", "a", "b", "c"])
        let ids = listParagraphs.map { $0.first("w:numId")!["w:val"]! }
        #expect(ids[0] == ids[1] && ids[2] == ids[3])
        #expect(Set([ids[0], ids[2], ids[4]]).count == 3)

        let numbering = try parseXML(parts["word/numbering.xml"]!)
        let nums = Dictionary(uniqueKeysWithValues: numbering.all("w:num").map { ($0["w:numId"]!, $0) })
        let abstracts = Dictionary(uniqueKeysWithValues: numbering.all("w:abstractNum").map { ($0["w:abstractNumId"]!, $0) })
        func format(_ numId: String) -> String? {
            nums[numId].flatMap { abstracts[$0.first("w:abstractNumId")!["w:val"]!] }?.first("w:numFmt")?["w:val"]
        }
        #expect(format(ids[0]) == "bullet")
        #expect(format(ids[2]) == "decimal")
        #expect(format(ids[4]) == "decimal")
        #expect(nums[ids[4]]?.first("w:startOverride")?["w:val"] == "1")
        // Every abstractNum comes before the first num, as the schema requires.
        let order = numbering.children.map(\.name)
        #expect(order.lastIndex(of: "w:abstractNum")! < order.firstIndex(of: "w:num")!)
    }

    @Test("headings, title and paragraph line breaks")
    func textBlocks() throws {
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .title("LAPORAN"), .heading("A. Tahapan Pemilihan"), .paragraph("baris satu\nbaris dua"), .pageBreak, .paragraph("p2"),
        ]))
        let paragraphs = body.all("w:p")
        #expect(paragraphs.map { $0.first("w:pStyle")?["w:val"] } == ["Title", "Heading1", "BodyText", nil, "BodyText"])
        #expect(paragraphs[2].wordText == "baris satu\nbaris dua")
        #expect(paragraphs[2].all("w:br").count == 1)
        #expect(paragraphs[3].first("w:br")?["w:type"] == "page")
    }

    @Test("the signature block sits on the right half and keeps together")
    func signature() throws {
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .paragraph("isi"),
            .signature(place: "Serang", date: "23 November 2026", role: "Kepala Badan", name: "BUDI", id: "NIP. 1970"),
        ]))
        let block = body.all("w:p").filter { $0.first("w:pStyle")?["w:val"] == "Signature" }
        #expect(block.map(\.wordText) == ["Serang, 23 November 2026", "Kepala Badan", "BUDI", "NIP. 1970"])
        let name = block[2]
        #expect(name.first("w:b") != nil)
        #expect(name.first("w:u")?["w:val"] == "single")
        #expect(Int(name.first("w:spacing")!["w:before"]!)! >= 1000, "room to sign above the name")
        #expect(block.last?.first("w:keepNext")?["w:val"] == "0")

        let styles = try parseXML(unzip(sampleReport().data())["word/styles.xml"]!)
        let style = try #require(styles.all("w:style").first { $0["w:styleId"] == "Signature" })
        #expect(style.first("w:ind")?["w:left"] == String((11906 - 2 * 1417) / 2))
        #expect(style.first("w:keepNext") != nil)

        let noId = try documentXML(DocxDocument(title: "t", author: "a", blocks: [
            .signature(place: "", date: "23 November 2026", role: "Sekretaris", name: "……", id: nil),
        ]))
        #expect(noId.all("w:p").map(\.wordText) == ["23 November 2026", "Sekretaris", "……"])
    }

    @Test("the paragraph or list item before a signature is kept with it, and nothing else")
    func signatureNotAlone() throws {
        let signature = DocxBlock.signature(place: "Serang", date: "1 Desember 2026", role: "Kepala", name: "BUDI")
        for (blocks, kept) in [
            ([DocxBlock.paragraph("satu"), .paragraph("dua"), signature], "dua"),
            ([.bullets(["a", "b"]), signature], "b"),
            ([.numbered(["a", "c"]), signature], "c"),
        ] {
            let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: blocks))
            let keptTogether = body.all("w:p")
                .filter { $0.first("w:pStyle")?["w:val"] != "Signature" && $0.first("w:keepNext") != nil }
                .map(\.wordText)
            #expect(keptTogether == [kept])
        }
        let body = try documentXML(DocxDocument(title: "t", author: "a", blocks: [.paragraph("tanpa tanda tangan")]))
        #expect(body.all("w:keepNext").isEmpty)
    }

    @Test("the footer holds its text and Halaman PAGE dari NUMPAGES fields")
    func footer() throws {
        let parts = try unzip(sampleReport().data())
        let footer = try parseXML(parts["word/footer1.xml"]!)
        #expect(footer.name == "w:ftr")
        let instructions = footer.all("w:instrText").map { $0.text.trimmingCharacters(in: .whitespaces) }
        #expect(instructions.map { $0.split(separator: " ").first.map(String.init) } == ["PAGE", "NUMPAGES"])
        #expect(footer.all("w:fldChar").map { $0["w:fldCharType"]! } == ["begin", "separate", "end", "begin", "separate", "end"])
        #expect(footer.wordText == "Laporan Harian Desk Pilkada Kota Serang · versi 1\tHalaman 1 dari 1")

        var numbersOnly = sampleReport(footer: nil)
        numbersOnly.pageNumbers = true
        let onlyNumbers = try parseXML(unzip(numbersOnly.data())["word/footer1.xml"]!)
        #expect(onlyNumbers.wordText == "\tHalaman 1 dari 1")

        var textOnly = sampleReport(footer: "Rahasia")
        textOnly.pageNumbers = false
        let onlyText = try parseXML(unzip(textOnly.data())["word/footer1.xml"]!)
        #expect(onlyText.wordText == "Rahasia")
        #expect(onlyText.all("w:instrText").isEmpty)
    }
}

@Suite("Docx watermark")
struct DocxWatermarkTests {
    static let vmlNamespace = "urn:schemas-microsoft-com:vml"

    @Test("a watermark is a VML text path in the page header, which every page's section references")
    func watermark() throws {
        var document = sampleReport()
        document.watermark = "DRAF"
        let data = try document.data()
        let parts = try unzip(data)
        #expect(parts.count == 11)
        let header = try parseXML(#require(parts["word/header1.xml"]))
        #expect(header.name == "w:hdr")
        for element in header.descendants { #expect(!element.namespaceURI.isEmpty, "<\(element.name)> has no namespace") }
        let shape = try #require(header.first("v:shape"))
        #expect(shape.namespaceURI == Self.vmlNamespace)
        #expect(shape["type"] == "#_x0000_t136")
        #expect(header.first("v:shapetype")?["id"] == "_x0000_t136")
        #expect(shape.first("v:textpath")?["string"] == "DRAF")
        #expect(shape["fillcolor"] == "silver")
        #expect(shape.first("v:fill")?["opacity"] == ".5")
        let style = try #require(shape["style"])
        #expect(style.contains("rotation:315"))
        #expect(style.contains("mso-position-horizontal:center") && style.contains("mso-position-vertical:center"))
        #expect(style.contains("z-index:-"), "behind the text")
        #expect(header.first("w:pict")?.first("v:shape") === shape)

        let types = try parseXML(#require(parts["[Content_Types].xml"])).all("Override")
        #expect(types.contains { $0["PartName"] == "/word/header1.xml"
            && $0["ContentType"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml" })
        let rels = try parseXML(#require(parts["word/_rels/document.xml.rels"])).all("Relationship")
        #expect(Set(rels.map { $0["Id"]! }).count == rels.count)
        let body = try parseXML(#require(parts["word/document.xml"]))
        let section = try #require(body.first("w:sectPr"))
        let reference = try #require(section.child("w:headerReference"))
        #expect(reference["w:type"] == "default")
        let rel = try #require(rels.first { $0["Id"] == reference["r:id"] })
        #expect(rel["Target"] == "header1.xml")
        #expect(rel["Type"] == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header")
        #expect(section.child("w:footerReference") != nil, "the footer stays")
        #expect(section.children.first?.name == "w:headerReference")
        // No first-page header: the letterhead page carries the watermark too.
        #expect(section.child("w:titlePg") == nil)
        // The header paragraph's style exists.
        let styles = try parseXML(#require(parts["word/styles.xml"]))
        #expect(styles.all("w:style").contains { $0["w:styleId"] == "Header" })

        #expect(try document.data() == data)
    }

    @Test("no header part without a watermark, or with a blank one")
    func noWatermark() throws {
        for watermark in [nil, "", " \n\t"] {
            var document = sampleReport()
            document.watermark = watermark
            let parts = try unzip(document.data())
            #expect(parts["word/header1.xml"] == nil)
            #expect(!String(decoding: parts["word/_rels/document.xml.rels"]!, as: UTF8.self).contains("header"))
            #expect(try parseXML(#require(parts["word/document.xml"])).first("w:headerReference") == nil)
        }
    }

    @Test("the watermark text is escaped and kept on one line; its shape follows its length")
    func escapedWatermark() throws {
        let document = DocxDocument(title: "t", author: "a", blocks: [.paragraph("x")], pageNumbers: false,
                                    watermark: " RAHASIA & <\"DRAF\">\n\u{1}v2 ")
        let header = try parseXML(#require(unzip(document.data())["word/header1.xml"]))
        #expect(header.first("v:shape")?.first("v:textpath")?["string"] == "RAHASIA & <\"DRAF\"> v2")
        #expect(DocxWriter.watermarkSize("DRAFT").width == 412.4)
        #expect(DocxWriter.watermarkSize("DRAFT").height == 247.44)
        #expect(DocxWriter.watermarkSize("DRAF").height == 309.3)
        #expect(DocxWriter.watermarkSize("X").height == 412.4)
    }
}

@Suite("Docx sample")
struct DocxSampleTests {
    /// `PANTAU_DOCX_SAMPLE=/tmp/sample.docx swift test --filter DocxSampleTests` writes the sample
    /// report there, to open in Word or LibreOffice.
    @Test("writes the sample report when PANTAU_DOCX_SAMPLE names a file",
          .enabled(if: ProcessInfo.processInfo.environment["PANTAU_DOCX_SAMPLE"] != nil))
    func writeSample() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PANTAU_DOCX_SAMPLE"])
        let data = try sampleReport().data()
        try data.write(to: URL(fileURLWithPath: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
    }

    /// `PANTAU_DOCX_DRAFT_SAMPLE=/tmp/draf.docx swift test --filter DocxSampleTests` writes the
    /// sample report with the "DRAF" watermark there, for `scripts/check-docx-watermark.py`.
    @Test("writes the sample report with a DRAF watermark when PANTAU_DOCX_DRAFT_SAMPLE names a file",
          .enabled(if: ProcessInfo.processInfo.environment["PANTAU_DOCX_DRAFT_SAMPLE"] != nil))
    func writeDraftSample() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PANTAU_DOCX_DRAFT_SAMPLE"])
        var document = sampleReport()
        document.watermark = "DRAF"
        // Two pages, so that the watermark can be seen on a page without the letterhead.
        document.blocks += [.pageBreak, .paragraph("Halaman kedua.")]
        try document.data().write(to: URL(fileURLWithPath: path))
    }
}

func documentXML(_ document: DocxDocument) throws -> XMLNode {
    try parseXML(#require(unzip(document.data())["word/document.xml"]))
}
