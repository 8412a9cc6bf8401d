import Hummingbird
import Logging
import PantauCore
import PantauStore
import ServiceLifecycle

/// One capability of Pantau (reports, the Desk Pilkada, regions, ...): everything it brings to the
/// application, declared in one place. The composition root holds the ordered list of
/// capabilities (`Capabilities.all` in PantauApp); the schema, the role × action table, the audit
/// page, the navigation, the start page, the routes, the API document and the background services
/// are all built from that list, so adding a capability touches its own folders and that list.
/// See docs/ARCHITECTURE.md.
public protocol Capability: Sendable {
    /// The capability's name, as its folders are called ("reports").
    var name: String { get }
    /// Its schema migrations. Numbers are unique across all capabilities and give the order in
    /// which they run.
    var migrations: [Migration] { get }
    /// Its rows of the role × action table.
    var actions: [Action] { get }
    /// The kinds of record its audit lines name.
    var auditEntities: [AuditEntity] { get }
    /// Its entries in the main navigation, in order.
    var navigation: [NavigationEntry] { get }
    /// Its cards on the start page, in order.
    var homeCards: [HomeCard] { get }
    /// Its part of the OpenAPI document: a file under Resources/openapi, without ".json".
    var apiDocument: String? { get }
    /// Registers its pages and API routes.
    func register(on router: Router<AppRequestContext>, _ context: CapabilityContext) throws
    /// Work it runs beside the server, started and stopped with it.
    func services(_ context: CapabilityContext) -> [any Service]
    /// Its panel at the top of the start page: the work waiting for this caller, or nil.
    func homePanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel?
    /// Its panel on Situasi, the dashboard leadership reads (e.g. open alerts, the region's
    /// vulnerability category), or nil.
    func situationPanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel?
    /// Where this caller starts instead of the start page (the head of the office on Situasi), or nil.
    func startPath(for principal: Principal) -> String?
}

extension Capability {
    public var migrations: [Migration] { [] }
    public var actions: [Action] { [] }
    public var auditEntities: [AuditEntity] { [] }
    public var navigation: [NavigationEntry] { [] }
    public var homeCards: [HomeCard] { [] }
    public var apiDocument: String? { nil }
    public func services(_ context: CapabilityContext) -> [any Service] { [] }
    public func homePanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel? { nil }
    public func situationPanel(_ request: Request, _ context: AppRequestContext, _ capability: CapabilityContext) async throws -> HomePanel? { nil }
    public func startPath(for principal: Principal) -> String? { nil }
}

/// What a capability's routes and services are built from.
public struct CapabilityContext: Sendable {
    public let store: Store
    public let renderer: Renderer
    public let settings: WebSettings
    public let passwords: PasswordHasher
    public let logger: Logger
    /// Every capability of the application, for what spans them (the actions a caller holds, the
    /// kinds of audit record).
    public let capabilities: CapabilityList
    /// A bcrypt hash of nothing, checked against when a sign-in names an unknown user so that a
    /// miss costs as much as a wrong password.
    public let dummyHash: String
}

/// An entry of the main navigation.
public struct NavigationEntry: Sendable {
    public var label: String
    public var href: String
    public var section: Renderer.Section
    /// Shown to those who may take this action.
    public var action: Action
    /// A count beside the label (what waits there for the caller), worked out for each page.
    public var badge: (@Sendable (AppRequestContext, Store) async throws -> Int?)?

    public init(_ label: String, href: String, section: Renderer.Section, action: Action,
                badge: (@Sendable (AppRequestContext, Store) async throws -> Int?)? = nil) {
        self.label = label
        self.href = href
        self.section = section
        self.action = action
        self.badge = badge
    }
}

/// A capability's panel at the top of the start page: a large first action, figures that lead to
/// lists, and a short list of entries (the caller's own reports, with their state).
public struct HomePanel: Sendable {
    public struct Link: Sendable { public var label: String; public var href: String; public init(_ label: String, href: String) { (self.label, self.href) = (label, href) } }
    public struct Figure: Sendable {
        public var value: String; public var label: String; public var note: String?; public var href: String
        public init(_ value: String, _ label: String, note: String? = nil, href: String) { (self.value, self.label, self.note, self.href) = (value, label, note, href) }
    }
    public struct Entry: Sendable {
        public var title: String; public var href: String; public var status: String; public var statusClass: String; public var meta: String; public var note: String?
        public init(title: String, href: String, status: String, statusClass: String, meta: String, note: String? = nil) {
            (self.title, self.href, self.status, self.statusClass, self.meta, self.note) = (title, href, status, statusClass, meta, note)
        }
    }

    public var title: String
    public var action: Link?
    public var figures: [Figure]
    public var entriesTitle: String?
    public var entries: [Entry]
    public var emptyText: String?
    public var more: Link?
    /// For the template, which sees stored properties only.
    public var hasFigures: Bool, hasEntries: Bool

    public init(title: String, action: Link? = nil, figures: [Figure] = [], entriesTitle: String? = nil, entries: [Entry] = [], emptyText: String? = nil, more: Link? = nil) {
        (self.title, self.action, self.figures, self.entriesTitle, self.entries, self.emptyText, self.more) = (title, action, figures, entriesTitle, entries, emptyText, more)
        (hasFigures, hasEntries) = (!figures.isEmpty, !entries.isEmpty)
    }
}

/// A card on the start page.
public struct HomeCard: Sendable {
    public var title: String
    public var text: String
    /// Where the card leads for this caller, or nil when the caller does not see it.
    public var href: @Sendable (AppRequestContext) -> String?

    public init(_ title: String, _ text: String, href: @escaping @Sendable (AppRequestContext) -> String?) {
        self.title = title
        self.text = text
        self.href = href
    }
}

/// The application's capabilities, in order, with what they declare put together.
public struct CapabilityList: Sendable {
    public let all: [any Capability]

    /// Checks what the capabilities declare against each other: migration numbers, action codes
    /// and audit kinds are each unique.
    public init(_ all: [any Capability]) throws {
        self.all = all
        func duplicates(_ values: [String]) -> [String] {
            Dictionary(grouping: values, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        }
        let problems = [
            ("migration", duplicates(all.flatMap(\.migrations).map { String($0.version) })),
            ("action", duplicates(all.flatMap(\.actions).map(\.rawValue))),
            ("audit entity", duplicates(all.flatMap(\.auditEntities).map(\.rawValue))),
            ("capability", duplicates(all.map(\.name))),
        ].filter { !$0.1.isEmpty }
        guard problems.isEmpty else {
            throw CapabilityConflict(description: problems.map { "\($0.0) declared twice: \($0.1.joined(separator: ", "))" }.joined(separator: "; "))
        }
    }

    /// Every migration, in the order they run.
    public var migrations: [Migration] { all.flatMap(\.migrations).sorted { $0.version < $1.version } }
    /// The role × action table.
    public var actions: [Action] { all.flatMap(\.actions) }
    public var auditEntities: [AuditEntity] { [.system] + all.flatMap(\.auditEntities) }
    public var navigation: [NavigationEntry] { all.flatMap(\.navigation) }
    public var homeCards: [HomeCard] { all.flatMap(\.homeCards) }

    public func auditEntity(_ rawValue: String) -> AuditEntity? { auditEntities.first { $0.rawValue == rawValue } }
}

public struct CapabilityConflict: Error, CustomStringConvertible {
    public var description: String
}
