import Foundation
import PantauCore
import SQLKit

public struct ReportAttachment: Sendable, Equatable, Decodable {
    public var id: Int
    public var reportID: Int
    public var sha256: String
    public var filename: String
    public var contentType: String
    public var size: Int
    public var uploadedAt: Int

    enum CodingKeys: String, CodingKey {
        case id, sha256, filename, size
        case reportID = "report_id", contentType = "content_type", uploadedAt = "uploaded_at"
    }
}

/// How much one report and one user may attach (PANTAU_MAX_ATTACHMENTS_PER_REPORT,
/// PANTAU_UPLOAD_MB_PER_DAY).
public struct AttachmentLimits: Sendable, Equatable {
    public var perReport: Int
    public var bytesPerDay: Int

    public init(perReport: Int = 20, bytesPerDay: Int = 200 << 20) {
        self.perReport = perReport
        self.bytesPerDay = bytesPerDay
    }
}

/// A user's allowance for a period is used up: 429.
public struct QuotaExceeded: Error, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

extension Store {
    /// Files of the data directory, named by their content's SHA-256 so no user text reaches a path.
    public static func attachmentPath(dataDirectory: String, sha256: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("attachments").appendingPathComponent(String(sha256.prefix(2)))
            .appendingPathComponent(sha256)
    }

    /// Refuses an upload of `incoming` bytes that would take the report past its number of
    /// attachments (409) or the user past their volume for the last 24 hours (`QuotaExceeded`).
    /// Asked before the body is read, and again inside the writing transaction.
    func checkAttachmentLimits(reportID: Int, userID: Int, incoming: Int, limits: AttachmentLimits) async throws {
        try await database.read { db in try await checkAttachmentLimits(db, reportID: reportID, userID: userID, incoming: incoming, limits: limits) }
    }

    func checkAttachmentLimits(_ db: any SQLDatabase, reportID: Int, userID: Int, incoming: Int, limits: AttachmentLimits) async throws {
        let count = try await db.raw("SELECT COUNT(*) AS n FROM report_attachments WHERE report_id = \(bind: reportID)").first(decodingColumn: "n", as: Int.self) ?? 0
        guard count < limits.perReport else {
            throw WorkflowRefused(message: "Laporan ini sudah memiliki \(count) lampiran, batas untuk satu laporan.", forbidden: false)
        }
        let used = try await db.raw("""
            SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS n FROM report_attachments WHERE uploaded_by = \(bind: userID) AND uploaded_at > \(bind: clock.now() - 86_400)
            """).first(decodingColumn: "n", as: Int.self) ?? 0
        guard used + incoming <= limits.bytesPerDay else {
            throw QuotaExceeded(message: "Batas unggahan \(limits.bytesPerDay >> 20) MB per 24 jam untuk akun Anda tercapai (sudah \(used >> 10) KB). Coba lagi besok.")
        }
    }

    /// Stores the bytes under the data directory (once per content) and records them on a report
    /// the principal may see and is still open, within the limits.
    func addAttachment(reportID: Int, data: Data, suppliedName: String?, principal: Principal, dataDirectory: String,
                              limits: AttachmentLimits = .init(), actor: Actor) async throws -> ReportAttachment {
        guard let report = try await report(reportID, scope: principal.jurisdiction, viewer: principal.userID) else { throw NotFound("laporan") }
        guard [.draft, .submitted, .verified, .followUp].contains(report.status) else {
            throw WorkflowRefused(message: "Laporan berstatus \(report.status.label) tidak dapat diberi lampiran baru.", forbidden: false)
        }
        try await checkAttachmentLimits(reportID: reportID, userID: principal.userID, incoming: data.count, limits: limits)
        guard !data.isEmpty else { throw ValidationFailure("berkas", "Berkas kosong.") }
        guard let type = AttachmentType.detect(data) else {
            throw ValidationFailure("berkas", "Jenis berkas tidak diterima: hanya foto JPEG, PNG, WebP atau dokumen PDF (diperiksa dari isinya).")
        }
        let digest = Self.sha256(data)
        let url = Self.attachmentPath(dataDirectory: dataDirectory, sha256: digest)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(digest).\(UUID().uuidString)")
            try data.write(to: temporary)
            do { try FileManager.default.moveItem(at: temporary, to: url) } catch { try? FileManager.default.removeItem(at: temporary) }
        }
        let name = AttachmentType.displayName(suppliedName, type: type)
        return try await database.write { db in
            // Counted again with the write, so concurrent uploads cannot pass the limits together.
            try await checkAttachmentLimits(db, reportID: reportID, userID: principal.userID, incoming: data.count, limits: limits)
            let attachment = try await db.raw("""
                INSERT INTO report_attachments (report_id, sha256, filename, content_type, size, uploaded_by, uploaded_at)
                VALUES (\(bind: reportID), \(bind: digest), \(bind: name), \(bind: type.rawValue), \(bind: data.count), \(bind: principal.userID), \(bind: clock.now()))
                RETURNING id, report_id, sha256, filename, content_type, size, uploaded_at
                """).first(decoding: ReportAttachment.self)!
            try await audit(db, actor: actor, action: "attach", entity: .report, entityID: String(reportID), region: report.region.code,
                                 summary: "Lampiran \(name) (\(data.count / 1024) KB) ditambahkan pada laporan #\(reportID)")
            return attachment
        }
    }

    func attachments(reportID: Int) async throws -> [ReportAttachment] {
        try await database.read { db in
            try await db.raw("SELECT id, report_id, sha256, filename, content_type, size, uploaded_at FROM report_attachments WHERE report_id = \(bind: reportID) ORDER BY id")
                .all(decoding: ReportAttachment.self)
        }
    }

    /// An attachment, only when its report is visible to the principal.
    func attachment(_ id: Int, reportID: Int, principal: Principal) async throws -> ReportAttachment? {
        guard try await report(reportID, scope: principal.jurisdiction, viewer: principal.userID) != nil else { return nil }
        return try await attachments(reportID: reportID).first { $0.id == id }
    }
}
