import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let users = Renderer.Section("users")
}

/// Signing in, one's own account and API tokens, and user administration.
public struct AccountsCapability: Capability {
    public init() {}

    public var name: String { "accounts" }
    public var migrations: [Migration] { AccountSchema.migrations }
    public var actions: [Action] { Action.accountActions }
    public var auditEntities: [AuditEntity] { [.user, .apiToken, .session] }
    public var navigation: [NavigationEntry] { [NavigationEntry("Pengguna", href: SiteURL.users.path, section: .users, action: .viewUsers)] }
    public var homeCards: [HomeCard] {
        [
            HomeCard("Pengguna", "Tambah akun, atur peran dan wilayah kewenangan.") { context in
                context.principal?.can(.manageUsers) == true ? SiteURL.users.path : nil
            },
            HomeCard("Akun & token API", "Ganti kata sandi dan kelola token untuk integrasi.") { _ in SiteURL.account.path },
        ]
    }
    public var apiDocument: String? { "accounts" }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        LoginRoutes(store: context.store, renderer: context.renderer, passwords: context.passwords, secureCookies: context.settings.secureCookies,
                    dummyHash: context.dummyHash).register(on: router)
        AccountRoutes(store: context.store, renderer: context.renderer, passwords: context.passwords,
                      actions: context.capabilities.actions).register(on: router)
        UserRoutes(store: context.store, renderer: context.renderer, passwords: context.passwords).register(on: router)
    }
}
