import Foundation

/// Why a workbook could not be written or read. `message` is shown to the user as it is.
public enum XlsxError: Error, Sendable, Equatable {
    /// Not a ZIP file, or a ZIP that is not an Excel workbook.
    case notXlsx
    /// An OLE compound file: an old .xls workbook, or an .xlsx protected by a password (Excel
    /// encrypts those into the same container).
    case legacyOrEncrypted
    /// A part the workbook names (or must have) is not in the file, e.g. "xl/workbook.xml".
    case missingPart(String)
    /// The workbook lists no worksheet.
    case noWorksheet
    /// A part is larger than `limit` bytes once unzipped.
    case partTooLarge(String, limit: Int)
    /// Data beyond row `limit`.
    case tooManyRows(limit: Int)
    /// Data beyond column `limit`.
    case tooManyColumns(limit: Int)
    /// More than `limit` cells (gaps before a value included) or shared strings.
    case tooManyCells(limit: Int)
    /// A part is not well-formed XML or holds something a workbook cannot, e.g. a shared string
    /// index past the table or a document type declaration.
    case malformed(String)
    /// The ZIP container is damaged (a bad checksum, a truncated entry).
    case damaged(String)

    /// In Bahasa Indonesia, for the person who uploaded the file.
    public var message: String {
        switch self {
        case .notXlsx:
            "Berkas ini bukan berkas Excel (.xlsx). Simpan lembar kerja sebagai \"Buku Kerja Excel (*.xlsx)\", lalu unggah lagi."
        case .legacyOrEncrypted:
            "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Simpan ulang sebagai .xlsx tanpa kata sandi, lalu unggah lagi."
        case .missingPart(let part):
            "Berkas .xlsx tidak lengkap: bagian \(part) tidak ada. Buka dan simpan ulang berkas di Excel atau LibreOffice."
        case .noWorksheet:
            "Buku kerja ini tidak memiliki lembar kerja."
        case .partTooLarge(let part, let limit):
            "Berkas terlalu besar: bagian \(part) melebihi \(Self.megabytes(limit)) setelah diekstrak."
        case .tooManyRows(let limit):
            "Lembar kerja melebihi \(Self.grouped(limit)) baris. Bagi data menjadi beberapa berkas."
        case .tooManyColumns(let limit):
            "Lembar kerja melebihi \(Self.grouped(limit)) kolom."
        case .tooManyCells(let limit):
            "Lembar kerja terlalu besar: melebihi \(Self.grouped(limit)) sel. Bagi data menjadi beberapa berkas."
        case .malformed(let part):
            "Isi berkas rusak: bagian \(part) tidak dapat dibaca. Buka dan simpan ulang berkas di Excel atau LibreOffice."
        case .damaged(let part):
            "Berkas rusak atau terpotong (bagian \(part)). Unggah ulang berkas aslinya."
        }
    }

    /// 200000 → "200.000", as Indonesian writes thousands.
    static func grouped(_ value: Int) -> String {
        var digits = String(value.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: ".")
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % 1_000_000 == 0 ? "\(bytes / 1_000_000) MB" : "\(grouped(bytes)) byte"
    }
}

extension XlsxError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { message }
    public var description: String { message }
}
