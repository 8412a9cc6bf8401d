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
        var request = request
        guard let type = request.headers[.contentType], let boundary = Multipart.boundary(type) else {
            throw BadRequest("Kirim berkas CSV atau Excel (.xlsx) sebagai multipart/form-data dengan kolom \"berkas\".")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxUploadBytes + 64 * 1024 { throw HTTPError(.contentTooLarge) }
        let body = try await request.collectBody(upTo: maxUploadBytes + 64 * 1024)
        guard let file = (try? Multipart.fields(body, boundary: boundary))?.first(where: { $0.name == "berkas" }) else {
            throw BadRequest("Formulir unggahan tidak terbaca atau tidak berisi kolom \"berkas\".")
        }
        guard !file.data.isEmpty else { throw ImportRejected([ImportProblem(line: 1, column: "-", reason: "tidak ada berkas yang dipilih, atau berkas kosong")]) }
        guard file.data.count <= maxUploadBytes else { throw HTTPError(.contentTooLarge) }
        return try SpreadsheetImport.table(file.data).get()
    }
}
