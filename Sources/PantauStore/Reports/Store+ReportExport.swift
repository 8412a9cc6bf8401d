import Foundation
import PantauCore
import SQLKit

/// What an export row shows beside a report's own fields, read for a whole page of reports at
/// once (three queries per page, never one per report).
public struct ReportExportDetails: Sendable {
    /// Names of the kecamatan and kab/kota above each report's place, by code.
    public var regionNames: [String: String] = [:]
    /// Names of the reporting agencies, by id.
    public var agencyNames: [Int: String] = [:]
    /// Each report's assignments, by report id.
    public var followUps: [Int: FollowUpState] = [:]
    /// A point for each report's place: its own label point, else its kecamatan's, by region code.
    public var placePoints: [String: (point: GeoPoint, of: String)] = [:]

    public init() {}

    /// The name of the region `length` characters of `code` long (8 = kecamatan, 5 = kab/kota).
    public func name(_ code: RegionCode, level length: Int) -> String {
        guard code.rawValue.count >= length else { return "" }
        return regionNames[String(code.rawValue.prefix(length))] ?? ""
    }
}

/// A report's follow-up in a few words: how many agencies were assigned, how many finished, how
/// many are late.
public struct FollowUpState: Sendable, Equatable {
    public var assigned = 0
    public var done = 0
    public var late = 0

    public init(assigned: Int = 0, done: Int = 0, late: Int = 0) {
        self.assigned = assigned
        self.done = done
        self.late = late
    }

    /// "3 instansi: 1 selesai, 1 terlambat", or "" without assignments.
    public var text: String {
        guard assigned > 0 else { return "" }
        var parts = ["\(done) selesai"]
        if late > 0 { parts.append("\(late) terlambat") }
        return "\(assigned) instansi: " + parts.joined(separator: ", ")
    }
}

extension ReportRepository {
    /// The details of a page of reports of this scope (the reports were read through it).
    public func exportDetails(of reports: [Report]) async throws -> ReportExportDetails {
        try await store.reportExportDetails(reports)
    }
}

extension Store {
    func reportExportDetails(_ reports: [Report]) async throws -> ReportExportDetails {
        var details = ReportExportDetails()
        guard !reports.isEmpty else { return details }
        var codes = Set<String>()
        for report in reports {
            let code = report.region.code.rawValue
            codes.insert(code)
            for length in [5, 8] where code.count > length { codes.insert(String(code.prefix(length))) }
        }
        let regionCodes = codes.sorted()
        let agencies = Array(Set(reports.compactMap(\.agencyID)))
        let ids = reports.map(\.id)
        struct Name: Decodable { var kode: String; var nama: String; var label_lat: Double?; var label_lng: Double? }
        struct AgencyName: Decodable { var id: Int; var name: String }
        struct Assignment: Decodable { var report_id: Int; var assigned: Int; var done: Int; var late: Int }
        let now = clock.now()
        let (names, agencyNames, assignments) = try await database.read { db in
            let names = try await db.raw("""
                SELECT r.kode, r.nama, b.label_lat, b.label_lng FROM regions r LEFT JOIN region_boundaries b ON b.kode = r.kode
                WHERE r.kode IN (\(binds: regionCodes))
                """).all(decoding: Name.self)
            let agencyNames = agencies.isEmpty ? [] : try await db.raw("SELECT id, name FROM agencies WHERE id IN (\(binds: agencies))").all(decoding: AgencyName.self)
            let assignments = try await db.raw("""
                SELECT report_id, COUNT(*) AS assigned, SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done,
                       SUM(CASE WHEN status <> 'done' AND due_at < \(bind: now) THEN 1 ELSE 0 END) AS late
                FROM report_assignments WHERE report_id IN (\(binds: ids)) GROUP BY report_id
                """).all(decoding: Assignment.self)
            return (names, agencyNames, assignments)
        }
        var points: [String: (GeoPoint, String)] = [:]
        for row in names {
            details.regionNames[row.kode] = row.nama
            if let lat = row.label_lat, let lng = row.label_lng { points[row.kode] = (GeoPoint(lng: lng, lat: lat), row.nama) }
        }
        for report in reports {
            let code = report.region.code.rawValue
            if let point = points[code] ?? points[String(code.prefix(8))] ?? points[String(code.prefix(5))] {
                details.placePoints[code] = (point.0, point.1)
            }
        }
        for row in agencyNames { details.agencyNames[row.id] = row.name }
        let lateStatus = Set(reports.filter { $0.status == .followUp }.map(\.id))
        for row in assignments {
            // Only a report still in follow-up can be late (as in the list's filter).
            details.followUps[row.report_id] = FollowUpState(assigned: row.assigned, done: row.done, late: lateStatus.contains(row.report_id) ? row.late : 0)
        }
        return details
    }
}
