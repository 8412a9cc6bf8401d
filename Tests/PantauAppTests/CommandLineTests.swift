import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import PantauApp
import PantauCore
import PantauDocuments
import PantauStore
import PantauTestSupport
import Testing

/// Runs the real `pantau` binary against a copy of a prepared database (SQLite, or PostgreSQL
/// when the suite runs on it).
struct PantauProcess {
    let location: DatabaseLocation
    let folder: URL

    /// PANTAU_DATABASE_URL for the process.
    var databaseURL: String {
        switch location {
        case .sqlite(let path): path
        case .postgres(let url): url
        }
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pantau")
    }

    struct Result { var status: Int32; var output: String; var errors: String }

    func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ["PANTAU_DATABASE_URL": databaseURL, "PANTAU_BCRYPT_COST": "4", "PANTAU_LOG_LEVEL": "error",
                           "PANTAU_DATA_DIR": folder.appendingPathComponent("data").path, "PATH": "/usr/bin:/bin"]
        environment.merge(extra) { $1 }
        return environment
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment(extra)
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    static func withPrepared(_ backend: TestBackend = .sqlite, _ body: (PantauProcess) async throws -> Void) async throws {
        let (location, cleanup) = try await TestDatabases.shared.makeDatabase(backend)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = PantauProcess(location: location, folder: folder)
        do {
            try await body(process)
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }
}

@Suite("The pantau command", .serialized)
struct CommandLineTests {
    @Test("every subcommand explains itself with --help")
    func help() async throws {
        try await PantauProcess.withPrepared { pantau in
            for command in [["--help"], ["serve", "--help"], ["migrate", "--help"], ["regions", "import", "--help"], ["users", "create", "--help"],
                            ["users", "passwd", "--help"], ["users", "disable", "--help"], ["tokens", "create", "--help"], ["tokens", "revoke", "--help"],
                            ["counts", "check", "--help"], ["counts", "rebuild", "--help"], ["alerts", "evaluate", "--help"], ["index", "score", "--help"], ["config"]] {
                let result = try pantau.run(command)
                #expect(result.status == 0, "\(command)")
                #expect(!result.output.isEmpty, "\(command)")
            }
            let config = try pantau.run(["config"]).output
            for setting in Configuration.settings { #expect(config.contains(setting.variable)) }
        }
    }

    @Test("users create takes the password from the environment or standard input, never argv", arguments: TestBackend.available)
    func usersCreate(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            let created = try pantau.run(["users", "create", "--username", "kepala", "--role", "viewer", "--region", "36.73", "--name", "Kepala Badan"],
                                         environment: ["PANTAU_PASSWORD": "Sandi-Pimpinan-Badan-1"])
            #expect(created.status == 0, "\(created.errors)")
            #expect(created.output.contains("Created viewer kepala"))
            let fromStdin = try pantau.run(["users", "create", "--username", "staf", "--role", "analyst", "--region", "36.73.01"], input: "Sandi-Analis-Kota-22\n")
            #expect(fromStdin.status == 0, "\(fromStdin.errors)")
            let weak = try pantau.run(["users", "create", "--username", "lemah", "--role", "viewer", "--region", "36.73"], environment: ["PANTAU_PASSWORD": "123"])
            #expect(weak.status != 0)
            #expect(weak.errors.contains("Kata sandi minimal 10 karakter"))
            let badRole = try pantau.run(["users", "create", "--username", "raja", "--role", "raja", "--region", "36.73"], environment: ["PANTAU_PASSWORD": "Sandi-Cukup-Panjang-1"])
            #expect(badRole.status != 0)
            let argvPassword = try pantau.run(["users", "create", "--username", "x1", "--role", "viewer", "--region", "36.73", "--password", "Sandi-Cukup-Panjang-1"])
            #expect(argvPassword.status != 0)
            let badRegion = try pantau.run(["users", "create", "--username", "x2", "--role", "viewer", "--region", "36.99"], environment: ["PANTAU_PASSWORD": "Sandi-Cukup-Panjang-1"])
            #expect(badRegion.status != 0)

            let database = try await Database.open(pantau.location, readers: 1, logger: testLogger)
            let store = Store(database: database, logger: testLogger)
            let kepala = try await store.user(username: "kepala")
            let staf = try await store.user(username: "staf")
            let audit = try await store.auditLog(scope: .national, filter: AuditFilter(entity: "user"))
            await database.close()
            #expect(kepala?.displayName == "Kepala Badan")
            #expect(staf?.jurisdiction.rawValue == "36.73.01")
            #expect(audit.items.contains { $0.actorName.contains("users create") })

            let passwd = try pantau.run(["users", "passwd", "--username", "kepala"], input: "Sandi-Pimpinan-Baru-2\n")
            #expect(passwd.status == 0, "\(passwd.errors)")
            let disable = try pantau.run(["users", "disable", "--username", "kepala"])
            #expect(disable.status == 0)
            #expect(disable.output.contains("disabled"))
        }
    }

