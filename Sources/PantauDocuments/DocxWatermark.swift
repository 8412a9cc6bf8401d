import Foundation

/// The page header part, and the watermark in it.
///
/// Word draws a watermark as a VML WordArt shape (shape type 136, a text path) anchored in the
/// header, centred on the page's margins and behind the text. Writing it the same way means Word
/// lists it under Design ▸ Watermark and LibreOffice imports it as its own watermark.
extension DocxWriter {
    static let vmlNamespace = "urn:schemas-microsoft-com:vml"
    static let officeNamespace = "urn:schemas-microsoft-com:office:office"
    static let wordNamespace = "urn:schemas-microsoft-com:office:word"

    func header() -> String {
        "<w:hdr xmlns:w=\"\(Self.wNamespace)\" xmlns:r=\"\(Self.rNamespace)\" xmlns:v=\"\(Self.vmlNamespace)\""
            + " xmlns:o=\"\(Self.officeNamespace)\" xmlns:w10=\"\(Self.wordNamespace)\">"
            + XMLText.paragraph("<w:pStyle w:val=\"Header\"/>", watermark.map { Self.watermarkRun($0, font: document.fontName) } ?? "")
            + "</w:hdr>"
    }

    /// Width and height of the shape in points. The text is stretched to fill the shape, so the
    /// height follows the text's length: Word's own "DRAFT" is 412.4 × 247.45 pt.
    static func watermarkSize(_ text: String) -> (width: Double, height: Double) {
        let width = 412.4
        let height = min(width, width * 3 / Double(max(1, text.count)))
        return (width, (height * 100).rounded() / 100)
    }

    /// One run holding the watermark shape: silver at half opacity, rotated 315° (bottom left to
    /// top right), centred horizontally and vertically within the margins, behind the text.
    static func watermarkRun(_ text: String, font: String) -> String {
        let size = watermarkSize(text)
        let font = font.isEmpty ? "Times New Roman" : font
        let style = "position:absolute;margin-left:0;margin-top:0;width:\(points(size.width))pt;height:\(points(size.height))pt;"
            + "rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
            + "mso-position-vertical:center;mso-position-vertical-relative:margin"
        return "<w:r><w:rPr><w:noProof/></w:rPr><w:pict>"
            + shapeType
            + "<v:shape id=\"PowerPlusWaterMarkObject1\" o:spid=\"_x0000_s2049\" type=\"#_x0000_t136\""
            + " style=\"\(style)\" o:allowincell=\"f\" fillcolor=\"silver\" stroked=\"f\">"
            + "<v:fill opacity=\".5\"/>"
            + "<v:textpath style=\"font-family:&quot;\(XMLText.escape(font))&quot;;font-size:1pt\" string=\"\(XMLText.escape(text))\"/>"
            + "<w10:wrap anchorx=\"margin\" anchory=\"margin\"/>"
            + "</v:shape></w:pict></w:r>"
    }

    /// "412.4" for 412.4, "412" for 412.0.
    private static func points(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The definition of VML shape type 136 (plain text on a path), as Word writes it.
    static let shapeType = "<v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\""
        + " path=\"m@7,l@8,m@5,21600l@6,21600e\">"
        + "<v:formulas>"
        + ["sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3", "if @0 @3 0",
           "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5", "mid @7 @8", "mid @6 @7",
           "sum @6 0 @5"].map { "<v:f eqn=\"\($0)\"/>" }.joined()
        + "</v:formulas>"
        + "<v:path textpathok=\"t\" o:connecttype=\"custom\" o:connectlocs=\"@9,0;@10,10800;@11,21600;@12,10800\""
        + " o:connectangles=\"270,180,90,0\"/>"
        + "<v:textpath on=\"t\" fitshape=\"t\"/>"
        + "<v:handles><v:h position=\"#0,bottomRight\" xrange=\"6629,14971\"/></v:handles>"
        + "<o:lock v:ext=\"edit\" text=\"t\" shapetype=\"t\"/>"
        + "</v:shapetype>"
}
