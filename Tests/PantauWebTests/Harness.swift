import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

/// A signed-in browser: the session cookie and the CSRF token its forms carry.
struct BrowserSession: Sendable {
    var cookie: String
    var csrf: String
}

let testPassword = "Rahasia-Uji-2026!"

/// Users every web test starts with, one per role at Kota Serang, plus administrators of a
/// kecamatan (Serang, 36.73.01) and of another province (Kalimantan Timur).
struct Fixtures: Sendable {
    var users: [String: User]
    func user(_ name: String) -> User { users[name]! }

    static let roleUsers: [(String, Role, String)] = [
        ("admin", .administrator, "36.73"), ("analis", .analyst, "36.73"), ("pemantau", .monitor, "36.73"),
        ("mitra", .partner, "36.73"), ("pimpinan", .viewer, "36.73"),
        ("admin.serang", .administrator, "36.73.01"), ("admin.kaltim", .administrator, "64"),
    ]

    static func make(_ store: Store) async throws -> Fixtures {
        let hash = try await PasswordHasher(cost: 4).hash(testPassword)
        _ = try await store.createAgency(AgencyInput(name: "Kesbangpol Kalimantan Timur", type: .kesbangpol, region: RegionCode("64")!), scope: .national, actor: .console("test"))
        var users: [String: User] = [:]
        for (name, role, region) in roleUsers {
            let code = RegionCode(region)!
            // The partner works at KPU; everyone else at the Kesbangpol of their region.
            let agency = role == .partner ? try await store.agencies(scope: code, type: .kpu).first!.agency : try await store.defaultAgency(for: code)!
            users[name] = try await store.createUser(username: name, input: UserInput(displayName: name.capitalized, role: role, jurisdiction: code, agencyID: agency.id),
                                                     passwordHash: hash, scope: .national, actor: .console("test"))
        }
        // As a real start does (Bootstrap.prepare): the default index models for the installation.
        _ = try await store.seedIndexModelsIfEmpty(jurisdiction: RegionCode("36.73")!)
        return Fixtures(users: users)
    }
}

struct WebKit: Sendable {
    let client: any TestClientProtocol
    let store: Store
    let fixtures: Fixtures
    /// A fresh folder for uploads, removed after the test.
    var dataDirectory: String = ""

    /// A fresh database with the fixtures, served by one instance. `environment` adds settings
    /// (PANTAU_JURISDICTION, PANTAU_SECURE_COOKIES, ...) to the test defaults.
    static func run(_ backend: TestBackend = .sqlite, environment: [String: String] = [:], setup: TestingSetup = .router,
                    clock: TestClock = TestClock(), _ body: @Sendable (WebKit) async throws -> Void) async throws {
        try await TestDatabases.withStore(backend, clock: clock) { store, _ in
            let fixtures = try await Fixtures.make(store)
            try await serve(store: store, fixtures: fixtures, environment: environment, setup: setup, body)
        }
    }

