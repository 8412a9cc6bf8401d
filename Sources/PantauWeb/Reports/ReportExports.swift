import Foundation
import HTTPTypes
import Hummingbird
import PantauCore
import PantauDocuments
import PantauStore

/// One column of the report exports (CSV and Excel): its header, its width in Excel and its cell.
struct ReportExportColumn: Sendable {
    var header: String
    var width: Double
    var cell: @Sendable (Report, ReportExportDetails) -> ExportCell
}

/// The filtered list as CSV, Excel and GeoJSON, written page by page as it is read: a large
/// export never sits whole in memory.
extension ReportRoutes {
    /// The most reports one export holds.
    static let exportLimit = 100_000

    /// Reads the filtered reports of the principal's scope 500 at a time, with each page's
    /// details (places above, reporting agency, follow-up) in three queries.
    static func eachExportPage(store: Store, principal: Principal, filter: ReportFilter,
                               _ body: ([Report], ReportExportDetails) async throws -> Void) async throws {
        var filter = filter
        filter.pageSize = 500
        let reports = store.reports(Scope(principal))
        for pageNumber in 1...(exportLimit / 500) {
            filter.page = pageNumber
            let page = try await reports.list(filter)
            try await body(page.items, try await reports.exportDetails(of: page.items))
            if !page.hasNext { break }
        }
    }

    /// The columns, in the order a Kesbangpol spreadsheet reads them; times in `zone`, named in
    /// the header. Statuses, severities and sources are the labels the pages use.
    static func exportColumns(zone: LocalZone) -> [ReportExportColumn] {
        @Sendable func text(_ value: String?) -> ExportCell { (value ?? "").isEmpty ? .empty : .text(value!) }
        return [
            ReportExportColumn(header: "No. laporan", width: 10) { r, _ in .integer(r.id) },
            ReportExportColumn(header: "Judul", width: 40) { r, _ in .text(r.title) },
            ReportExportColumn(header: "Uraian", width: 60) { r, _ in .text(r.narrative) },
            ReportExportColumn(header: "Status", width: 15) { r, _ in .text(r.status.label) },
            ReportExportColumn(header: "Tingkat", width: 10) { r, _ in .text(r.severity.label) },
            ReportExportColumn(header: "Kategori", width: 24) { r, _ in .text(r.category.name) },
            ReportExportColumn(header: "Sumber", width: 18) { r, _ in .text(r.source.label) },
            ReportExportColumn(header: "Waktu kejadian (\(zone.rawValue))", width: 17) { r, _ in .time(r.occurredAt) },
            ReportExportColumn(header: "Ketepatan waktu", width: 14) { r, _ in .text(r.precision.label) },
            ReportExportColumn(header: "Kode wilayah", width: 15) { r, _ in .text(r.region.code.rawValue) },
            ReportExportColumn(header: "Desa/Kelurahan", width: 20) { r, _ in r.region.code.level == .desaKelurahan ? .text(r.region.name) : .empty },
            ReportExportColumn(header: "Kecamatan", width: 20) { r, d in
                r.region.code.level == .kecamatan ? .text(r.region.name) : text(d.name(r.region.code, level: 8))
            },
            ReportExportColumn(header: "Kab/Kota", width: 20) { r, d in
                r.region.code.level == .kabupatenKota ? .text(r.region.name) : text(d.name(r.region.code, level: 5))
            },
            ReportExportColumn(header: "Tempat", width: 30) { r, _ in text(r.place) },
            ReportExportColumn(header: "Lintang", width: 11) { r, _ in r.location.map { .decimal($0.lat) } ?? .empty },
            ReportExportColumn(header: "Bujur", width: 11) { r, _ in r.location.map { .decimal($0.lng) } ?? .empty },
            // A count never given stays empty: "tidak diketahui", not 0.
            ReportExportColumn(header: "Orang terlibat", width: 9) { r, _ in r.involved.map { .integer($0) } ?? .empty },
            ReportExportColumn(header: "Luka", width: 7) { r, _ in r.injured.map { .integer($0) } ?? .empty },
            ReportExportColumn(header: "Meninggal", width: 9) { r, _ in r.dead.map { .integer($0) } ?? .empty },
            ReportExportColumn(header: "Pihak terlibat", width: 24) { r, _ in text(r.actorKinds.map(\.label).joined(separator: ", ")) },
            ReportExportColumn(header: "Tag", width: 20) { r, _ in text(r.tags.joined(separator: ", ")) },
            ReportExportColumn(header: "Instansi pelapor", width: 28) { r, d in text(r.agencyID.flatMap { d.agencyNames[$0] }) },
            ReportExportColumn(header: "Tindak lanjut", width: 26) { r, d in text(d.followUps[r.id]?.text) },
            ReportExportColumn(header: "Duplikat dari", width: 10) { r, _ in r.duplicateOf.map { .integer($0) } ?? .empty },
            ReportExportColumn(header: "Diperbarui (\(zone.rawValue))", width: 17) { r, _ in .time(r.updatedAt) },
        ]
    }

