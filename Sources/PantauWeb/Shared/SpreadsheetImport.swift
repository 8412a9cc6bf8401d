import Foundation
import Hummingbird
import PantauCore
import PantauDocuments
import PantauStore

/// An uploaded table as users save it: CSV (comma, semicolon or tab) or the first sheet of an
/// Excel workbook, told apart by the file's first bytes (an .xlsx is a ZIP), not by its name.
enum SpreadsheetImport {
    static func table(_ data: Data) -> Result<ImportTable, ImportRejected> {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) else { return TableImport.csv(data) }
        do {
            let rows = try XlsxReader.rows(of: data)
            return TableImport.rows(rows.map { (line: $0.line, cells: $0.cells) })
        } catch {
            return .failure(ImportRejected([ImportProblem(line: 1, column: "-", reason: error.message)]))
        }
    }

    /// The CSV or Excel (.xlsx) file of an import form (`berkas`, multipart), read into a table;
    /// `ImportRejected` when the file itself cannot be read.
    static func uploaded(_ request: Request, maxBytes maxUploadBytes: Int) async throws -> ImportTable {
        let parts = try await multipartParts(request, maxBytes: maxUploadBytes,
                                             notMultipart: "Kirim berkas CSV atau Excel (.xlsx) sebagai multipart/form-data dengan kolom \"berkas\".")
        guard let file = parts?.first(where: { $0.name == "berkas" }) else {
            throw BadRequest("Formulir unggahan tidak terbaca atau tidak berisi kolom \"berkas\".")
        }
        guard !file.data.isEmpty else { throw ImportRejected([ImportProblem(line: 1, column: "-", reason: "tidak ada berkas yang dipilih, atau berkas kosong")]) }
        guard file.data.count <= maxUploadBytes else { throw HTTPError(.contentTooLarge) }
        return try SpreadsheetImport.table(file.data).get()
    }

    /// A multipart form with an optional file in "berkas": its text fields and the file's bytes
    /// (nil when none was chosen).
    static func uploadedForm(_ request: Request, maxBytes maxUploadBytes: Int) async throws -> (fields: [String: String], file: Data?) {
        guard let parts = try await multipartParts(request, maxBytes: maxUploadBytes, notMultipart: "Kirim formulir sebagai multipart/form-data.") else {
            throw BadRequest("Formulir unggahan tidak terbaca.")
        }
        var fields: [String: String] = [:]
        var file: Data?
        for part in parts {
            if part.name == "berkas" {
                if !part.data.isEmpty { file = part.data }
            } else if part.name != "_csrf" {
                fields[part.name] = String(decoding: part.data.prefix(4096), as: UTF8.self)
            }
        }
        if let file, file.count > maxUploadBytes { throw HTTPError(.contentTooLarge) }
        return (fields, file)
    }

    /// The parts of a multipart body no larger than a file of `maxBytes` and its form; nil when the
    /// body cannot be parsed. A request that is not multipart is refused with `notMultipart`.
    private static func multipartParts(_ request: Request, maxBytes maxUploadBytes: Int, notMultipart: String) async throws -> [MultipartField]? {
        var request = request
        guard let type = request.headers[.contentType], let boundary = Multipart.boundary(type) else { throw BadRequest(notMultipart) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxUploadBytes + 64 * 1024 { throw HTTPError(.contentTooLarge) }
        let body = try await request.collectBody(upTo: maxUploadBytes + 64 * 1024)
        return try? Multipart.fields(body, boundary: boundary)
    }
}

/// What the import pages and the import API answer, for every capability that imports tables.
extension SpreadsheetImport {
    /// The rows of an API import: a JSON array of objects, or `{"data": [...]}`.
    static func jsonRows(_ request: Request, columns: [String]) async throws -> ImportTable {
        let rows = try await JSONInput.decode(JSONRows.self, from: request, limit: 8 << 20,
                                              expected: "larik JSON berisi objek baris (atau {\"data\": [...]}), dengan nilai teks, angka atau null")
        return try TableImport.json(rows.objects, columns: columns).get()
    }

    /// Either shape of an API import body.
    struct JSONRows: Decodable {
        var objects: [[String: JSONCell]]

        init(from decoder: any Decoder) throws {
            struct Wrapped: Decodable { var data: [[String: JSONCell]] }
            if let objects = try? [[String: JSONCell]](from: decoder) { self.objects = objects } else { self.objects = try Wrapped(from: decoder).data }
        }
    }

    /// The most problems one page or answer lists; the count says how many there were.
    static let shownProblems = 1000

    struct ImportProblemRow { var line: Int; var column: String; var reason: String }

    /// What a page shows of a refused import.
    struct ImportReport {
        var count: Int
        var rows: [ImportProblemRow]
        var more: String?

        init(_ rejected: ImportRejected) {
            count = rejected.problems.count
            rows = rejected.problems.prefix(SpreadsheetImport.shownProblems).map { ImportProblemRow(line: $0.line, column: $0.column, reason: $0.reason) }
            more = count > rows.count ? "… dan \(count - rows.count) masalah lainnya." : nil
        }
    }

    /// A refused API import as problem+json: `errors` as every other 422, and `masalah` with the
    /// line (the header is line 1; in a JSON array, the position from 1), column and reason of each.
    static func problemResponse(_ rejected: ImportRejected) -> Response {
        struct Item: Encodable { var baris: Int; var kolom: String; var alasan: String }
        struct Document: Encodable {
            var type = "about:blank"
            var title: String
            var status = 422
            var detail: String
            var errors: [FieldError]
            var masalah: [Item]
            var jumlah_masalah: Int
        }
        let shown = rejected.problems.prefix(shownProblems)
        let document = Document(
            title: Problem.title(for: .unprocessableContent),
            detail: "Tidak ada yang diimpor: \(rejected.problems.count) masalah pada data. Perbaiki semua baris yang disebut lalu kirim ulang seluruhnya.",
            errors: shown.map { FieldError("baris \($0.line), kolom \($0.column)", $0.reason) },
            masalah: shown.map { Item(baris: $0.line, kolom: $0.column, alasan: $0.reason) },
            jumlah_masalah: rejected.problems.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return Response(status: .unprocessableContent, headers: [.contentType: "application/problem+json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
