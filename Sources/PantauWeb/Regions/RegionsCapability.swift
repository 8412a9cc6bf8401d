import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let regions = Renderer.Section("regions")
}

/// The Kemendagri region list, its boundaries and maps: the base every other capability scopes by.
public struct RegionsCapability: Capability {
    public init() {}

    public var name: String { "regions" }
    public var migrations: [Migration] { RegionSchema.migrations }
    public var actions: [Action] { Action.regionActions }
    public var auditEntities: [AuditEntity] { [.region] }
    public var navigation: [NavigationEntry] { [NavigationEntry("Wilayah", href: SiteURL.regions.path, section: .regions, action: .viewRegions)] }
    public var homeCards: [HomeCard] {
        [HomeCard("Wilayah", "Telusuri wilayah kewenangan Anda beserta petanya.") { context in
            context.principal.map { SiteURL.region($0.jurisdiction).path }
        }]
    }
    public var apiDocument: String? { "regions" }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        RegionRoutes(store: context.store, renderer: context.renderer).register(on: router)
    }
}
