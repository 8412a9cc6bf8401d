import Foundation

/// The "kop surat" printed at the top of the first page: centred, the first line largest, with a
/// double rule under the last line.
public struct Letterhead: Sendable, Equatable {
    /// Top to bottom, e.g. "PEMERINTAH KOTA SERANG", "BADAN KESATUAN BANGSA DAN POLITIK",
    /// "Jl. … Serang, Banten". Blank lines are skipped.
    public var lines: [String]

    public init(lines: [String]) { self.lines = lines }

    /// One letterhead line per line of `text` (as typed into a textarea); blank lines dropped.
    public init(text: String) {
        lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

/// One piece of body content, written top to bottom.
public enum DocxBlock: Sendable {
    /// Centred, bold; the text is written as given (pass it in upper case if it should be).
    case title(String)
    /// Centred, normal weight line under a title, e.g. "Pilkada Kota Serang 2026 · 23 November 2026".
    case subtitle(String)
    /// Bold section heading kept with the next paragraph, e.g. "A. Tahapan Pemilihan" (Word's "Heading 1").
    case heading(String)
    /// Justified body text; "\n" makes a line break, "\t" a tab.
    case paragraph(String)
    /// A bulleted list, one item per string.
    case bullets([String])
    /// A numbered list ("1.", "2.", …), restarting at 1 for every block.
    case numbered([String])
    /// A bordered table across the text width. The header row is bold, shaded, and repeats on every
    /// page; leave `header` empty for none. Short rows are padded with empty cells. `columnWidths`
    /// are relative (e.g. `[1, 4, 2]`); nil or a count that does not match the columns means equal widths.
    case table(header: [String], rows: [[String]], columnWidths: [Int]? = nil)
    /// Borderless "label : value" lines aligned in columns, e.g. ("Tanggal", "23 November 2026").
    case keyValue([(String, String)])
    /// The signing block on the right half of the page: "place, date", role (may hold "\n"),
    /// room for the signature, the name in bold underlined, and `id` as given
    /// (e.g. "NIP. 19700101 199003 1 001"; nothing is prefixed).
    case signature(place: String, date: String, role: String, name: String, id: String? = nil)
    /// Starts a new page.
    case pageBreak
}

/// A Word document (.docx, Office Open XML) on A4 portrait in Indonesian.
///
/// Build the value, then call `data()` for the file's bytes. The output depends only on the value:
/// the same document always gives the same bytes.
public struct DocxDocument: Sendable {
    /// The media type to send a .docx with.
    public static let mimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// Document properties (File ▸ Properties), not printed.
    public var title: String
    public var author: String
    /// Printed at the top of the first page when present.
    public var letterhead: Letterhead?
    public var blocks: [DocxBlock]
    /// Small text at the left of every page's footer ("\n" breaks lines).
    public var footer: String?
    /// "Halaman X dari Y" at the right of every page's footer.
    public var pageNumbers: Bool
    /// Stored as the created and modified dates in the document properties; nil leaves them out.
    public var created: Date?
    /// The body font and its size in points; tables are 1.5 pt smaller, the footer 9 pt.
    public var fontName: String
    public var fontSize: Double
    /// Large light-grey diagonal text behind every page, e.g. "DRAF" for a report not yet
    /// approved; nil or blank for none. Written as Word writes its own watermarks (a VML text
    /// path in the page header), so Word and LibreOffice show it and it prints.
    public var watermark: String?

    public init(
        title: String,
        author: String,
        letterhead: Letterhead? = nil,
        blocks: [DocxBlock] = [],
        footer: String? = nil,
        pageNumbers: Bool = true,
        created: Date? = nil,
        fontName: String = "Times New Roman",
        fontSize: Double = 12,
        watermark: String? = nil
    ) {
        self.title = title
        self.author = author
        self.letterhead = letterhead
        self.blocks = blocks
        self.footer = footer
        self.pageNumbers = pageNumbers
        self.created = created
        self.fontName = fontName
        self.fontSize = fontSize
        self.watermark = watermark
    }

    /// The zipped .docx file.
    public func data() throws -> Data {
        try DocxPackage.zip(DocxWriter(document: self).parts())
    }
}
