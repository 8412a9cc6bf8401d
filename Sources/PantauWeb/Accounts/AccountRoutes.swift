import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// The signed-in user's own account: password and personal API tokens.
struct AccountRoutes {
    let store: Store
    let renderer: Renderer
    let passwords: PasswordHasher
    /// The role × action table, for the permissions `/api/v1/me` lists.
    let actions: [Action]

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.account.path)) { request, context in try await show(request: request, context: context) }
        router.post(RouterPath(SiteURL.accountPassword.path)) { request, context in try await changePassword(request: request, context: context) }
        router.post(RouterPath(SiteURL.accountTokens.path)) { request, context in try await createToken(request: request, context: context) }
        router.post(RouterPath(SiteURL.Pattern.accountTokenRevoke)) { request, context in try await revokeToken(request: request, context: context) }
        router.get(RouterPath(SiteURL.api(.me).path)) { _, context in try await me(context: context) }
    }

    struct AccountView {
        var username: String
        var displayName: String
        var role: String
        var jurisdiction: String
        var agency: String
        var passwordAction: String
        var passwordErrors: [String]
        var tokenAction: String
        var tokenName: FormField
        var tokens: [TokenRow]
        var newToken: String?
        var notice: String?
        var canUseTokens: Bool
        var apiHref: String
    }

    struct TokenRow { var name: String; var prefix: String; var created: String; var lastUsed: String; var revoked: Bool; var revokeHref: String }

    func view(_ context: AppRequestContext, passwordErrors: [String] = [], tokenName: FormField = FormField(value: ""), newToken: String? = nil, notice: String? = nil) async throws -> AccountView {
        let principal = try context.require(.manageOwnAccount)
        let region = try await store.region(principal.jurisdiction)
        let agency = try await principal.agencyID.asyncMap { try await store.agency($0, scope: .national) }
        let tokens = try await store.tokens(userID: principal.userID)
        return AccountView(
            username: principal.username, displayName: principal.displayName, role: principal.role.label,
            jurisdiction: region.map { "\($0.displayName) (\($0.code))" } ?? principal.jurisdiction.rawValue,
            agency: agency??.name ?? "—", passwordAction: SiteURL.accountPassword.path, passwordErrors: passwordErrors,
            tokenAction: SiteURL.accountTokens.path, tokenName: tokenName,
            tokens: tokens.map { TokenRow(name: $0.name, prefix: $0.prefix + "…", created: Display.dateTime($0.createdAt), lastUsed: Display.dateTime($0.lastUsedAt),
                                         revoked: $0.revokedAt != nil, revokeHref: SiteURL.accountTokenRevoke($0.id).path) },
            newToken: newToken, notice: notice, canUseTokens: principal.can(.useAPITokens), apiHref: SiteURL.apiDocs.path)
    }

    func show(request: Request, context: AppRequestContext) async throws -> Response {
        try renderer.page("accounts/account", title: "Akun saya", section: .account, context: context, body: try await view(context, notice: Notice.text(request)))
    }

    func changePassword(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.manageOwnAccount)
        let values = try await Forms.read(request)
        var validator = Validator()
        let current = values["current_password"] ?? ""
        let new = values["new_password"] ?? ""
        let credentials = try await store.credentials(username: principal.username)
        let currentValid = try await passwords.verify(current, hash: credentials?.passwordHash ?? "")
        validator.check(currentValid, "current_password", "Kata sandi saat ini salah.")
        Credentials.validatePassword(new, username: principal.username, into: &validator, field: "new_password")
        validator.check(new == values["new_password_confirm"], "new_password", "Konfirmasi kata sandi baru tidak sama.")
        validator.check(new != current, "new_password", "Kata sandi baru harus berbeda dari yang lama.")
        guard validator.errors.isEmpty else {
            return try renderer.page("accounts/account", title: "Akun saya", section: .account, context: context, status: .unprocessableContent,
                                 body: try await view(context, passwordErrors: validator.errors.map(\.message)))
        }
        try await store.setPassword(userID: principal.userID, passwordHash: try await passwords.hash(new), actor: try context.actor())
        // Every other session has ended; this one continues under a fresh id.
        context.sessions.createSession(UserSession(userID: principal.userID, csrf: CSRF.newToken(), createdAt: store.clock.nowMillis()))
        return .redirect(to: SiteURL.account.path + "?notice=password", type: .normal)
    }

    func createToken(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requireSession(.useAPITokens)
        let values = try await Forms.read(request)
        do {
            let (_, secret) = try await store.createToken(userID: principal.userID, name: values["name"] ?? "", actor: try context.actor())
            // The secret is shown in this response only; it is not stored and cannot be shown again.
            return try renderer.page("accounts/account", title: "Akun saya", section: .account, context: context, status: .created,
                                 body: try await view(context, newToken: secret))
        } catch let failure as ValidationFailure {
            return try renderer.page("accounts/account", title: "Akun saya", section: .account, context: context, status: .unprocessableContent,
                                 body: try await view(context, tokenName: FormField(value: values["name"] ?? "", error: failure.message(for: "name"))))
        }
    }

    func revokeToken(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.useAPITokens)
        guard let id = context.parameters.get("id", as: Int.self) else { throw BadRequest("Nomor token tidak valid.") }
        guard try await store.revokeToken(id: id, userID: principal.userID, actor: try context.actor()) else { throw NotFound("token") }
        return .redirect(to: SiteURL.account.path + "?notice=revoked", type: .normal)
    }

    struct MeJSON: Codable, Sendable {
        var id: Int
        var username: String
        var nama: String
        var peran: String
        var wilayah: String
        var instansi_id: Int?
        var izin: [String]
    }

    func me(context: AppRequestContext) async throws -> JSONBody<MeJSON> {
        let principal = try context.requirePrincipal()
        return JSONBody(MeJSON(id: principal.userID, username: principal.username, nama: principal.displayName, peran: principal.role.rawValue,
                               wilayah: principal.jurisdiction.rawValue, instansi_id: principal.agencyID,
                               izin: actions.filter { principal.can($0) }.map(\.rawValue)))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
