import Hummingbird
import HummingbirdAuth
import NIOCore
import PantauCore
import PantauStore

/// What the session cookie's row holds.
public struct UserSession: Codable, Sendable, Equatable {
    public var userID: Int
    /// The token every state-changing form of this session must carry.
    public var csrf: String
    /// Milliseconds since 1970, compared with the user's sessionsValidAfter.
    public var createdAt: Int
}

/// How the caller proved who they are.
public enum Credential: Sendable, Equatable {
    case session(csrf: String)
    case bearerToken
}

public struct Identity: Sendable {
    public var user: User
    public var credential: Credential
    public var principal: Principal { user.principal }
}

public struct AppRequestContext: RequestContext, SessionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<UserSession>
    public var identity: Identity?
    /// The peer's address, or the forwarded client address when a trusted proxy sits in front.
    public var clientIP: String?
    /// The token an anonymous form (sign-in) must echo, from the pantau_csrf cookie.
    public var anonymousCSRF: String?
    /// The region the installation serves (PANTAU_JURISDICTION), set by the authentication
    /// middleware: the owner of every installation-wide setting.
    public var installation: RegionCode?
    /// Counts beside navigation entries, by the entry's path, set for pages by the badge middleware.
    public var navigationBadges: [String: String] = [:]

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.sessions = .init()
        self.identity = nil
        self.clientIP = source.channel.remoteAddress?.ipAddress
        self.anonymousCSRF = nil
        self.installation = nil
    }

    /// JSON bodies of the API are small; uploads arrive through their own routes.
    public var maxUploadSize: Int { 1 << 20 }

    public var principal: Principal? { identity?.principal }

    /// The signed-in principal, or an error that the error middleware turns into a sign-in
    /// redirect (pages) or a 401 (API).
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw Unauthenticated() }
        return principal
    }

    /// The signed-in principal when the role table allows the action, else 403.
    public func require(_ action: Action) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.can(action) else { throw Forbidden("Peran \(principal.role.label) tidak berwenang: \(action.label.lowercased()).") }
        return principal
    }

    /// True when the caller may change installation-wide settings (see `Principal.administers`).
    public var administersInstallation: Bool {
        guard let principal, let installation else { return false }
        return principal.administers(installation: installation)
    }

    /// The administrator of the installation, who alone changes its settings; anyone else 403.
    /// Returns the principal and the installation's region, which the audit lines carry.
    public func requireInstallationAdministrator() throws -> (Principal, RegionCode) {
        let principal = try require(.manageInstallation)
        guard let installation, principal.administers(installation: installation) else {
            throw Forbidden("Pengaturan ini berlaku untuk seluruh instalasi; hanya administrator dengan wilayah kewenangan instalasi (\(installation?.rawValue ?? "?")) yang dapat mengubahnya.")
        }
        return (principal, installation)
    }

    /// The same, for actions that only a person signed in with a session may take (user
    /// administration, passwords, new tokens): a bearer token is refused with 403, so a leaked
    /// token cannot make itself a successor or take over accounts.
    public func requireSession(_ action: Action) throws -> Principal {
        let principal = try require(action)
        guard case .session = identity?.credential else {
            throw Forbidden("Tindakan ini hanya dapat dilakukan dari sesi masuk di peramban, bukan dengan token API.")
        }
        return principal
    }

    public func actor() throws -> Actor {
        Actor(try requirePrincipal(), ip: clientIP)
    }

    /// The CSRF token forms rendered for this request must carry.
    public var csrfToken: String {
        if case .session(let csrf) = identity?.credential { return csrf }
        return anonymousCSRF ?? ""
    }
}

public struct Unauthenticated: Error {}

public struct Forbidden: Error {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A mistake in the request itself (malformed parameter, body or code): 400.
public struct BadRequest: Error {
    public var message: String
    public init(_ message: String) { self.message = message }
}
