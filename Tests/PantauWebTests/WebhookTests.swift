import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PantauCore
import PantauStore
import PantauTestSupport
@testable import PantauWeb
import Testing

/// A webhook receiver on a real socket that records what it gets and answers a chosen status.
actor Receiver {
    var requests: [(headers: HTTPFields, body: String)] = []
    var status: HTTPResponse.Status = .ok
    func record(_ headers: HTTPFields, _ body: String) -> HTTPResponse.Status { requests.append((headers, body)); return status }
    func answer(_ status: HTTPResponse.Status) { self.status = status }
}

@Suite("Outgoing webhook")
struct WebhookTests {
    @Test("a severe report and a verification are sent signed with HMAC-SHA256; a failure is retried later and logged", arguments: TestBackend.available)
    func deliveries(backend: TestBackend) async throws {
        // The receiver listens on loopback, which only an installation that allows private targets may use.
        try await WebKit.run(backend, environment: ["PANTAU_WEBHOOK_ALLOW_PRIVATE": "true"]) { kit in
            let receiver = Receiver()
            let router = Router()
            router.post("/hook") { request, context -> Response in
                var request = request
                let body = try await request.collectBody(upTo: 1 << 20)
                return Response(status: await receiver.record(request.headers, String(buffer: body)))
            }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let admin = try await kit.login("admin")
                #expect(try await kit.post("/settings/webhook", form: ["url": "http://127.0.0.1:\(port)/hook", "secret": "rahasia-jembatan-wa-01"], as: admin).status == .seeOther)
                #expect(try await kit.post("/settings/webhook", form: ["url": "javascript:alert(1)"], as: admin).status == .unprocessableContent)
                let monitor = try await kit.token(for: "pemantau")
                let created = try await kit.api(.post, "/api/v1/reports", token: monitor, json: ReportFixtures.json(severity: "kritis"))
                let id = try #require(try created.json()["id"] as? Int)
                _ = try await kit.api(.post, "/api/v1/reports", token: monitor, json: ReportFixtures.json(severity: "ringan"))
                let worker = WebhookWorker(store: kit.store, logger: testLogger, allowPrivateTargets: true)
                #expect(try await worker.runOnce() == 1)
                let first = try #require(await receiver.requests.first)
                #expect(first.headers[HTTPField.Name("X-Pantau-Event")!] == "report.severe")
                #expect(first.headers[HTTPField.Name("X-Pantau-Signature")!] == Store.webhookSignature(body: first.body, secret: "rahasia-jembatan-wa-01"))
                #expect(first.body.contains("\"id\":\"\(id)\""))

                await receiver.answer(.internalServerError)
                _ = try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: try await kit.token(for: "analis"))
                #expect(try await worker.runOnce() == 1)
                let log = try await kit.store.webhookDeliveries()
                let verified = try #require(log.first { $0.event == "report.verified" })
                #expect(verified.status == "pending")
                #expect(verified.attempts == 1)
                #expect(verified.lastStatus == 500)
                #expect(verified.nextAttemptAt > kit.store.clock.now() + 20)
                #expect(try await worker.runOnce() == 0)  // not due yet
                #expect(log.first { $0.event == "report.severe" }?.status == "delivered")
                let page = try await kit.get("/settings/webhook", as: admin)
                #expect(page.text.contains("report.verified"))
                #expect(!page.text.contains("rahasia-jembatan-wa-01"))
                let audit = try await kit.store.auditLog(scope: .national, filter: AuditFilter(entity: "system"))
                #expect(!audit.items.contains { ($0.changes ?? "").contains("rahasia-jembatan") })
            }
        }
    }

    @Test("retries back off from 30 seconds to at most 6 hours; only verification and severe arrivals fire")
    func policy() {
        #expect(WebhookPolicy.retryDelay(afterAttempts: 1) == 30)
        #expect(WebhookPolicy.retryDelay(afterAttempts: 2) == 60)
        #expect(WebhookPolicy.retryDelay(afterAttempts: 30) == 6 * 3600)
        #expect(WebhookPolicy.fires(on: .verify, severity: .ringan, status: .verified) == "report.verified")
        #expect(WebhookPolicy.fires(on: nil, severity: .berat, status: .submitted) == "report.severe")
        #expect(WebhookPolicy.fires(on: nil, severity: .berat, status: .draft) == nil)
        #expect(WebhookPolicy.fires(on: .resolve, severity: .kritis, status: .resolved) == nil)
    }
}
