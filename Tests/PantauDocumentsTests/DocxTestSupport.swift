import Foundation
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PantauDocuments

/// Every entry of a ZIP file, by path.
func unzip(_ data: Data) throws -> [String: Data] {
    let archive = try Archive(data: data, accessMode: .read)
    var entries: [String: Data] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        entries[entry.path] = bytes
    }
    return entries
}

/// The entries' paths in archive order.
func entryPaths(_ data: Data) throws -> [String] {
    try Archive(data: data, accessMode: .read).map(\.path)
}

/// A parsed XML element: qualified name ("w:p"), attributes, children, and its own text.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""
    /// The namespace URI the parser resolved for this element (empty when it had none).
    var namespaceURI = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// This node and all below it, depth first.
    var descendants: [XMLNode] { [self] + children.flatMap(\.descendants) }

    func all(_ name: String) -> [XMLNode] { descendants.filter { $0.name == name } }

    func first(_ name: String) -> XMLNode? { descendants.first { $0.name == name } }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// The text of every `w:t` below, with `w:br` as "\n" and `w:tab` as "\t" (what Word shows).
    var wordText: String {
        descendants.reduce(into: "") { text, node in
            switch node.name {
            case "w:t": text += node.text
            case "w:br" where node["w:type"] == nil: text += "\n"
            case "w:tab" where !node.attributes.keys.contains("w:val"): text += "\t"
            default: break
            }
        }
    }
}

struct XMLParseError: Error, CustomStringConvertible {
    let description: String
}

/// Parses `data` into a tree; throws unless it is well-formed XML 1.0 with every prefix declared.
/// Element names keep their prefixes; each node also records the namespace URI the parser resolved.
func parseXML(_ data: Data) throws -> XMLNode {
    let delegate = TreeBuilder()
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.shouldReportNamespacePrefixes = true
    parser.delegate = delegate
    // On Linux `parse()` can return true after a fatal error (a mismatched end tag, say), so the
    // errors reported to the delegate and `parserError` count as well.
    let finished = parser.parse()
    let errors = delegate.errors + (parser.parserError.map { [$0] } ?? [])
    guard finished, errors.isEmpty, delegate.stack.isEmpty, let root = delegate.root else {
        throw XMLParseError(description: "not well-formed: \(errors.map { "\($0)" }) at line \(parser.lineNumber)")
    }
    return root
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    var errors: [any Error] = []

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { errors.append(parseError) }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) { errors.append(validationError) }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = XMLNode(name: qualifiedName ?? elementName, attributes: attributes)
        node.namespaceURI = namespaceURI ?? ""
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

/// A document with one of everything, used by several tests and for the sample file.
func sampleReport(footer: String? = "Laporan Harian Desk Pilkada Kota Serang · versi 1") -> DocxDocument {
    DocxDocument(
        title: "Laporan Harian Desk Pilkada Kota Serang",
        author: "Sekretariat Desk Pilkada",
        letterhead: Letterhead(lines: [
            "PEMERINTAH KOTA SERANG",
            "BADAN KESATUAN BANGSA DAN POLITIK",
            "Jl. Jenderal Sudirman No. 5, Cipare, Kec. Serang, Kota Serang, Banten 42117 · Telp. (0254) 200000",
        ]),
        blocks: [
            .title("LAPORAN HARIAN DESK PILKADA KOTA SERANG"),
            .subtitle("Pemilihan Wali Kota dan Wakil Wali Kota Serang 2026"),
            .keyValue([
                ("Wilayah", "Kota Serang"),
                ("Tanggal", "Senin, 23 November 2026"),
                ("Pemungutan suara", "Rabu, 25 November 2026 (H-2 menuju pemungutan suara)"),
                ("Versi", "1 · Draf"),
            ]),
            .heading("A. Gambaran umum"),
            .paragraph("Situasi di Kota Serang secara umum aman dan kondusif. Distribusi logistik pemungutan suara ke enam kecamatan berjalan sesuai jadwal, dengan pengawalan aparat keamanan di setiap titik."),
            .paragraph("Catatan khusus:\nHujan deras di Kecamatan Kasemen memperlambat pengiriman ke dua kelurahan."),
            .heading("B. Tahapan pemilihan"),
            .table(
                header: ["No.", "Tahapan", "Mulai", "Selesai", "Status"],
                rows: [
                    ["1", "Pemutakhiran data dan penyusunan daftar pemilih", "27 Mei 2026", "21 September 2026", "Selesai"],
                    ["2", "Kampanye", "25 September 2026", "23 November 2026", "Berjalan"],
                    ["3", "Masa tenang", "24 November 2026", "26 November 2026", "Akan datang"],
                    ["4", "Pemungutan dan penghitungan suara di TPS", "27 November 2026", "27 November 2026", "Akan datang"],
                    ["5", "Rekapitulasi hasil penghitungan suara", "28 November 2026", "16 Desember 2026", "Akan datang"],
                ],
                columnWidths: [1, 6, 3, 3, 2]),
            .heading("C. Permasalahan dan antisipasi"),
            .bullets([
                "Dua TPS di Kelurahan Banten belum menerima bilik suara; KPU Kota Serang mengirim ulang hari ini.",
                "Alat peraga kampanye masih terpasang di jalan protokol; Satpol PP menertibkan mulai 24 November.",
            ]),
            .numbered(["Koordinasi dengan Bawaslu pukul 09.00 WIB.", "Rapat evaluasi Desk Pilkada pukul 14.00 WIB."]),
            .signature(place: "Serang", date: "23 November 2026",
                       role: "Kepala Badan Kesatuan Bangsa dan Politik\nKota Serang",
                       name: "Drs. H. AHMAD SUHENDAR, M.Si.", id: "NIP. 19700101 199003 1 001"),
        ],
        footer: footer,
        created: Date(timeIntervalSince1970: 1_795_392_000))
}
