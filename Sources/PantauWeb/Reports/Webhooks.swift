import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import PantauCore
import PantauStore

/// Sends queued webhook deliveries: JSON signed with HMAC-SHA256 (X-Pantau-Signature), retried
/// with back-off, every attempt recorded. Any instance may run it; a delivery is claimed first.
public struct WebhookWorker: Sendable {
    let store: Store
    let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Sends what is due now; returns how many deliveries were attempted.
    @discardableResult
    public func runOnce() async throws -> Int {
        let due = try await store.dueWebhookDeliveries()
        guard !due.isEmpty else { return 0 }
        guard let url = try await store.setting("webhook_url").flatMap(URL.init(string:)), url.scheme == "http" || url.scheme == "https" else { return 0 }
        let secret = try await store.setting("webhook_secret") ?? ""
        var attempted = 0
        for delivery in due where try await store.claimWebhookDelivery(delivery) {
            attempted += 1
            var request = URLRequest(url: url, timeoutInterval: 10)
            request.httpMethod = "POST"
            request.httpBody = Data(delivery.payload.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(delivery.event, forHTTPHeaderField: "X-Pantau-Event")
            request.setValue(String(delivery.id), forHTTPHeaderField: "X-Pantau-Delivery")
            request.setValue(Store.webhookSignature(body: delivery.payload, secret: secret), forHTTPHeaderField: "X-Pantau-Signature")
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                try await store.recordWebhookAttempt(delivery, httpStatus: (response as? HTTPURLResponse)?.statusCode, error: nil)
            } catch {
                logger.warning("Webhook delivery \(delivery.id) failed: \(error.localizedDescription)")
                try await store.recordWebhookAttempt(delivery, httpStatus: nil, error: error.localizedDescription)
            }
        }
        return attempted
    }

    /// Polls every few seconds until cancelled.
    public func run(every interval: Duration = .seconds(5)) async {
        while !Task.isCancelled {
            do { try await runOnce() } catch { logger.warning("Webhook worker: \(error)") }
            try? await Task.sleep(for: interval)
        }
    }
}

/// The administrator's webhook settings and the delivery log.
struct WebhookRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.webhook.path)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(SiteURL.webhook.path)) { request, context in try await save(request: request, context: context) }
    }

    struct View { var action: String; var url: String; var hasSecret: Bool; var error: String?; var notice: String?; var deliveries: [Row] }
    struct Row { var id: Int; var event: String; var status: String; var attempts: Int; var lastStatus: String; var error: String; var created: String }

    func render(_ context: AppRequestContext, url: String? = nil, error: String? = nil, notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let deliveries = try await store.webhookDeliveries()
        let stored = try await store.setting("webhook_url") ?? ""
        let view = View(action: SiteURL.webhook.path, url: url ?? stored,
                        hasSecret: (try await store.setting("webhook_secret") ?? "").isEmpty == false, error: error, notice: notice,
                        deliveries: deliveries.map { Row(id: $0.id, event: $0.event, status: $0.status, attempts: $0.attempts, lastStatus: $0.lastStatus.map(String.init) ?? "—",
                                                          error: $0.lastError ?? "", created: Display.dateTime($0.createdAt)) })
        return renderer.page("webhook", title: "Webhook", section: .users, context: context, status: status, body: view)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.manageWebhook)
        return try await render(context, notice: Notice.text(request))
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(.manageWebhook)
        let form = try await Forms.read(request)
        let url = (form["url"] ?? "").trimmingWhitespace()
        if !url.isEmpty {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, url.count <= 500 else {
                return try await render(context, url: url, error: "Alamat webhook harus URL http(s) yang lengkap.", status: .unprocessableContent)
            }
        }
        let secret = form["secret"] ?? ""
        if !secret.isEmpty && secret.count < 16 {
            return try await render(context, url: url, error: "Rahasia penanda tangan minimal 16 karakter.", status: .unprocessableContent)
        }
        try await store.setSetting("webhook_url", url, actor: try context.actor())
        if !secret.isEmpty { try await store.setSetting("webhook_secret", secret, actor: try context.actor(), secret: true) }
        return .redirect(to: SiteURL.webhook.path + "?notice=saved", type: .normal)
    }
}
