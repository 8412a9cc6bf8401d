import Foundation
import PantauCore
import SQLKit

/// An uploaded file checked by its content, ready to be kept and recorded.
public struct PreparedAttachment: Sendable {
    public var data: Data
    public var sha256: String
    public var type: AttachmentType
    public var name: String
}

/// A file sent with a new report (the photo of the monitors' form or of a public complaint), kept
/// with the report in the report's own transaction.
public struct FirstAttachment: Sendable {
    public var data: Data
    public var suppliedName: String?
    public var dataDirectory: String
    public var limits: AttachmentLimits
    /// The largest file accepted.
    public var maxBytes: Int
    /// The form field it came from, where its problems are shown.
    public var field: String

    public init(data: Data, suppliedName: String?, dataDirectory: String, limits: AttachmentLimits, maxBytes: Int, field: String = "foto") {
        self.maxBytes = maxBytes
        self.data = data
        self.suppliedName = suppliedName
        self.dataDirectory = dataDirectory
        self.limits = limits
        self.field = field
    }
}

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
        try await checkUploadQuota(db, userID: userID, incoming: incoming, limits: limits)
    }

    /// The user's uploads of the last 24 hours plus `incoming` stay within the daily allowance.
    func checkUploadQuota(_ db: any SQLDatabase, userID: Int, incoming: Int, limits: AttachmentLimits) async throws {
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
        let file = try Self.prepareAttachment(data, suppliedName: suppliedName, field: "berkas")
        try Self.saveAttachment(file, dataDirectory: dataDirectory)
        return try await database.write { db in
            // Counted again with the write, so concurrent uploads cannot pass the limits together.
            try await checkAttachmentLimits(db, reportID: reportID, userID: principal.userID, incoming: data.count, limits: limits)
            return try await Self.insertAttachment(db, store: self, file, reportID: reportID, region: report.region.code, uploadedBy: principal.userID,
                                                   now: clock.now(), actor: actor)
        }
    }

    /// A file checked by its content (JPEG, PNG, WebP or PDF) with its digest and display name;
    /// problems are reported at `field`.
    static func prepareAttachment(_ data: Data, suppliedName: String?, field: String) throws -> PreparedAttachment {
        guard !data.isEmpty else { throw ValidationFailure(field, "Berkas kosong.") }
        guard let type = AttachmentType.detect(data) else {
            throw ValidationFailure(field, "Jenis berkas tidak diterima: hanya foto JPEG, PNG, WebP atau dokumen PDF (diperiksa dari isinya).")
        }
        return PreparedAttachment(data: data, sha256: sha256(data), type: type, name: AttachmentType.displayName(suppliedName, type: type))
    }

    /// Writes the bytes under the data directory, once per content (a file left by a failed
    /// transaction is the same bytes a later upload would write).
    static func saveAttachment(_ file: PreparedAttachment, dataDirectory: String) throws {
        let url = attachmentPath(dataDirectory: dataDirectory, sha256: file.sha256)
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(file.sha256).\(UUID().uuidString)")
        try file.data.write(to: temporary)
        do { try FileManager.default.moveItem(at: temporary, to: url) } catch { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Records a prepared file on a report inside a write transaction, with its audit entry.
    static func insertAttachment(_ db: any SQLDatabase, store: Store, _ file: PreparedAttachment, reportID: Int, region: RegionCode, uploadedBy: Int?, now: Int,
                                 actor: Actor) async throws -> ReportAttachment {
        let attachment = try await db.raw("""
            INSERT INTO report_attachments (report_id, sha256, filename, content_type, size, uploaded_by, uploaded_at)
            VALUES (\(bind: reportID), \(bind: file.sha256), \(bind: file.name), \(bind: file.type.rawValue), \(bind: file.data.count), \(bind: uploadedBy), \(bind: now))
            RETURNING id, report_id, sha256, filename, content_type, size, uploaded_at
            """).first(decoding: ReportAttachment.self)!
        try await store.audit(db, actor: actor, action: "attach", entity: .report, entityID: String(reportID), region: region,
                              summary: "Lampiran \(file.name) (\(file.data.count / 1024) KB) ditambahkan pada laporan #\(reportID)")
        return attachment
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
