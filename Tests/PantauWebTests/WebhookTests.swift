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

    /// A server on a free loopback port whose POST /hook records what arrives.
    nonisolated func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            return Response(status: await self.record(request.headers, String(buffer: body)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("Outgoing webhook")
struct WebhookTests {
    @Test("a severe report and a verification are sent signed with HMAC-SHA256; a failure is retried later and logged", arguments: TestBackend.available)
    func deliveries(backend: TestBackend) async throws {
        // The receiver listens on loopback, which only an installation that allows private targets may use.
        try await WebKit.run(backend, environment: ["PANTAU_WEBHOOK_ALLOW_PRIVATE": "true"]) { kit in
            let receiver = Receiver()
            let app = receiver.application()
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let admin = try await kit.login("admin")
                // Before any delivery the log says it is empty rather than showing a bare header.
                #expect(try await kit.get("/pengaturan/webhook", as: admin).text.contains("Belum ada kiriman"))
                #expect(try await kit.post("/pengaturan/webhook", form: ["url": "http://127.0.0.1:\(port)/hook", "secret": "rahasia-jembatan-wa-01"], as: admin).status == .seeOther)
                #expect(try await kit.post("/pengaturan/webhook", form: ["url": "javascript:alert(1)"], as: admin).status == .unprocessableContent)
                let monitor = try await kit.token(for: "pemantau")
                let created = try await kit.api(.post, "/api/v1/reports", token: monitor, json: ReportFixtures.json(severity: "kritis"))
                let id = try #require(try created.json()["id"] as? Int)
                _ = try await kit.api(.post, "/api/v1/reports", token: monitor, json: ReportFixtures.json(severity: "ringan"))
                let worker = WebhookWorker(store: kit.store, logger: testLogger, allowPrivateTargets: true)
                #expect(try await worker.runOnce() == 1)
                let first = try #require(await receiver.requests.first)
                #expect(await receiver.requests.count == 1)
                #expect(first.headers[HTTPField.Name("X-Pantau-Event")!] == "report.severe")
                let delivered = try #require(try await kit.store.webhookDeliveries().first { $0.event == "report.severe" })
                #expect(first.headers[HTTPField.Name("X-Pantau-Delivery")!] == String(delivered.id))
                #expect(first.headers[.contentType] == "application/json")
                // The signature is checked against independent vectors in `signatureVectors` and
                // `schedule`; here it must at least be the header's shape over this body.
                let signature = try #require(first.headers[HTTPField.Name("X-Pantau-Signature")!])
                #expect(signature.count == 71 && signature.hasPrefix("sha256=") && signature.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
                #expect(first.body == delivered.payload)
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: String])
                let waktu = try #require(payload["waktu"].flatMap(Int.init))
                #expect(abs(waktu - kit.store.clock.now()) < 60)
                #expect(payload == ["event": "report.severe", "id": String(id), "judul": "Pembagian sembako oleh tim kampanye", "tingkat": "kritis",
                                    "status": "submitted", "kode_wilayah": "36.73.01.1008", "waktu": String(waktu)])

                await receiver.answer(.internalServerError)
                _ = try await kit.api(.post, "/api/v1/reports/\(id)/verify", token: try await kit.token(for: "analis"))
                #expect(try await worker.runOnce() == 1)
                let log = try await kit.store.webhookDeliveries()
                let verified = try #require(log.first { $0.event == "report.verified" })
                #expect(verified.status == "pending")
                #expect(verified.attempts == 1)
                #expect(verified.lastStatus == 500)
                // The exact schedule is `schedule`'s; here the retry is at least not due yet.
                #expect(verified.nextAttemptAt > kit.store.clock.now())
                #expect(try await worker.runOnce() == 0)  // not due yet
                #expect(log.first { $0.event == "report.severe" }?.status == "delivered")
                let page = try await kit.get("/pengaturan/webhook", as: admin)
                #expect(page.text.contains("report.verified") && !page.text.contains("Belum ada kiriman"))
                #expect(!page.text.contains("rahasia-jembatan-wa-01"))
                let audit = try await kit.store.auditLog(scope: .national, filter: AuditFilter(entity: "system"))
                #expect(!audit.items.contains { ($0.changes ?? "").contains("rahasia-jembatan") })
            }
        }
    }

    /// HMAC-SHA256 vectors computed outside Swift: RFC 4231 test case 2, and Python's
    /// `hmac.new(b"rahasia-jembatan-wa-01", body.encode("utf-8"), hashlib.sha256).hexdigest()`
    /// for `fixedBody` (UTF-8, with é as U+00E9).
    static let fixedBody = "{\"event\":\"report.severe\",\"id\":\"7\",\"judul\":\"Bentrok di Kp. Ci\u{E9}r\u{E9}ng\",\"tingkat\":\"kritis\"}"
    static let fixedSecret = "rahasia-jembatan-wa-01"
    static let fixedSignature = "sha256=e57c154b5656ed9e9df92b3f72e4ec1527bf646d9986e65e8bc78dfa21bd1c6c"

    @Test("the signature is the lowercase hex HMAC-SHA256 of the body's UTF-8 under the secret, as independent implementations compute it")
    func signatureVectors() {
        #expect(Store.webhookSignature(body: "what do ya want for nothing?", secret: "Jefe")
                == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Store.webhookSignature(body: Self.fixedBody, secret: Self.fixedSecret) == Self.fixedSignature)
        #expect(Store.webhookSignature(body: "", secret: "") == "sha256=b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    /// Waits until the clock has just begun a new second, so that an attempt started now almost
    /// always ends within the same second and its time is known exactly.
    static func startOfSecond(_ clock: TestClock) async throws {
        let millis = clock.clock.nowMillis() % 1000
        try await Task.sleep(for: .milliseconds(1000 - millis + 10))
    }

    @Test("a failing delivery is retried 30 s after the first failure, then 60, 120, ... doubling; after the 8th it is failed and never sent again",
          arguments: TestBackend.available)
    func schedule(backend: TestBackend) async throws {
        let clock = TestClock()
        try await WebKit.run(backend, environment: ["PANTAU_WEBHOOK_ALLOW_PRIVATE": "true"], clock: clock) { kit in
            let receiver = Receiver()
            await receiver.answer(.serviceUnavailable)
            let app = receiver.application()
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let admin = try await kit.login("admin")
                #expect(try await kit.post("/pengaturan/webhook", form: ["url": "http://127.0.0.1:\(port)/hook", "secret": Self.fixedSecret], as: admin).status == .seeOther)
                let created = try await kit.api(.post, "/api/v1/reports", token: try await kit.token(for: "pemantau"), json: ReportFixtures.json(severity: "kritis"))
                #expect(created.status == .created)
                let queued = try await kit.store.webhookDeliveries()
                #expect(queued.count == 1)
                let id = try #require(queued.first?.id)
                // The body is pinned to the one whose signature was computed outside Swift.
                try await kit.store.database.write { db in
                    try await db.raw("UPDATE webhook_deliveries SET payload = \(bind: Self.fixedBody) WHERE id = \(bind: id)").run()
                }
                let worker = WebhookWorker(store: kit.store, logger: testLogger, allowPrivateTargets: true)
                // Seconds to wait after the 1st, 2nd, ... 7th failure; the 8th is the last.
                let delays = [30, 60, 120, 240, 480, 960, 1920]
                for attempt in 1...8 {
                    try await Self.startOfSecond(clock)
                    let before = clock.now()
                    #expect(try await worker.runOnce() == 1, "attempt \(attempt)")
                    let after = clock.now()
                    let delivery = try #require(try await kit.store.webhookDeliveries().first { $0.id == id })
                    #expect(delivery.attempts == attempt)
                    #expect(delivery.lastStatus == 503)
                    #expect(delivery.deliveredAt == nil)
                    #expect(await receiver.requests.count == attempt)
                    guard attempt < 8 else {
                        #expect(delivery.status == "failed")
                        break
                    }
                    #expect(delivery.status == "pending")
                    let delay = delays[attempt - 1]
                    #expect((before + delay...after + delay).contains(delivery.nextAttemptAt),
                            "attempt \(attempt): next at +\(delivery.nextAttemptAt - before) s, expected +\(delay) s")
                    // Five seconds early it is not sent; at the time it is.
                    clock.advance(by: delivery.nextAttemptAt - 5 - clock.now())
                    #expect(try await worker.runOnce() == 0, "attempt \(attempt + 1) sent early")
                    clock.advance(by: delivery.nextAttemptAt - clock.now())
                }
                // A failed delivery stays failed: not after the longest delay, not a month later.
                for jump in [6 * 3600 + 1, 30 * 86_400] {
                    clock.advance(by: jump)
                    #expect(try await worker.runOnce() == 0)
                }
                let requests = await receiver.requests
                #expect(requests.count == 8)
                for request in requests {
                    #expect(request.body == Self.fixedBody)
                    #expect(request.headers[HTTPField.Name("X-Pantau-Signature")!] == Self.fixedSignature)
                    #expect(request.headers[HTTPField.Name("X-Pantau-Delivery")!] == String(id))
                }
                let final = try #require(try await kit.store.webhookDeliveries().first { $0.id == id })
                #expect(final.status == "failed")
                #expect(final.attempts == 8)
            }
        }
    }

    @Test("the webhook sender runs as a service of the application: a severe report reaches the receiver with no one calling it",
          arguments: TestBackend.available)
    func senderRunsAsAService(backend: TestBackend) async throws {
        try await WebKit.run(backend, environment: ["PANTAU_WEBHOOK_ALLOW_PRIVATE": "true", "PANTAU_JOBS": "true"]) { kit in
            let receiver = Receiver()
            try await receiver.application().test(.live) { client in
                let port = try #require(client.port)
                try await kit.store.setSetting("webhook_url", "http://127.0.0.1:\(port)/hook", installation: RegionCode("36.73")!, actor: .console("test"))
                let created = try await kit.api(.post, "/api/v1/reports", token: try await kit.token(for: "pemantau"), json: ReportFixtures.json(severity: "kritis"))
                #expect(created.status == .created)
                // The service polls every 5 seconds.
                for _ in 0..<40 where await receiver.requests.isEmpty { try await Task.sleep(for: .milliseconds(500)) }
                #expect(await receiver.requests.count == 1)
                // The answer is recorded just after the receiver has it.
                for _ in 0..<20 where try await kit.store.webhookDeliveries().first?.status != "delivered" { try await Task.sleep(for: .milliseconds(100)) }
                #expect(try await kit.store.webhookDeliveries().first?.status == "delivered")
            }
        }
    }

    @Test("retries back off from 30 seconds, doubling, to at most 6 hours; only verification and severe arrivals fire")
    func policy() {
        #expect(WebhookPolicy.maxAttempts == 8)
        let delays = (1...14).map { WebhookPolicy.retryDelay(afterAttempts: $0) }
        #expect(delays == [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600, 21600])
        #expect(WebhookPolicy.retryDelay(afterAttempts: 0) == 30)
        #expect(WebhookPolicy.retryDelay(afterAttempts: 30) == 21600)
        #expect(WebhookPolicy.retryDelay(afterAttempts: 1_000_000) == 21600)
        for severity in Severity.allCases {
            #expect(WebhookPolicy.fires(on: .verify, severity: severity, status: .verified) == "report.verified")
            let severe: String? = severity == .berat || severity == .kritis ? "report.severe" : nil
            #expect(WebhookPolicy.fires(on: nil, severity: severity, status: .submitted) == severe)
            #expect(WebhookPolicy.fires(on: .submit, severity: severity, status: .submitted) == severe)
            #expect(WebhookPolicy.fires(on: nil, severity: severity, status: .draft) == nil)
            for transition in [ReportTransition.reject, .assign, .resolve, .archive, .reopen, .markDuplicate] {
                #expect(WebhookPolicy.fires(on: transition, severity: severity, status: transition.to) == nil, "\(transition.rawValue) \(severity.rawValue)")
            }
        }
    }
}
