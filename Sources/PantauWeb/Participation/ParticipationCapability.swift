import Hummingbird
import PantauCore
import PantauStore

/// TPS of an election with Bawaslu's vulnerability survey, voter participation down to TPS, and
/// the comparison of two elections. Part of the Desk Pilkada's pages, under its actions.
public struct ParticipationCapability: Capability {
    public init() {}

    public var name: String { "participation" }
    public var auditEntities: [AuditEntity] { [.pollingStation, .participation] }
    public var apiDocument: String? { "participation" }
    public var migrations: [Migration] { ParticipationSchema.migrations }

    public func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws {
        ParticipationRoutes(store: context.store, renderer: context.renderer, maxUploadBytes: context.settings.maxUploadBytes, zone: context.settings.zone).register(on: router)
    }
}
