/// The kinds of file a report may carry, recognised by their first bytes, never by their name.
public enum AttachmentType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg", png = "image/png", webp = "image/webp", pdf = "application/pdf"

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .pdf: "pdf"
        }
    }

    public var isImage: Bool { self != .pdf }

    public static func detect(_ bytes: some Collection<UInt8>) -> AttachmentType? {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return nil
    }

    /// A name safe to show and to offer for download: the base name only, no path, no control
    /// characters, at most 100 characters, with the extension of the detected type.
    public static func displayName(_ supplied: String?, type: AttachmentType) -> String {
        let base = (supplied ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var clean = String(base.unicodeScalars.filter { !$0.properties.isWhitespace || $0 == " " }.filter { $0.properties.generalCategory != .control }
            .map(Character.init)).replacingOccurrences(of: "\"", with: "'")
        while clean.hasPrefix(".") { clean.removeFirst() }
        if let dot = clean.lastIndex(of: ".") { clean = String(clean[..<dot]) }
        clean = String(clean.prefix(90)).trimmingWhitespace()
        return (clean.isEmpty ? "lampiran" : clean) + "." + type.fileExtension
    }
}
