import PantauCore

/// Where a caller reads and writes: a region subtree, and who is asking. Every record that belongs
/// to a region is reached through a repository made for a scope (`store.reports(scope)`,
/// `store.elections(scope)`, ...), whose every query carries the scope, so a query without the
/// caller's jurisdiction cannot be written by accident. Commands and jobs use `Scope.console`: the
/// whole country, as whoever holds the server holds the data (docs/ACCESS.md).
public struct Scope: Sendable, Equatable {
    /// The subtree the caller may see.
    public let region: RegionCode
    /// Who is asking; nil for the console and background jobs.
    public let principal: Principal?

    public init(_ principal: Principal) {
        self.region = principal.jurisdiction
        self.principal = principal
    }

    private init(region: RegionCode, anonymous: Bool) {
        self.region = region
        self.principal = nil
        self.anonymous = anonymous
    }

    /// Someone not signed in (the public complaint form): the installation's region, no drafts.
    private var anonymous = false

    /// The console and background jobs: the whole country, every user's drafts included.
    public static let console = Scope(region: .national, anonymous: false)

    /// A command or job limited to one region (the demo deriving values for its kota only).
    public static func job(in region: RegionCode) -> Scope { Scope(region: region, anonymous: false) }

    /// A visitor who is not signed in, within the installation's region.
    public static func visitor(in region: RegionCode) -> Scope { Scope(region: region, anonymous: true) }

    /// The user whose drafts are visible besides submitted records; nil sees every draft (the
    /// console), and a visitor sees none (no user has id 0).
    var viewer: Int? { anonymous ? 0 : principal?.userID }

    /// The principal of a write that needs one (a workflow step, an answer, an upload).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw WorkflowRefused(message: "Tindakan ini perlu pengguna yang masuk.", forbidden: true) }
        return principal
    }
}
