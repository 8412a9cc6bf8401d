import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import NIOPosix
import PantauCore
import PantauStore

/// bcrypt, run on the thread pool so hashing never blocks an event loop.
public struct PasswordHasher: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// Session rows in the database, so every instance behind a load balancer sees the same
/// sessions. The cookie value is keyed with the session secret before it is stored.
struct DatabaseSessionDriver: PersistDriver {
    let store: Store
    let secret: Data

    private func key(_ raw: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(raw.utf8), using: SymmetricKey(data: secret)).map { String(format: "%02x", $0) }.joined()
    }

    private func expiry(_ duration: Duration?) -> Int? {
        duration.map { store.clock.now() + Int($0.components.seconds) }
    }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await store.setSessionValue(key: self.key(key), value: encode(value), expiresAt: expiry(expires), createOnly: true)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await store.setSessionValue(key: self.key(key), value: encode(value), expiresAt: expiry(expires))
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let (value, expiresAt) = try await store.sessionValue(key: self.key(key)) else { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(value.utf8)) else { throw PersistError.invalidConversion }
        return (object, expiresAt.map { .seconds(max($0 - store.clock.now(), 0)) })
    }

    func remove(key: String) async throws {
        try await store.removeSessionValue(key: self.key(key))
    }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// Works out who is calling: a bearer token, else the session cookie. A session is honoured only
/// while its user is active and it is newer than the user's last password or role change.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    let trustProxy: Bool
    let installation: RegionCode

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.installation = installation
        if trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            // The proxy appends the peer it saw; the last entry is the one it vouches for.
            if let last = forwarded.split(separator: ",").last.map({ String($0).trimmingWhitespace() }), !last.isEmpty {
                context.clientIP = String(last.prefix(64))
            }
        }
        context.anonymousCSRF = request.cookies[CSRF.cookieName]?.value
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw Unauthenticated() }
            guard let user = try await store.authenticateToken(String(parts[1]).trimmingWhitespace()) else {
                throw Unauthenticated()
            }
            context.identity = Identity(user: user, credential: .bearerToken)
        } else if let session = context.sessions.session {
            if let user = try await store.user(id: session.userID), user.isActive, session.createdAt >= user.sessionsValidAfter {
                context.identity = Identity(user: user, credential: .session(csrf: session.csrf))
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }
}

/// CSRF protection for cookie-authenticated writes. A signed-in form carries its session's token;
/// an anonymous form (sign-in) echoes the random value of the pantau_csrf cookie (double submit).
/// Bearer-token calls carry no cookie and need neither.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxFormSize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        if context.identity?.credential == .bearerToken { return try await next(request, context) }
        // The API has no anonymous writes: a call without a token or session is unauthenticated
        // (401 with WWW-Authenticate, as documented), not a form whose CSRF token expired.
        if context.identity == nil, request.uri.path.hasPrefix("/api/") { throw Unauthenticated() }
        var request = request
        let expected = context.csrfToken
        let refusal = Forbidden("Formulir kedaluwarsa atau tidak sah (token CSRF). Muat ulang halaman lalu kirim kembali.")
        // Without a session or a sign-in cookie there is nothing to match: refused before any of
        // the body is read.
        guard !expected.isEmpty else { throw refusal }
        var presented = request.headers[HTTPField.Name("X-CSRF-Token")!]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: maxFormSize)
            presented = Forms.field("_csrf", in: String(buffer: body))
        } else if presented == nil, let type = request.headers[.contentType], let boundary = Multipart.boundary(type) {
            // Pantau's upload forms carry the token as their first field: only that much is read
            // before deciding, never a whole upload.
            let field = try await Multipart.firstField(of: &request, boundary: boundary, limit: 16 * 1024)
            if let field, field.name == "_csrf" { presented = String(decoding: field.data, as: UTF8.self) }
        }
        guard let presented, CSRF.equal(presented, expected) else { throw refusal }
        return try await next(request, context)
    }
}

enum CSRF {
    static let cookieName = "pantau_csrf"

    /// For a form shown to someone not signed in: the context carrying a double-submit token, and
    /// the cookie to set when the browser had none yet.
    static func anonymousForm(_ context: AppRequestContext, secure: Bool) -> (AppRequestContext, Cookie?) {
        guard context.anonymousCSRF == nil, context.identity == nil else { return (context, nil) }
        var context = context
        let token = newToken()
        context.anonymousCSRF = token
        return (context, Cookie(name: cookieName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict))
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares in time independent of where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// The fields of an urlencoded form; a name may repeat (checkbox groups).
struct FormData: Sendable {
    private var values: [String: [String]] = [:]

    init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    /// The last value given for `name`.
    subscript(name: String) -> String? {
        get { values[name]?.last }
        set { values[name] = newValue.map { [$0] } }
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    var dictionary: [String: String] { values.compactMapValues(\.last) }
}

/// Reading urlencoded form bodies.
enum Forms {
    static func parse(_ body: String) throws -> FormData {
        var pairs: [(String, String)] = []
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let value = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw BadRequest("Isi formulir tidak dapat dibaca.")
                }
                return value
            }
            pairs.append((try decode(parts[0]), parts.count > 1 ? try decode(parts[1]) : ""))
        }
        return FormData(pairs)
    }

    static func field(_ name: String, in body: String) -> String? { (try? parse(body))?[name] }

    /// The fields of a form sent urlencoded or, when it carries files, as multipart/form-data (at
    /// most `limit` bytes), with the files by field name. A file input left empty sends no file.
    static func readWithFiles(_ request: Request, limit: Int) async throws -> (form: FormData, files: [String: MultipartField]) {
        guard let type = request.headers[.contentType], let boundary = Multipart.boundary(type) else {
            return (try await read(request, limit: min(limit, 256 * 1024)), [:])
        }
        var request = request
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw HTTPError(.contentTooLarge) }
        let body = try await request.collectBody(upTo: limit)
        guard let fields = try? Multipart.fields(body, boundary: boundary) else { throw BadRequest("Isi formulir tidak dapat dibaca.") }
        var pairs: [(String, String)] = []
        var files: [String: MultipartField] = [:]
        for field in fields {
            if let filename = field.filename {
                if !(filename.isEmpty && field.data.isEmpty) { files[field.name] = field }
            } else {
                pairs.append((field.name, String(decoding: field.data, as: UTF8.self)))
            }
        }
        return (FormData(pairs), files)
    }

    /// The form fields of a request, at most `limit` bytes.
    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormData {
        var request = request
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") ?? false else {
            throw BadRequest("Kirim formulir sebagai application/x-www-form-urlencoded.")
        }
        let body = try await request.collectBody(upTo: limit)
        return try parse(String(buffer: body))
    }
}
