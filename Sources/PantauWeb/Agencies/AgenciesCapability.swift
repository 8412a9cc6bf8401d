import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let agencies = Renderer.Section("agencies")
}

/// The agencies of the monitoring team and the partner agencies (instansi).
public struct AgenciesCapability: Capability {
    public init() {}

    public var name: String { "agencies" }
    public var migrations: [Migration] { AgencySchema.migrations }
    public var actions: [Action] { Action.agencyActions }
    public var auditEntities: [AuditEntity] { [.agency] }
    public var navigation: [NavigationEntry] { [NavigationEntry("Instansi", href: SiteURL.agencies.path, section: .agencies, action: .viewAgencies)] }
    public var homeCards: [HomeCard] {
        [HomeCard("Instansi", "Anggota Tim Pemantau dan mitra pelapor.") { context in
            context.principal?.can(.viewAgencies) == true ? SiteURL.agencies.path : nil
        }]
    }
    public var apiDocument: String? { "agencies" }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        AgencyRoutes(store: context.store, renderer: context.renderer).register(on: router)
    }
}
