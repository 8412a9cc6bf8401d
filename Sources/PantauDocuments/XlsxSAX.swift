import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams one XML part of a workbook to callbacks, element names without their prefix ("x:c" and
/// "c" alike: SpreadsheetML from some writers is prefixed). A callback that throws stops the parse
/// and its error is what `parse` throws; XML that is not well-formed throws `.malformed(part)`.
final class XlsxSAX: NSObject, XMLParserDelegate {
    typealias Start = (_ name: String, _ attributes: [String: String]) throws(XlsxError) -> Void
    typealias End = (_ name: String) throws(XlsxError) -> Void
    typealias Text = (_ text: String) -> Void

    private let start: Start
    private let end: End
    private let text: Text
    private var failure: XlsxError?
    private var failed = false
    private var depth = 0

    private init(start: @escaping Start, end: @escaping End, text: @escaping Text) {
        self.start = start
        self.end = end
        self.text = text
    }

    static func parse(_ data: Data, part: String, start: @escaping Start,
                      end: @escaping End = { _ in }, text: @escaping Text = { _ in }) throws(XlsxError) {
        // A workbook never has a DTD; refusing one rules out entity expansion ("billion laughs")
        // and external entities whatever the XML library would do with them.
        guard !data.isEmpty, !declaresDocumentType(data) else { throw .malformed(part) }
        let handler = XlsxSAX(start: start, end: end, text: text)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let finished = parser.parse()
        if let failure = handler.failure { throw failure }
        // On Linux `parse()` can return true after a fatal error, so the reported errors count too.
        guard finished, !handler.failed, parser.parserError == nil, handler.depth == 0 else { throw .malformed(part) }
    }

    /// Whether the part holds "<!DOCTYPE", in UTF-8 or (when it starts like UTF-16) in UTF-16.
    static func declaresDocumentType(_ data: Data) -> Bool {
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil { return true }
        let head = Array(data.prefix(4))
        let utf16 = head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE])
            || head.starts(with: [0x00, 0x3C]) || head.starts(with: [0x3C, 0x00])
        guard utf16 else { return false }
        let text = String(data: data, encoding: head.first == 0x3C || head.first == 0xFF ? .utf16LittleEndian : .utf16BigEndian) ?? ""
        return text.contains("<!DOCTYPE") || text.isEmpty
    }

    /// The value of the attribute `name`, with or without a prefix ("r:id" for "id").
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        let suffix = ":" + name
        return attributes.first { $0.key.hasSuffix(suffix) }?.value
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private func stop(_ parser: XMLParser, _ error: XlsxError) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard failure == nil else { return }
        depth += 1
        do { try start(Self.localName(elementName), attributes) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil else { return }
        depth -= 1
        do { try end(Self.localName(elementName)) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        text(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil else { return }
        text(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) { failed = true }
}
