import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import NIOPosix
import ServiceLifecycle
import PantauCore
import PantauStore

/// Sends queued webhook deliveries: JSON signed with HMAC-SHA256 (X-Pantau-Signature), retried
/// with back-off, every attempt recorded. Any instance may run it; a delivery is claimed first.
/// Redirects are not followed, and a target that resolves to a loopback, link-local or private
/// address is refused unless `allowPrivateTargets` (PANTAU_WEBHOOK_ALLOW_PRIVATE).
public struct WebhookWorker: Sendable {
    let store: Store
    let logger: Logger
    let allowPrivateTargets: Bool

    public init(store: Store, logger: Logger, allowPrivateTargets: Bool = false) {
        self.store = store
        self.logger = logger
        self.allowPrivateTargets = allowPrivateTargets
    }

    /// Sends what is due now; returns how many deliveries were attempted.
    @discardableResult
    public func runOnce() async throws -> Int {
        let due = try await store.dueWebhookDeliveries()
        guard !due.isEmpty else { return 0 }
        guard let url = try await store.setting("webhook_url").flatMap(URL.init(string:)), url.scheme == "http" || url.scheme == "https" else { return 0 }
        let secret = try await store.setting("webhook_secret") ?? ""
        // Resolved again at every round: a name that now points inside the network is refused.
        let refusal = await WebhookTarget.refusal(url, allowPrivate: allowPrivateTargets)
        var attempted = 0
        for delivery in due where try await store.claimWebhookDelivery(delivery) {
            attempted += 1
            if let refusal {
                logger.warning("Webhook delivery \(delivery.id) not sent: \(refusal)")
                try await store.recordWebhookAttempt(delivery, httpStatus: nil, error: refusal)
                continue
            }
            var request = URLRequest(url: url, timeoutInterval: 10)
            request.httpMethod = "POST"
            request.httpBody = Data(delivery.payload.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(delivery.event, forHTTPHeaderField: "X-Pantau-Event")
            request.setValue(String(delivery.id), forHTTPHeaderField: "X-Pantau-Delivery")
            request.setValue(Store.webhookSignature(body: delivery.payload, secret: secret), forHTTPHeaderField: "X-Pantau-Signature")
            do {
                let (_, response) = try await WebhookTarget.session.data(for: request)
                try await store.recordWebhookAttempt(delivery, httpStatus: (response as? HTTPURLResponse)?.statusCode, error: nil)
            } catch {
                logger.warning("Webhook delivery \(delivery.id) failed: \(error.localizedDescription)")
                try await store.recordWebhookAttempt(delivery, httpStatus: nil, error: error.localizedDescription)
            }
        }
        return attempted
    }

}

/// A service of the application: polls every few seconds until the server shuts down.
extension WebhookWorker: Service {
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await runOnce() } catch { logger.warning("Webhook worker: \(error)") }
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }
}

/// Where the webhook may point, and the HTTP session that sends to it.
enum WebhookTarget {
    /// A session that never follows a redirect: the 3xx answer is the attempt's result, so a
    /// receiver cannot bounce the signed payload somewhere else.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    /// Why the URL may not be used (in Bahasa Indonesia, naming the address), or nil. The host is
    /// resolved as the sender would; every address it yields must be public unless private
    /// targets are allowed.
    static func refusal(_ url: URL, allowPrivate: Bool) async -> String? {
        guard ["http", "https"].contains(url.scheme ?? ""), let rawHost = url.host, !rawHost.isEmpty else {
            return "Alamat webhook harus URL http(s) yang lengkap."
        }
        if allowPrivate { return nil }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let lower = host.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") {
            return "Alamat webhook \(host) menunjuk ke mesin ini; alamat loopback, link-local dan privat ditolak (PANTAU_WEBHOOK_ALLOW_PRIVATE=true untuk jembatan di intranet)."
        }
        let addresses = (try? await NIOThreadPool.singleton.runIfActive { resolve(host) }) ?? []
        guard !addresses.isEmpty else { return "Nama \(host) tidak dapat diterjemahkan ke alamat IP." }
        if let inside = addresses.first(where: NetworkAddress.isPrivate) {
            return "Alamat webhook \(host) mengarah ke \(inside), alamat loopback, link-local atau privat; ditolak kecuali PANTAU_WEBHOOK_ALLOW_PRIVATE=true."
        }
        return nil
    }

    /// The numeric addresses a host name (or address literal, in any form the system resolver
    /// accepts, such as 2130706433) resolves to.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}

/// The administrator's webhook settings and the delivery log.
struct WebhookRoutes {
    let store: Store
    let renderer: Renderer
    let allowPrivateTargets: Bool

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
        return try renderer.page("reports/webhook", title: "Webhook", section: .users, context: context, status: status, body: view)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireInstallationAdministrator()
        return try await render(context, notice: Notice.text(request))
    }

    func save(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, installation) = try context.requireInstallationAdministrator()
        let form = try await Forms.read(request)
        let url = (form["url"] ?? "").trimmingWhitespace()
        if !url.isEmpty {
            guard let parsed = URL(string: url), url.count <= 500, !url.containsControlCharacters else {
                return try await render(context, url: url, error: "Alamat webhook harus URL http(s) yang lengkap.", status: .unprocessableContent)
            }
            if let refusal = await WebhookTarget.refusal(parsed, allowPrivate: allowPrivateTargets) {
                return try await render(context, url: url, error: refusal, status: .unprocessableContent)
            }
        }
        let secret = form["secret"] ?? ""
        if !secret.isEmpty && secret.count < 16 {
            return try await render(context, url: url, error: "Rahasia penanda tangan minimal 16 karakter.", status: .unprocessableContent)
        }
        try await store.setSetting("webhook_url", url, installation: installation, actor: try context.actor())
        if !secret.isEmpty { try await store.setSetting("webhook_secret", secret, installation: installation, actor: try context.actor(), secret: true) }
        return .redirect(to: SiteURL.webhook.path + "?notice=saved", type: .normal)
    }
}