    static func separator(_ request: Request) throws -> String { try TableDownload.separator(request) }
    static func csvCell(_ cell: ExportCell, zone: LocalZone) -> String { TableDownload.csvCell(cell, zone: zone) }

    func csv(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let filter = try Self.filter(request)
        let separator = try Self.separator(request)
        let (store, zone) = (store, zone)
        let columns = Self.exportColumns(zone: zone)
        let body = ResponseBody { writer in
            // The byte-order mark makes Excel read UTF-8, so Indonesian text opens intact.
            try await writer.write(ByteBuffer(string: "\u{FEFF}" + columns.map { Self.csvCell(.text($0.header), zone: zone) }.joined(separator: separator) + "\r\n"))
            try await Self.eachExportPage(store: store, principal: principal, filter: filter) { reports, details in
                var text = ""
                for report in reports {
                    text += columns.map { Self.csvCell($0.cell(report, details), zone: zone) }.joined(separator: separator) + "\r\n"
                }
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        let name = separator == ";" ? "laporan-pantau-titik-koma.csv" : "laporan-pantau.csv"
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""], body: body)
    }

    /// The filtered list as an Excel workbook: the CSV's columns, numbers as numbers and times as
    /// date-times in the installation's zone, a frozen and filtered header row.
    func xlsx(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let filter = try Self.filter(request)
        let columns = Self.exportColumns(zone: zone)
        var sheet = XlsxSheet(name: "Laporan", columns: columns.map { column in
            XlsxColumn(column.header, width: column.width, kind: column.header.hasPrefix("Waktu") || column.header.hasPrefix("Diperbarui") ? .dateTime : .text)
        })
        try await Self.eachExportPage(store: store, principal: principal, filter: filter) { reports, details in
            for report in reports { sheet.append(columns.map { Self.xlsxCell($0.cell(report, details)) }) }
        }
        let workbook = XlsxWorkbook(sheets: [sheet], timeZone: TimeZone(identifier: zone.identifier) ?? Display.timeZone, title: "Laporan kejadian", author: "Pantau",
                                    created: Date(timeIntervalSince1970: TimeInterval(store.clock.now())))
        return Response(status: .ok, headers: [.contentType: XlsxWorkbook.mimeType, .contentDisposition: "attachment; filename=\"laporan-pantau.xlsx\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: try workbook.data())))
    }

    static func xlsxCell(_ cell: ExportCell) -> XlsxCell { TableDownload.xlsxCell(cell) }

    /// The filtered reports as a GeoJSON FeatureCollection of points. A report without typed
    /// coordinates is placed at its kelurahan's (or kecamatan's) label point and says so:
    /// `lokasi_perkiraan` is true and `lokasi_dari` names the area; one whose area has no point
    /// is left out.
    func geojson(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewReports)
        let filter = try Self.filter(request)
        struct Properties: Encodable {
            var id: Int; var judul: String; var status: String; var status_label: String; var tingkat: String; var kategori: String
            var waktu_kejadian: String; var kode_wilayah: String; var wilayah: String; var lokasi_perkiraan: Bool; var lokasi_dari: String?; var url: String
        }
        struct Geometry: Encodable { var type = "Point"; var coordinates: [Double] }
        struct Feature: Encodable { var type = "Feature"; var geometry: Geometry; var properties: Properties }
        let store = store
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "{\"type\":\"FeatureCollection\",\"features\":["))
            var first = true
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try await Self.eachExportPage(store: store, principal: principal, filter: filter) { reports, details in
                var chunk = Data()
                for r in reports {
                    let typed = r.location
                    let approximate = typed == nil ? details.placePoints[r.region.code.rawValue] : nil
                    guard let point = typed ?? approximate?.point else { continue }
                    let feature = Feature(geometry: Geometry(coordinates: [point.lng, point.lat]),
                                          properties: Properties(id: r.id, judul: r.title, status: r.status.rawValue, status_label: r.status.label, tingkat: r.severity.rawValue,
                                                                 kategori: r.category.code, waktu_kejadian: Display.iso(r.occurredAt), kode_wilayah: r.region.code.rawValue,
                                                                 wilayah: r.region.name, lokasi_perkiraan: typed == nil, lokasi_dari: approximate.map { "titik tengah \($0.of)" },
                                                                 url: SiteURL.report(r.id).path))
                    if !first { chunk.append(UInt8(ascii: ",")) }
                    first = false
                    chunk.append(try encoder.encode(feature))
                }
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.write(ByteBuffer(string: "]}"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/geo+json", .contentDisposition: "attachment; filename=\"laporan-pantau.geojson\""], body: body)
    }

    struct FormView {
        var action: String
        var values: [String: String]
        /// Every problem at once, each linking to its field (the GOV.UK error summary).
        var errorSummary: [FieldError]
        var maxUploadMB: Int = 10
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