    @Test("counts check finds the kept counts equal to a recount; index score refuses a bad region or an unknown model with its reason", arguments: TestBackend.available)
    func countsAndScores(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            let check = try pantau.run(["counts", "check"])
            #expect(check.status == 0 && check.output.contains("0 differ"), "\(check.output) \(check.errors)")
            let badRegion = try pantau.run(["index", "score", "--model", "ikp2024", "--region", "36,73"])
            #expect(badRegion.status != 0 && badRegion.errors.contains("--region 36,73"), "\(badRegion.errors)")
            let unknown = try pantau.run(["index", "score", "--model", "tidak_ada", "--region", "36.73"])
            #expect(unknown.status != 0 && unknown.errors.contains("tidak_ada"), "\(unknown.errors)")
        }
    }

    @Test("tokens are printed once, listed by prefix and revoked", arguments: TestBackend.available)
    func tokens(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            _ = try pantau.run(["users", "create", "--username", "bot", "--role", "partner", "--region", "36.73"], environment: ["PANTAU_PASSWORD": "Sandi-Jembatan-WA-1"])
            let created = try pantau.run(["tokens", "create", "--username", "bot", "--name", "jembatan-wa"])
            #expect(created.status == 0, "\(created.errors)")
            let secret = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("pantau_"))
            let list = try pantau.run(["tokens", "list", "--username", "bot"])
            #expect(list.output.contains("jembatan-wa"))
            #expect(!list.output.contains(secret))
            let id = try #require(list.output.split(separator: "\t").first.map(String.init))
            #expect(try pantau.run(["tokens", "revoke", "--username", "bot", "--id", id]).status == 0)
            #expect(try pantau.run(["tokens", "revoke", "--username", "bot", "--id", id]).status != 0)
        }
    }

    @Test("regions import is idempotent and refuses a bad file whole", arguments: TestBackend.available)
    func regionsImport(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            let csv = pantau.folder.appendingPathComponent("baru.csv")
            try "kode,nama\n36.73.01,Serang\n36.73.07,Kecamatan Uji\n".write(to: csv, atomically: true, encoding: .utf8)
            let first = try pantau.run(["regions", "import", csv.path])
            #expect(first.status == 0, "\(first.errors)")
            #expect(first.output.contains("1 added, 0 updated"))
            let second = try pantau.run(["regions", "import", csv.path])
            #expect(second.output.contains("0 added, 0 updated, 2 unchanged"))
            let bad = pantau.folder.appendingPathComponent("rusak.csv")
            try "kode,nama\n36.73.08,Baik\n36.73.0X,Rusak\n".write(to: bad, atomically: true, encoding: .utf8)
            let refused = try pantau.run(["regions", "import", bad.path])
            #expect(refused.status != 0)
            #expect(refused.errors.contains("baris 3"))
            // The same list saved from Excel: a kecamatan added, the one already there unchanged.
            let workbook = pantau.folder.appendingPathComponent("baru.xlsx")
            try XlsxWorkbook(sheets: [XlsxSheet(name: "Wilayah", columns: [XlsxColumn("kode"), XlsxColumn("nama")],
                                                rows: [["36.73.01", "Serang"], ["36.73.09", "Kecamatan dari Excel"]])], timeZone: .gmt).data().write(to: workbook)
            let fromExcel = try pantau.run(["regions", "import", workbook.path])
            #expect(fromExcel.status == 0, "\(fromExcel.errors)")
            #expect(fromExcel.output.contains("1 added, 0 updated, 1 unchanged"))
            let geojson = pantau.folder.appendingPathComponent("batas.geojson")
            try """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"36.73.07"},"geometry":{"type":"Polygon","coordinates":[[[106.1,-6.1],[106.2,-6.1],[106.2,-6.2],[106.1,-6.1]]]}}]}
            """.write(to: geojson, atomically: true, encoding: .utf8)
            #expect(try pantau.run(["regions", "import", geojson.path]).output.contains("1 added"))
            #expect(try pantau.run(["regions", "import", geojson.path]).output.contains("0 added, 0 updated, 1 unchanged"))
        }
    }

    @Test("serve starts on the configured port and answers HTTP", arguments: TestBackend.available)
    func serve(backend: TestBackend) async throws {
        try await PantauProcess.withPrepared(backend) { pantau in
            let process = Process()
            process.executableURL = PantauProcess.executable
            process.arguments = ["serve"]
            process.environment = pantau.environment(["PANTAU_PORT": "0"])
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { process.terminate(); process.waitUntilExit() }
            var text = ""
            let deadline = Date().addingTimeInterval(60)
            while !text.contains("running at"), Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            #expect(text.contains("No administrator yet"))
            let match = try #require(text.range(of: "http://127.0.0.1:[0-9]+/", options: .regularExpression))
            let base = String(text[match])
            #expect(!base.hasSuffix(":0/"))
            let (data, response) = try await URLSession.shared.data(from: URL(string: base + "health")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "ok\n")
            let (_, login) = try await URLSession.shared.data(from: URL(string: base + "login")!)
            #expect((login as? HTTPURLResponse)?.statusCode == 200)
        }
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults hold without any variable")
    func defaults() throws {
        let configuration = try Configuration(environment: [:])
        #expect(configuration.database == .sqlite(path: "./pantau.sqlite"))
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.jurisdiction.rawValue == "36.73")
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.secureCookies == false)
    }

    @Test("every variable is read and wrong values are refused with their name")
    func variables() throws {
        let configuration = try Configuration(environment: [
            "PANTAU_DATABASE_URL": "postgres://pantau:rahasia@db:5432/pantau", "PANTAU_HOST": "0.0.0.0", "PANTAU_PORT": "9000",
            "PANTAU_JURISDICTION": "36", "PANTAU_SECURE_COOKIES": "true", "PANTAU_TRUST_PROXY": "yes", "PANTAU_SESSION_SECRET": String(repeating: "k", count: 32),
        ])
        #expect(configuration.database == .postgres(url: "postgres://pantau:rahasia@db:5432/pantau"))
        #expect(configuration.database.description.contains("***"))
        #expect(!configuration.database.description.contains("rahasia"))
        #expect(configuration.port == 9000)
        #expect(configuration.jurisdiction.rawValue == "36")
        #expect(configuration.secureCookies && configuration.trustProxy)
        for (name, value) in [("PANTAU_PORT", "delapan"), ("PANTAU_PORT", "70000"), ("PANTAU_JURISDICTION", "Serang"), ("PANTAU_SECURE_COOKIES", "mungkin"),
                              ("PANTAU_SESSION_SECRET", "pendek"), ("PANTAU_LOG_LEVEL", "loud"), ("PANTAU_BCRYPT_COST", "40")] {
            #expect(throws: Configuration.Invalid.self, "\(name)=\(value)") { try Configuration(environment: [name: value]) }
        }
    }

    @Test("the README documents every setting")
    func readme() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        for setting in Configuration.settings {
            #expect(text.contains("`\(setting.variable)`"), "\(setting.variable) missing from README")
        }
    }
}
