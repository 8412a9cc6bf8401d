import Foundation
import Hummingbird
import HummingbirdAuth
import PantauCore
import PantauStore

/// Sign-in and sign-out, with back-off after repeated failures per account and per address.
struct LoginRoutes {
    let store: Store
    let renderer: Renderer
    let passwords: PasswordHasher
    let secureCookies: Bool
    /// Compared against when the username is unknown, so a miss costs as much as a wrong password.
    let dummyHash: String

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.login.path)) { request, context in try await showForm(request: request, context: context) }
        router.post(RouterPath(SiteURL.login.path)) { request, context in try await login(request: request, context: context) }
        router.post(RouterPath(SiteURL.logout.path)) { request, context in try await logout(request: request, context: context) }
    }

    struct LoginView {
        var username: String
        var next: String
        var error: String?
        var action: String
    }

    func showForm(request: Request, context: AppRequestContext, username: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        if context.identity != nil, error == nil { return .redirect(to: SiteURL.home.path, type: .normal) }
        let (context, newCookie) = CSRF.anonymousForm(context, secure: secureCookies)
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        var response = try renderer.page("accounts/login", title: "Masuk", context: context, status: status,
                                     body: LoginView(username: username, next: next, error: error, action: SiteURL.login.path))
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    func login(request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Forms.read(request, limit: 8 * 1024)
        let username = String((form["username"] ?? "").trimmingWhitespace().lowercased().prefix(64))
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        let account = (key: "user:" + username, policy: ThrottlePolicy.account)
        let address = (key: "ip:" + (context.clientIP ?? "unknown"), policy: ThrottlePolicy.address)
        // The attempt is counted before the password is checked, so parallel guesses cannot
        // all slip past the lock.
        if case .locked(let until) = try await store.reserveLoginAttempt([account, address]) {
            let minutes = max(1, (until - store.clock.now() + 59) / 60)
            return try await showForm(request: request, context: context, username: username,
                                      error: "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam \(minutes) menit.", status: .tooManyRequests)
        }
        let credentials = username.isEmpty ? nil : try await store.credentials(username: username)
        let valid = try await passwords.verify(password, hash: credentials?.passwordHash ?? dummyHash)
        guard valid, let user = credentials?.user, user.isActive else {
            try await store.auditFailedSignIn(username: username, user: credentials?.user, installation: context.installation, ip: context.clientIP)
            return try await showForm(request: request, context: context, username: username,
                                      error: "Nama pengguna atau kata sandi salah.", status: .unauthorized)
        }
        try await store.releaseLoginAttempt(account: account.key, address: address)
        context.sessions.createSession(UserSession(userID: user.id, csrf: CSRF.newToken(), createdAt: store.clock.nowMillis()))
        try await store.auditSession(user, action: "login", ip: context.clientIP)
        return .redirect(to: next, type: .normal)
    }

    func logout(request: Request, context: AppRequestContext) async throws -> Response {
        if let identity = context.identity, case .session = identity.credential {
            try await store.auditSession(identity.user, action: "logout", ip: context.clientIP)
        }
        context.sessions.clearSession()
        return .redirect(to: SiteURL.login.path, type: .normal)
    }

    /// Only a local path: it starts with one "/", parses as a URL reference with neither scheme
    /// nor host, and holds no backslash, control or white-space character (browsers drop a TAB or
    /// a newline, so "/\t/evil.example" would become "//evil.example"). Anything else is the start
    /// page.
    static func safeNext(_ value: String?) -> String {
        guard let value, value.count <= 2000, value.hasPrefix("/"), !value.hasPrefix("//"),
              !value.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }),
              let components = URLComponents(string: value), components.scheme == nil, components.host == nil, components.path.hasPrefix("/"),
              !components.path.hasPrefix("//") else {
            return SiteURL.home.path
        }
        return value
    }
}
