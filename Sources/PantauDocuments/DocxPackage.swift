import Foundation
import ZIPFoundation

/// Zips the parts of an Office Open XML package: a .docx or an .xlsx.
enum DocxPackage {
    /// Every entry gets this time, so the same parts always give the same bytes.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)   // 1980-01-01 00:00 UTC, the earliest ZIP date

    static func zip(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for part in parts {
            let data = part.data
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: timestamp, permissions: 0o644, compressionMethod: .deflate,
                provider: { position, size in
                    let start = Int(position)
                    return data.subdata(in: start..<min(start + size, data.count))
                })
        }
        guard let bytes = archive.data else { throw DocxError.archiveUnavailable }
        return bytes
    }
}

public enum DocxError: Error, Sendable {
    /// The in-memory ZIP archive gave no bytes back.
    case archiveUnavailable
}
