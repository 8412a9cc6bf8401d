import PantauWeb

/// The capabilities of Pantau, in the order their navigation entries and start-page cards appear.
/// This list is the one place that names them: adding a capability is its folders, one line here
/// and its docs (docs/ARCHITECTURE.md).
public enum Capabilities {
    public static let all: [any Capability] = [
        ReportsCapability(),
        ElectionsCapability(),
        ParticipationCapability(),
        EarlyWarningCapability(),
        VulnerabilityCapability(),
        RegionsCapability(),
        AgenciesCapability(),
        AccountsCapability(),
        AuditCapability(),
    ]

    /// The list, checked: migration numbers, action codes and audit kinds are each unique.
    public static func list() throws -> CapabilityList { try CapabilityList(all) }
}
