import Crypto
import Foundation
import PantauCore
import SQLKit

public struct WebhookDelivery: Sendable, Decodable, Equatable {
    public var id: Int
    public var event: String
    public var reportID: Int?
    public var payload: String
    public var status: String
    public var attempts: Int
    public var nextAttemptAt: Int
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Int
    public var deliveredAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, event, payload, status, attempts
        case reportID = "report_id", nextAttemptAt = "next_attempt_at", lastStatus = "last_status", lastError = "last_error"
        case createdAt = "created_at", deliveredAt = "delivered_at"
    }
}

extension Store {
    /// Queues an event inside the caller's transaction when a webhook URL is configured.
    func enqueueWebhook(_ db: any SQLDatabase, event: String, report: (id: Int, title: String, severity: Severity, status: ReportStatus, region: RegionCode)) async throws {
        try await enqueueWebhook(db, event: event, reportID: report.id, payload: [
            "event": event, "id": String(report.id), "judul": report.title, "tingkat": report.severity.rawValue,
            "status": report.status.rawValue, "kode_wilayah": report.region.rawValue, "waktu": String(clock.now()),
        ])
    }

    /// Puts one event in the outbox, in the caller's transaction, when a webhook URL is set.
    func enqueueWebhook(_ db: any SQLDatabase, event: String, reportID: Int?, payload: [String: String]) async throws {
        let url = try await db.raw("SELECT value FROM app_settings WHERE key = 'webhook_url'").first(decodingColumn: "value", as: String.self)
        guard let url, !url.isEmpty else { return }
        let now = clock.now()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(payload), as: UTF8.self)
        try await db.raw("""
            INSERT INTO webhook_deliveries (event, report_id, payload, status, attempts, next_attempt_at, created_at)
            VALUES (\(bind: event), \(bind: reportID), \(bind: text), 'pending', 0, \(bind: now), \(bind: now))
            """).run()
    }

    /// `sha256=` and the hex HMAC-SHA256 of the body under the shared secret, sent as X-Pantau-Signature.
    public static func webhookSignature(body: String, secret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    public func dueWebhookDeliveries(limit: Int = 20) async throws -> [WebhookDelivery] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, event, report_id, payload, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at
                FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= \(bind: clock.now()) ORDER BY next_attempt_at, id LIMIT \(literal: limit)
                """).all(decoding: WebhookDelivery.self)
        }
    }

    /// Claims a delivery for this instance by pushing its next attempt ahead, so another instance
    /// does not send it at the same time. Returns false when someone else got it first.
    public func claimWebhookDelivery(_ delivery: WebhookDelivery) async throws -> Bool {
        try await database.write { db in
            let rows = try await db.raw("""
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: clock.now() + 120)
                WHERE id = \(bind: delivery.id) AND status = 'pending' AND next_attempt_at = \(bind: delivery.nextAttemptAt) RETURNING id
                """).all()
            return !rows.isEmpty
        }
    }

    public func recordWebhookAttempt(_ delivery: WebhookDelivery, httpStatus: Int?, error: String?) async throws {
        let now = clock.now()
        let attempts = delivery.attempts + 1
        let succeeded = httpStatus.map { (200..<300).contains($0) } ?? false
        let status = succeeded ? "delivered" : (attempts >= WebhookPolicy.maxAttempts ? "failed" : "pending")
        try await database.write { db in
            try await db.raw("""
                UPDATE webhook_deliveries SET status = \(bind: status), attempts = \(bind: attempts), last_status = \(bind: httpStatus), last_error = \(bind: error.map { String($0.prefix(500)) }),
                       next_attempt_at = \(bind: now + WebhookPolicy.retryDelay(afterAttempts: attempts)), delivered_at = \(bind: succeeded ? now : nil)
                WHERE id = \(bind: delivery.id)
                """).run()
        }
    }

    public func webhookDeliveries(limit: Int = 100) async throws -> [WebhookDelivery] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, event, report_id, payload, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at
                FROM webhook_deliveries ORDER BY id DESC LIMIT \(literal: limit)
                """).all(decoding: WebhookDelivery.self)
        }
    }
}
