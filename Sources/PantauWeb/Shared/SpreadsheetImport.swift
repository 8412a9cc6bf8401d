import Foundation
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
}
