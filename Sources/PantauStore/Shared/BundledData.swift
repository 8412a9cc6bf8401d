import CompressNIO
import Foundation
import NIOCore

/// The reference data shipped inside the package: the Kemendagri region list and simplified
/// boundaries (cahyadsn/wilayah and cahyadsn/wilayah_boundaries, MIT; see NOTICE).
public enum BundledData {
    /// wilayah.csv.gz: kode,nama for 91,599 regions.
    public static var regionsCSV: URL {
        Bundle.module.url(forResource: "wilayah.csv", withExtension: "gz", subdirectory: "data")!
    }

    /// ikp2024-provinsi.csv: Bawaslu's IKP 2024 provinsi scores as the press reported them
    /// (kode,nama,skor,kategori,skor_agregat_kabkota), the demo's published-score import.
    public static var ikp2024ProvinsiCSV: URL {
        Bundle.module.url(forResource: "ikp2024-provinsi", withExtension: "csv", subdirectory: "data")!
    }

    /// Boundary files from the coarsest level down, so that a provinsi is drawn from its own file.
    public static var boundaryFiles: [URL] {
        ["provinsi", "kabkota", "kecamatan", "desa-36-banten", "desa-64-kaltim"].map {
            Bundle.module.url(forResource: "\($0).geojson", withExtension: "gz", subdirectory: "data/boundaries")!
        }
    }

    /// Reads a file, decompressing it when its name ends in .gz.
    public static func read(_ url: URL, maxSize: Int = 512 << 20) throws -> Data {
        let raw = try Data(contentsOf: url)
        guard url.pathExtension == "gz" else { return raw }
        return try gunzip(raw, maxSize: maxSize)
    }

    public static func gunzip(_ data: Data, maxSize: Int = 512 << 20) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let output = try buffer.decompress(with: .gzip, maxSize: maxSize)
        return Data(output.readableBytesView)
    }
}
