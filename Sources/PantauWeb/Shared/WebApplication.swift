import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import PantauCore
import PantauStore
import ServiceLifecycle

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
    /// Run the capabilities' background services (the webhook sender) in this instance.
    public var runJobs: Bool = true
    /// The zone CSV and Excel exports write times in.
    public var zone: LocalZone = .wib

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

/// The web application of a list of capabilities: the router with the shared middleware and the
/// shell's routes, each capability's routes, and the services they run.
public struct WebApplicationParts {
    public let router: Router<AppRequestContext>
    public let services: [any Service]
}

/// Wires the shared middleware, the shell (start page, health, stylesheet, API document) and every
/// capability's routes onto one router, in the capabilities' order.
public func buildRouter(store: Store, settings: WebSettings, capabilities: CapabilityList, logger: Logger) async throws -> WebApplicationParts {
    let renderer = try await Renderer(navigation: capabilities.navigation)
    let passwords = PasswordHasher(cost: settings.bcryptCost)
    let openAPI = try APIDocument.merged(capabilities.all.compactMap(\.apiDocument))
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(SecurityHeadersMiddleware(strictTransport: settings.secureCookies))
    router.middlewares.add(LegacyPathMiddleware())
    let apiMethods = try APIMethods(document: openAPI)
    router.middlewares.add(ErrorMiddleware(renderer: renderer, apiMethods: apiMethods))
    router.middlewares.add(SessionMiddleware<AppRequestContext>(
        storage: DatabaseSessionDriver(store: store, secret: Data(SHA256.hash(data: Data(settings.sessionSecret.utf8)))),
        configuration: .init(
            sessionCookieParameters: .init(name: "pantau_session", path: "/", secure: settings.secureCookies, sameSite: .lax),
            keyPrefix: "s.", defaultSessionExpiration: settings.sessionTTL)))
    router.middlewares.add(AuthenticationMiddleware(store: store, trustProxy: settings.trustProxy, installation: settings.jurisdiction))
    // Errors of the CSRF check and of the routes are answered here, with the signed-in user's
    // context, so an error page keeps the menu; the outer one answers what fails before this.
    router.middlewares.add(ErrorMiddleware(renderer: renderer, apiMethods: apiMethods))
    router.middlewares.add(CSRFMiddleware(maxFormSize: 256 * 1024))
    router.middlewares.add(NavigationBadgeMiddleware(store: store, entries: capabilities.navigation))

    let context = CapabilityContext(store: store, renderer: renderer, settings: settings, passwords: passwords, logger: logger,
                                    capabilities: capabilities, dummyHash: try await passwords.hash(CSRF.newToken()))
    HomeRoutes(store: store, renderer: renderer, stylesheet: try bundled("public/style.css"),
               openAPI: openAPI, cards: capabilities.homeCards, capabilities: capabilities, context: context).register(on: router)
    for capability in capabilities.all {
        try capability.register(on: router, context)
    }
    let services = settings.runJobs ? capabilities.all.flatMap { $0.services(context) } : []
    return WebApplicationParts(router: router, services: services)
}

private func bundled(_ path: String) throws -> ByteBuffer {
    guard let url = Bundle.module.resourceURL?.appendingPathComponent(path) else { throw BadRequest("missing resource \(path)") }
    return ByteBuffer(bytes: try Data(contentsOf: url))
}
