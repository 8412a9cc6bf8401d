import Hummingbird
import PantauCore
import PantauStore

extension Renderer.Section {
    public static let elections = Renderer.Section("elections")
}

/// The Desk Pilkada: elections with their stages and candidates, the problem inventory, desk
/// notes and reports with their exports, the letterhead and the TPS survey's indicator list.
public struct ElectionsCapability: Capability {
    public init() {}

    public var name: String { "elections" }
    public var migrations: [Migration] { ElectionSchema.migrations }
    public var actions: [Action] { Action.electionActions }
    public var auditEntities: [AuditEntity] { [.election, .problem, .deskReport, .deskNote] }
    public var navigation: [NavigationEntry] { [NavigationEntry("Pemilu", href: ElectionURL.list.path, section: .elections, action: .viewElections)] }
    public var apiDocument: String? { "elections" }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        ElectionRoutes(store: context.store, renderer: context.renderer).register(on: router)
        ProblemRoutes(store: context.store, renderer: context.renderer).register(on: router)
        DeskRoutes(store: context.store, renderer: context.renderer).register(on: router)
        IndicatorRoutes(store: context.store, renderer: context.renderer).register(on: router)
    }
}
