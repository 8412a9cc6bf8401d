import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import PantauCore
import PantauStore

/// What the web layer needs to know from the configuration.
public struct WebSettings: Sendable {
    /// Mark cookies Secure; set when Pantau is served over TLS (directly or behind a proxy).
    public var secureCookies: Bool
    /// Take the client address from X-Forwarded-For (only behind a trusted load balancer).
    public var trustProxy: Bool
    /// Keys the session rows; shared by every instance.
    public var sessionSecret: String
    public var sessionTTL: Duration
    public var bcryptCost: UInt8
    /// The installation's region: where public complaints may be filed.
    public var jurisdiction: RegionCode
    /// Public complaints one address may file per hour.
    public var publicReportsPerHour: Int
    /// Where uploaded files are kept.
    public var dataDirectory: String = "./data"
    /// The largest attachment accepted, in bytes.
    public var maxUploadBytes: Int = 10 << 20
    /// The most attachments one report may carry.
    public var maxAttachmentsPerReport: Int = 20
    /// The most bytes one user may upload in 24 hours.
    public var uploadBytesPerDay: Int = 200 << 20
    /// Let the webhook point at loopback, link-local and private addresses (an intranet bridge).
    public var webhookAllowPrivate: Bool = false

    public init(secureCookies: Bool = false, trustProxy: Bool = false, sessionSecret: String, sessionTTL: Duration = .seconds(12 * 3600), bcryptCost: UInt8 = 12,
                jurisdiction: RegionCode = RegionCode("36.73")!, publicReportsPerHour: Int = 5) {
        self.jurisdiction = jurisdiction
        self.publicReportsPerHour = publicReportsPerHour
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
        self.sessionSecret = sessionSecret
        self.sessionTTL = sessionTTL
        self.bcryptCost = bcryptCost
    }
}

/// Wires the routes of every capability onto one router. Each capability registers its own
/// routes in one line here.
public func buildRouter(store: Store, settings: WebSettings) async throws -> Router<AppRequestContext> {
    let renderer = try await Renderer()
    let passwords = PasswordHasher(cost: settings.bcryptCost)
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(SecurityHeadersMiddleware(strictTransport: settings.secureCookies))
    router.middlewares.add(ErrorMiddleware(renderer: renderer))
    router.middlewares.add(SessionMiddleware<AppRequestContext>(
        storage: DatabaseSessionDriver(store: store, secret: Data(SHA256.hash(data: Data(settings.sessionSecret.utf8)))),
        configuration: .init(
            sessionCookieParameters: .init(name: "pantau_session", path: "/", secure: settings.secureCookies, sameSite: .lax),
            keyPrefix: "s.", defaultSessionExpiration: settings.sessionTTL)))
    router.middlewares.add(AuthenticationMiddleware(store: store, trustProxy: settings.trustProxy, installation: settings.jurisdiction))
    router.middlewares.add(CSRFMiddleware(maxFormSize: 256 * 1024))

    let dummyHash = try await passwords.hash(CSRF.newToken())
    HomeRoutes(store: store, renderer: renderer, stylesheet: try bundled("public/style.css"), openAPI: try bundled("public/openapi.json")).register(on: router)
    LoginRoutes(store: store, renderer: renderer, passwords: passwords, secureCookies: settings.secureCookies, dummyHash: dummyHash).register(on: router)
    AccountRoutes(store: store, renderer: renderer, passwords: passwords).register(on: router)
    RegionRoutes(store: store, renderer: renderer).register(on: router)
    AgencyRoutes(store: store, renderer: renderer).register(on: router)
    UserRoutes(store: store, renderer: renderer, passwords: passwords).register(on: router)
    AuditRoutes(store: store, renderer: renderer).register(on: router)
    ReportRoutes(store: store, renderer: renderer).register(on: router)
    PublicReportRoutes(store: store, renderer: renderer, jurisdiction: settings.jurisdiction, perHour: settings.publicReportsPerHour,
                       secureCookies: settings.secureCookies).register(on: router)
    InboxRoutes(store: store, renderer: renderer).register(on: router)
    CategoryRoutes(store: store, renderer: renderer).register(on: router)
    WebhookRoutes(store: store, renderer: renderer, allowPrivateTargets: settings.webhookAllowPrivate).register(on: router)
    SituationRoutes(store: store, renderer: renderer).register(on: router)
    AttachmentRoutes(store: store, dataDirectory: settings.dataDirectory, maxBytes: settings.maxUploadBytes,
                     limits: AttachmentLimits(perReport: settings.maxAttachmentsPerReport, bytesPerDay: settings.uploadBytesPerDay)).register(on: router)
    ElectionRoutes(store: store, renderer: renderer).register(on: router)
    ProblemRoutes(store: store, renderer: renderer).register(on: router)
    DeskRoutes(store: store, renderer: renderer).register(on: router)
    IndicatorRoutes(store: store, renderer: renderer).register(on: router)
    ParticipationRoutes(store: store, renderer: renderer, maxUploadBytes: settings.maxUploadBytes).register(on: router)
    return router
}

private func bundled(_ path: String) throws -> ByteBuffer {
    guard let url = Bundle.module.resourceURL?.appendingPathComponent(path) else { throw BadRequest("missing resource \(path)") }
    return ByteBuffer(bytes: try Data(contentsOf: url))
}