    /// One Pantau instance on the given store. No session secret is configured, so instances share
    /// the one generated in the database, as deployed instances do.
    static func serve(store: Store, fixtures: Fixtures, environment: [String: String] = [:], setup: TestingSetup = .router,
                      _ body: @Sendable (WebKit) async throws -> Void) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let defaults = ["PANTAU_BCRYPT_COST": "4", "PANTAU_PORT": "0", "PANTAU_LOG_LEVEL": "critical", "PANTAU_DATA_DIR": data, "PANTAU_JOBS": "false"]
        let configuration = try Configuration(environment: defaults.merging(environment) { $1 })
        let app = try await buildApplication(configuration: configuration, store: store, logger: testLogger)
        try await app.test(setup) { client in
            try await body(WebKit(client: client, store: store, fixtures: fixtures, dataDirectory: data))
        }
    }

    // MARK: Requests

    /// Every request of the web suites goes through here; answers under /api/v1 are checked
    /// against the OpenAPI document (`APIContract`).
    func request(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        APIContract.check(method: method, path: path, response: response, sourceLocation: sourceLocation)
        return response
    }

    func get(_ path: String, as session: BrowserSession? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let session { headers[.cookie] = session.cookie }
        return try await request(.get, path, headers: headers)
    }

    func post(_ path: String, form: [String: String], as session: BrowserSession?, csrf: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        var fields = form
        if let session {
            headers[.cookie] = session.cookie
            fields["_csrf"] = csrf ?? session.csrf
        } else if let csrf {
            fields["_csrf"] = csrf
        }
        return try await request(.post, path, headers: headers, body: Self.encode(fields))
    }

    /// A multipart form posted as a browser sends it: the session's CSRF token, `fields`, then the
    /// file in "berkas" (empty when none was chosen).
    func upload(_ path: String, fields: [(String, String)] = [], file: Data, name: String = "data.csv", as session: BrowserSession) async throws -> TestResponse {
        let boundary = "pantauBoundary42"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n")
        for (name, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await client.execute(uri: path, method: .post, headers: [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    func api(_ method: HTTPRequest.Method = .get, _ path: String, token: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await request(method, path, headers: headers, body: json)
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    // MARK: Signing in

    /// The anonymous CSRF cookie and form token of the sign-in page.
    func loginForm() async throws -> (cookie: String, csrf: String) {
        let page = try await get("/masuk")
        let cookie = try #require(Self.cookie("pantau_csrf", in: page))
        return ("pantau_csrf=\(cookie)", try #require(Self.formToken(in: page.text)))
    }

    func attemptLogin(_ username: String, _ password: String) async throws -> TestResponse {
        let (cookie, csrf) = try await loginForm()
        return try await request(.post, "/masuk", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                 body: Self.encode(["_csrf": csrf, "username": username, "password": password, "next": "/"]))
    }

    func login(_ username: String, password: String = testPassword) async throws -> BrowserSession {
        let response = try await attemptLogin(username, password)
        guard response.status == .seeOther, let session = Self.cookie("pantau_session", in: response) else {
            throw LoginFailed(status: response.status.code)
        }
        let cookie = "pantau_session=\(session)"
        let account = try await get("/akun", as: BrowserSession(cookie: cookie, csrf: ""))
        return BrowserSession(cookie: cookie, csrf: try #require(Self.formToken(in: account.text)))
    }

    struct LoginFailed: Error { var status: Int }

    /// Adds a user of `role` at `region`, working at the region's Kesbangpol (created when the
    /// region has none), with the test password.
    @discardableResult
    func addUser(_ username: String, _ role: Role, _ region: String, agencyType: AgencyType = .kesbangpol) async throws -> User {
        let code = RegionCode(region)!
        let agency: Agency
        if let existing = try await store.agencies(scope: code, type: agencyType).first(where: { $0.agency.regionKode == code })?.agency {
            agency = existing
        } else {
            agency = try await store.createAgency(AgencyInput(name: "\(agencyType.rawValue.uppercased()) \(region)", type: agencyType, region: code), scope: .national, actor: .console("test"))
        }
        let hash = try await PasswordHasher(cost: 4).hash(testPassword)
        return try await store.createUser(username: username, input: UserInput(displayName: username.capitalized, role: role, jurisdiction: code, agencyID: agency.id),
                                          passwordHash: hash, scope: .national, actor: .console("test"))
    }

    /// The user's id as the fixtures or `addUser` made them.
    func userID(_ username: String) async throws -> Int { try #require(try await store.user(username: username)).id }

    func token(for username: String) async throws -> String {
        try await store.createToken(userID: try await userID(username), name: "test", actor: .console("test")).secret
    }

    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] {
            let first = header.split(separator: ";")[0]
            let parts = first.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]) }
        }
        return nil
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }

    var location: String? { headers[.location] }
}
