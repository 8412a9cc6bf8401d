import Foundation
import HTTPTypes
import Hummingbird
import PantauCore
import PantauStore

/// The filtered list as CSV and as GeoJSON, streamed page by page.
extension ReportRoutes {
    /// Every report matching the filter (at most 100,000), read page by page.
    func exportable(_ request: Request, _ principal: Principal) async throws -> [Report] {
        var filter = try Self.filter(request)
        filter.pageSize = 500
        var reports: [Report] = []
        for pageNumber in 1...200 {
            filter.page = pageNumber
            let page = try await store.reports(Scope(principal)).list(filter)
            reports += page.items
            if !page.hasNext { break }
        }
        return reports
    }

    func csv(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        var text = "\u{FEFF}id,judul,status,tingkat,kategori,sumber,waktu_kejadian,kode_wilayah,wilayah,tempat,lintang,bujur,terlibat,luka,meninggal,tag,duplikat_dari\r\n"
        func cell(_ value: String) -> String {
            var value = value
            // A leading =, +, - or @ would make Excel run the cell as a formula; TAB and CR are
            // stripped by some programs before they look. The first scalar is checked, not the
            // first Character: CR LF is one Character, and so is = with a combining mark.
            if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        for r in try await exportable(request, principal) {
            let fields = [String(r.id), cell(r.title), r.status.rawValue, r.severity.rawValue, cell(r.category.name), r.source.rawValue,
                          Display.iso(r.occurredAt), r.region.code.rawValue, cell(r.region.name), cell(r.place ?? ""),
                          r.location.map { String($0.lat) } ?? "", r.location.map { String($0.lng) } ?? "",
                          String(r.involved), String(r.injured), String(r.dead), cell(r.tags.joined(separator: ", ")), r.duplicateOf.map(String.init) ?? ""]
            text += fields.joined(separator: ",") + "\r\n"
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"laporan-pantau.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The filtered reports that carry coordinates, as a GeoJSON FeatureCollection of points.
    func geojson(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        struct Properties: Encodable { var id: Int; var judul: String; var status: String; var tingkat: String; var kategori: String; var waktu_kejadian: String; var kode_wilayah: String; var url: String }
        struct Geometry: Encodable { var type = "Point"; var coordinates: [Double] }
        struct Feature: Encodable { var type = "Feature"; var geometry: Geometry; var properties: Properties }
        struct Collection: Encodable { var type = "FeatureCollection"; var features: [Feature] }
        let features = try await exportable(request, principal).compactMap { r in
            r.location.map { point in
                Feature(geometry: Geometry(coordinates: [point.lng, point.lat]),
                        properties: Properties(id: r.id, judul: r.title, status: r.status.rawValue, tingkat: r.severity.rawValue, kategori: r.category.code,
                                               waktu_kejadian: Display.iso(r.occurredAt), kode_wilayah: r.region.code.rawValue, url: SiteURL.report(r.id).path))
            }
        }
        let data = try JSONEncoder().encode(Collection(features: features))
        return Response(status: .ok, headers: [.contentType: "application/geo+json", .contentDisposition: "attachment; filename=\"laporan-pantau.geojson\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct FormView {
        var action: String
        var values: [String: String]
        var errors: [String]
        var categories: [Option]
        var severities: [Option]
        var sources: [Option]
        var precisions: [Option]
        var actorKinds: [Option]
        var places: [Option]
        /// A kab/kota or kecamatan jurisdiction picks from a list; a wider one types the code.
        var hasPlaces: Bool
        var fieldErrors: [String: String]
        var heading = "Laporan kejadian baru"
        /// An edit carries the version it started from, and says how it is saved.
        var version: String?
        var isNew = true
        var isDraft = false
        /// A verifier corrects the facts only; the other fields are shown read-only.
        var factsOnly = false
        var cancelHref: String?
    }
}
