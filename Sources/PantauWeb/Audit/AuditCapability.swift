import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let audit = Renderer.Section("audit")
}

/// The append-only audit log, read by administrators of the jurisdiction.
public struct AuditCapability: Capability {
    public init() {}

    public var name: String { "audit" }
    public var actions: [Action] { Action.auditActions }
    public var navigation: [NavigationEntry] { [NavigationEntry("Audit", href: SiteURL.audit.path, section: .audit, action: .viewAudit)] }
    public var homeCards: [HomeCard] {
        [HomeCard("Log audit", "Siapa mengubah apa, dan kapan.") { context in
            context.principal?.can(.viewAudit) == true ? SiteURL.audit.path : nil
        }]
    }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        AuditRoutes(store: context.store, renderer: context.renderer, entities: context.capabilities.auditEntities).register(on: router)
    }
}
