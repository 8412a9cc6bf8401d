import Foundation

/// Page geometry in twentieths of a point (twips; 567 ≈ 1 cm).
enum Page {
    static let width = 11906          // A4: 210 mm
    static let height = 16838         // A4: 297 mm
    static let marginTop = 1134       // 2 cm
    static let marginBottom = 1417    // 2.5 cm
    static let marginLeft = 1417      // 2.5 cm
    static let marginRight = 1417     // 2.5 cm
    static let headerDistance = 709   // 1.25 cm
    static let footerDistance = 567   // 1 cm
    static let textWidth = width - marginLeft - marginRight   // 9072
}

/// The XML parts of one document, in package order.
struct DocxWriter {
    let document: DocxDocument

    static let wNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let rNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    var hasFooter: Bool { document.pageNumbers || !(document.footer ?? "").isEmpty }

    /// The watermark as one line, or nil when there is none to draw.
    var watermark: String? {
        let text = XMLText.clean(document.watermark ?? "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The page header only carries the watermark for now; anything else printed at the top of
    /// every page belongs in the same part.
    var hasHeader: Bool { watermark != nil }

    /// How many `.numbered` blocks there are: each gets its own numbering instance so it restarts at 1.
    var numberedListCount: Int {
        document.blocks.reduce(0) { count, block in
            if case .numbered(let items) = block, !items.isEmpty { count + 1 } else { count }
        }
    }

    func parts() -> [(path: String, data: Data)] {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", packageRelationships()),
            ("docProps/core.xml", coreProperties()),
            ("docProps/app.xml", appProperties()),
            ("word/document.xml", DocumentBody(document: document, hasFooter: hasFooter, hasHeader: hasHeader).xml()),
            ("word/styles.xml", styles()),
            ("word/settings.xml", settings()),
            ("word/numbering.xml", numbering()),
        ]
        if hasHeader { parts.append(("word/header1.xml", header())) }
        if hasFooter { parts.append(("word/footer1.xml", footer())) }
        parts.append(("word/_rels/document.xml.rels", documentRelationships()))
        return parts.map { ($0.0, Data((Self.declaration + $0.1).utf8)) }
    }

    // MARK: Package

    func contentTypes() -> String {
        let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        var overrides = [
            ("/word/document.xml", "\(wml).document.main+xml"),
            ("/word/styles.xml", "\(wml).styles+xml"),
            ("/word/settings.xml", "\(wml).settings+xml"),
            ("/word/numbering.xml", "\(wml).numbering+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        if hasHeader { overrides.append(("/word/header1.xml", "\(wml).header+xml")) }
        if hasFooter { overrides.append(("/word/footer1.xml", "\(wml).footer+xml")) }
        return Self.contentTypes(overrides)
    }

    /// [Content_Types].xml of an Office package (Word and Excel alike): the two defaults and one
    /// override per part, in the given order.
    static func contentTypes(_ overrides: [(String, String)]) -> String {
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + overrides.map { "<Override PartName=\"\($0.0)\" ContentType=\"\($0.1)\"/>" }.joined()
            + "</Types>"
    }

    func packageRelationships() -> String {
        relationships([
            ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
        ])
    }

    func documentRelationships() -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var rels = [
            ("rId1", base + "styles", "styles.xml"),
            ("rId2", base + "settings", "settings.xml"),
            ("rId3", base + "numbering", "numbering.xml"),
        ]
        if hasFooter { rels.append((DocumentBody.footerRelationship, base + "footer", "footer1.xml")) }
        if hasHeader { rels.append((DocumentBody.headerRelationship, base + "header", "header1.xml")) }
        return relationships(rels)
    }

    private func relationships(_ rels: [(id: String, type: String, target: String)]) -> String {
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + rels.map { "<Relationship Id=\"\($0.id)\" Type=\"\($0.type)\" Target=\"\($0.target)\"/>" }.joined()
            + "</Relationships>"
    }

    // MARK: Properties

    func coreProperties() -> String { Self.coreProperties(title: document.title, author: document.author, created: document.created) }

    /// docProps/core.xml of an Office package (Word and Excel alike), in Indonesian.
    static func coreProperties(title: String, author: String, created: Date?) -> String {
        var xml = "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        xml += "<dc:title>\(XMLText.escape(title))</dc:title>"
        xml += "<dc:creator>\(XMLText.escape(author))</dc:creator>"
        xml += "<cp:lastModifiedBy>\(XMLText.escape(author))</cp:lastModifiedBy>"
        xml += "<dc:language>id-ID</dc:language>"
        if let created {
            let stamp = w3cdtf(created)
            xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified>"
        }
        return xml + "</cp:coreProperties>"
    }

    /// "2026-11-23T01:02:03Z"
    static func w3cdtf(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    func appProperties() -> String {
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>Pantau</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            + "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            + "</Properties>"
    }

    // MARK: Word parts

    func settings() -> String {
        "<w:settings xmlns:w=\"\(Self.wNamespace)\">"
            + "<w:zoom w:percent=\"100\"/>"
            + "<w:defaultTabStop w:val=\"720\"/>"
            + "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
            // A line ending in a manual break ("\n") in justified text is not stretched to the margin.
            + "<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
            + "<w:themeFontLang w:val=\"id-ID\"/>"
            + "</w:settings>"
    }

    /// Half-points for a size in points, at least 2 (1 pt).
    static func halfPoints(_ points: Double) -> Int { max(2, Int((points * 2).rounded())) }

    func styles() -> String {
        let font = XMLText.escape(document.fontName.isEmpty ? "Times New Roman" : document.fontName)
        let body = Self.halfPoints(document.fontSize)
        let small = Self.halfPoints(document.fontSize - 1.5)
        func size(_ halfPoints: Int) -> String { "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>" }
        func style(_ id: String, _ name: String, type: String = "paragraph", basedOn: String? = "Normal",
                   extra: String = "", pPr: String = "", rPr: String = "") -> String {
            "<w:style w:type=\"\(type)\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
                + (basedOn.map { "<w:basedOn w:val=\"\($0)\"/>" } ?? "")
                + (type == "paragraph" ? "<w:next w:val=\"Normal\"/>" : "")
                + extra
                + (pPr.isEmpty ? "" : "<w:pPr>\(pPr)</w:pPr>")
                + (rPr.isEmpty ? "" : "<w:rPr>\(rPr)</w:rPr>")
                + "</w:style>"
        }
        return "<w:styles xmlns:w=\"\(Self.wNamespace)\">"
            + "<w:docDefaults><w:rPrDefault><w:rPr>"
            + "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\" w:cs=\"\(font)\"/>"
            + size(body)
            + "<w:lang w:val=\"id-ID\" w:eastAsia=\"id-ID\" w:bidi=\"ar-SA\"/>"
            + "</w:rPr></w:rPrDefault>"
            + "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
            + "</w:docDefaults>"
            + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
            + "<w:pPr><w:widowControl/></w:pPr></w:style>"
            + "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>"
            + "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
            + "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
            + "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
            + "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
            + "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
            + "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/>"
            + "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
            + style("Title", "Title", extra: "<w:qFormat/>",
                    pPr: "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/><w:jc w:val=\"center\"/>",
                    rPr: "<w:b/><w:bCs/>" + size(body + 2))
            + style("Subtitle", "Subtitle", extra: "<w:qFormat/>",
                    pPr: "<w:keepNext/><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>")
            + style("Heading1", "heading 1", extra: "<w:qFormat/>",
                    pPr: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
                    rPr: "<w:b/><w:bCs/>")
            + style("BodyText", "Body Text", extra: "<w:qFormat/>", pPr: "<w:jc w:val=\"both\"/>")
            + style("ListParagraph", "List Paragraph", extra: "<w:qFormat/>",
                    pPr: "<w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/><w:jc w:val=\"both\"/>")
            + style("Compact", "Compact", pPr: "<w:spacing w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>")
            + style("TableText", "Table Text", basedOn: "Compact",
                    pPr: "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/>", rPr: size(small))
            + style("Spacer", "Spacer", pPr: "<w:spacing w:after=\"0\" w:line=\"160\" w:lineRule=\"exact\"/>", rPr: size(8))
            + style("Letterhead", "Letterhead",
                    pPr: "<w:keepNext/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>")
            + style("Signature", "Signature",
                    pPr: "<w:keepNext/><w:keepLines/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
                        + "<w:ind w:left=\"\(Page.textWidth / 2)\"/><w:jc w:val=\"center\"/>")
            + style("Header", "header", pPr: "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>")
            + style("Footer", "footer",
                    pPr: "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"000000\"/></w:pBdr>"
                        + "<w:tabs><w:tab w:val=\"right\" w:pos=\"\(Page.textWidth)\"/></w:tabs>"
                        + "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
                    rPr: size(18))
            + "</w:styles>"
    }

    func numbering() -> String {
        func abstract(_ id: Int, format: String, text: String) -> String {
            "<w:abstractNum w:abstractNumId=\"\(id)\"><w:multiLevelType w:val=\"singleLevel\"/>"
                + "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/>"
                + "<w:lvlText w:val=\"\(text)\"/><w:lvlJc w:val=\"left\"/>"
                + "<w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
        }
        var xml = "<w:numbering xmlns:w=\"\(Self.wNamespace)\">"
            + abstract(0, format: "bullet", text: "\u{2022}")
            + abstract(1, format: "decimal", text: "%1.")
            + "<w:num w:numId=\"\(DocumentBody.bulletNumId)\"><w:abstractNumId w:val=\"0\"/></w:num>"
        for list in 0..<numberedListCount {
            xml += "<w:num w:numId=\(quoted(DocumentBody.bulletNumId + 1 + list))><w:abstractNumId w:val=\"1\"/>"
                + "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
        }
        return xml + "</w:numbering>"
    }

    func footer() -> String {
        func field(_ instruction: String) -> String {
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                + "<w:r><w:instrText xml:space=\"preserve\"> \(instruction) \\* MERGEFORMAT </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                + "<w:r><w:t>1</w:t></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        }
        var content = XMLText.run(document.footer ?? "")
        if document.pageNumbers {
            content += "<w:r><w:tab/><w:t xml:space=\"preserve\">Halaman </w:t></w:r>" + field("PAGE")
                + "<w:r><w:t xml:space=\"preserve\"> dari </w:t></w:r>" + field("NUMPAGES")
        }
        return "<w:ftr xmlns:w=\"\(Self.wNamespace)\" xmlns:r=\"\(Self.rNamespace)\">"
            + XMLText.paragraph("<w:pStyle w:val=\"Footer\"/>", content)
            + "</w:ftr>"
    }
}

func quoted(_ value: Int) -> String { "\"\(value)\"" }
