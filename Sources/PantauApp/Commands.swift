import ArgumentParser
import Foundation
import Hummingbird
import PantauCore
import PantauDocuments
import PantauStore
import PantauWeb

public struct PantauCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pantau",
        abstract: "Pantau: monitoring, reporting and evaluation of regional political development.",
        discussion: "Settings come from PANTAU_* environment variables; run `pantau config` to list them.",
        subcommands: [Serve.self, Migrate.self, RegionsCommand.self, UsersCommand.self, TokensCommand.self, DemoCommand.self, CountsCommand.self, AlertsCommand.self, IndexCommand.self, ConfigCommand.self],
        defaultSubcommand: Serve.self
    )

    public init() {}
}

/// Shared start-up for commands: configuration, logger, store.
struct CommandContext {
    let configuration: Configuration
    let bootstrap: Bootstrap

    init() throws {
        configuration = try Configuration.fromProcess()
        bootstrap = Bootstrap(configuration: configuration, logger: configuration.makeLogger())
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the web server (creates and migrates the database on first start).")

    func run() async throws {
        let context = try CommandContext()
        print("Database: \(context.configuration.database)")
        try await context.bootstrap.withStore { store in
            if try await store.userCount() == 0 {
                print("""
                    No administrator yet. Create the first one with:
                      PANTAU_PASSWORD='a-long-password' pantau users create --username admin --role administrator --region \(context.configuration.jurisdiction)
                    """)
            }
            // Background work (the webhook outbox) runs as services of the application, started
            // and shut down with the server.
            let app = try await buildApplication(configuration: context.configuration, store: store, logger: context.bootstrap.logger)
            try await app.runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema, load the bundled regions and seed agencies, then exit.")

    func run() async throws {
        let context = try CommandContext()
        try await context.bootstrap.withStore { store in
            let versions = try await Migrator(database: store.database, migrations: try Capabilities.list().migrations).appliedVersions()
            print("Database \(context.configuration.database) is at schema version \(versions.max() ?? 0).")
        }
    }
}

/// The daily report counts the detectors and the dashboard read are kept in each report's
/// transaction; these commands prove that they equal a recount, and mend them if not.
struct CountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "counts", abstract: "Check or rebuild the kept report counts (daily counts, open follow-ups).",
                                                    subcommands: [Check.self, Rebuild.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare the daily counts and the open follow-ups with a recount of the reports; exit 1 if any row differs.")

        func run() async throws {
            let context = try CommandContext()
            let differences = try await context.bootstrap.withStore { store in try await store.rebuildDayCounts(checkOnly: true) }
            print("Daily counts: \(differences.rows) rows, \(differences.differences) differ from a recount.")
            if differences.differences > 0 { throw ExitCode(1) }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recount the daily counts from the reports in one transaction, saying how many rows differed.")

        func run() async throws {
            let context = try CommandContext()
            let result = try await context.bootstrap.withStore { store in try await store.rebuildDayCounts(checkOnly: false) }
            print("Daily counts rebuilt: \(result.rows) rows; \(result.differences) differed from the recount before.")
        }
    }
}

/// Runs the early-warning detectors once, as the background worker does, and says how long the
/// pass took (the figure the early-warning benchmark reports).
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Evaluate the early-warning rules now.", subcommands: [Evaluate.self])

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evaluate every active rule over every area for today and yesterday, or with --changed only the kab/kota days changed since the last pass.")

        @Flag(help: "Only the kab/kota days whose counts changed since the last pass (what runs after a report change).")
        var changed = false

        func run() async throws {
            let context = try CommandContext()
            try await context.bootstrap.withStore { store in
                let today = DayCounts.day(store.clock.now())
                let started = ContinuousClock.now
                let result = changed ? try await store.evaluateChangedAlerts(today: today) : try await store.evaluateAlerts(today: today)
                let elapsed = ContinuousClock.now - started
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                print(String(format: "Evaluated %d rule passes over %d areas (%d changed days) in %.1f ms: %d alerts raised, %d extended.",
                             result.rules, result.areas, result.changes, ms, result.raised, result.extended))
            }
        }
    }
}

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", abstract: "Work out vulnerability index scores again.", subcommands: [Score.self])

    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every region with values under the current version of the models with this code, and roll the scores up to the nation; every period with values, or only --period.")

        @Option(help: "The model's code, e.g. ikp2024 (see /kerawanan/model).")
        var model: String

        @Option(help: "A year (2024) or month (2024-11); default every period that has values.")
        var period: String?

        @Option(help: "Score only this region and the regions above it, as saving its values does (repeatable); default every region.")
        var region: [String] = []

        func run() async throws {
            let context = try CommandContext()
            let only = try period.map { text in
                guard let period = IndexPeriod(text) else { throw ValidationError("--period \(text) is not a year (2024) or a month (2024-11).") }
                return period
            }
            let regions = try region.map { text in
                guard let code = RegionCode(text) else { throw ValidationError("--region \(text) is not a region code such as 36.73.02.1001.") }
                return code
            }
            try await context.bootstrap.withStore { store in
                let passes = try await store.rescoreIndex(code: model, period: only, regions: regions.isEmpty ? nil : Set(regions))
                guard !passes.isEmpty else { throw ValidationError("No current model with code \(model) has values\(period.map { " for \($0)" } ?? "").") }
                for pass in passes {
                    print(String(format: "Scored %@ v%d (%@) for %@: %d regions with their own score, %d in all, in %.1f ms.",
                                 pass.code, pass.version, pass.owner, pass.period, pass.result.own, pass.result.regions, pass.milliseconds))
                }
            }
        }
    }
}

struct RegionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "regions", abstract: "Manage the region list and boundaries.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a newer Kemendagri region list (CSV or Excel .xlsx, columns kode,nama) or boundaries (GeoJSON FeatureCollection with a kode property).",
            discussion: "Files may be gzip-compressed (.gz). Importing the same file twice changes nothing. A file with any bad row is refused whole.")

        @Argument(help: "A .csv, .xlsx or .geojson/.json file, optionally .gz")
        var file: String

        func run() async throws {
            let context = try CommandContext()
            let url = URL(fileURLWithPath: file)
            var data = try BundledData.read(url)
            // A workbook's first sheet is read as the same table a CSV would hold.
            if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                do { data = Self.csv(try XlsxReader.rows(of: data)) } catch { throw ValidationError(error.message) }
            }
            let isGeoJSON = data.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{")
            try await context.bootstrap.withStore { store in
                let result = isGeoJSON
                    ? try await store.importBoundaries(geojson: data, source: url.lastPathComponent, actor: .console("regions import"))
                    : try await store.importRegions(csv: data, source: url.lastPathComponent, actor: .console("regions import"))
                print("\(isGeoJSON ? "Boundaries" : "Regions"): \(result.rowsRead) read, \(result.inserted) added, \(result.updated) updated, \(result.unchanged) unchanged.")
                for line in result.skipped.prefix(20) { print("  skipped: \(line)") }
                if result.skipped.count > 20 { print("  … and \(result.skipped.count - 20) more skipped") }
            }
        }

        /// Rows of cells as CSV text (every cell quoted), for the CSV importer.
        static func csv(_ rows: [XlsxRow]) -> Data {
            Data(rows.map { row in row.cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
                .joined(separator: "\n").utf8)
        }
    }
}

/// Reads a password from PANTAU_PASSWORD or standard input; never from the command line.
func readPassword(_ configuration: Configuration) throws -> String {
    if let password = configuration.password, !password.isEmpty { return password }
    if isatty(STDIN_FILENO) != 0 { FileHandle.standardError.write(Data("Password: ".utf8)) }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw ValidationError("Give the password in PANTAU_PASSWORD or on standard input.")
    }
    return line
}

/// Turns collected field errors into the command-line error users see.
func finish(_ validator: Validator) throws {
    if !validator.errors.isEmpty { throw ValidationError(ValidationFailure(validator.errors).summary) }
}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage user accounts from the server console.",
                                                    subcommands: [Create.self, Passwd.self, Disable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user. The password comes from PANTAU_PASSWORD or standard input.")

        @Option(help: "Login name: 3-40 lower-case letters, digits, . _ -") var username: String
        @Option(help: "administrator, analyst, monitor, partner or viewer") var role: String
        @Option(help: "Jurisdiction: the region code whose subtree the user may see, e.g. 36.73") var region: String
        @Option(help: "Agency id (default: the Kesbangpol of the region or of the nearest region above)") var agency: Int?
        @Option(help: "Full name (default: the username)") var name: String?

        func run() async throws {
            let context = try CommandContext()
            let password = try readPassword(context.configuration)
            let username = username.lowercased()
            var validator = Validator()
            Credentials.validateUsername(username, into: &validator)
            Credentials.validatePassword(password, username: username, into: &validator)
            try finish(validator)
            guard let role = Role(rawValue: role) else { throw ValidationError("Unknown role \(role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") }
            guard let code = RegionCode(region) else { throw ValidationError("\(region) is not a region code such as 36.73.") }
            let hash = try await PasswordHasher(cost: context.configuration.bcryptCost).hash(password)
            try await context.bootstrap.withStore { store in
                guard try await store.region(code) != nil else { throw ValidationError("Region \(code) is not in the region list.") }
                let agencyID: Int
                if let agency {
                    agencyID = agency
                } else {
                    guard let fallback = try await store.defaultAgency(for: code) else { throw ValidationError("No agency found for \(code); pass --agency.") }
                    agencyID = fallback.id
                }
                let input = UserInput(displayName: name ?? username, role: role, jurisdiction: code, agencyID: agencyID)
                do {
                    let user = try await store.createUser(username: username, input: input, passwordHash: hash, scope: .national, actor: .console("users create"))
                    print("Created \(user.role.rawValue) \(user.username) (id \(user.id)) for \(user.jurisdiction).")
                } catch let failure as ValidationFailure {
                    throw ValidationError(failure.summary)
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from PANTAU_PASSWORD or standard input); ends the user's sessions.")
        @Option var username: String

        func run() async throws {
            let context = try CommandContext()
            let password = try readPassword(context.configuration)
            var validator = Validator()
            Credentials.validatePassword(password, username: username.lowercased(), into: &validator)
            try finish(validator)
            let hash = try await PasswordHasher(cost: context.configuration.bcryptCost).hash(password)
            try await context.bootstrap.withStore { store in
                guard let user = try await store.user(username: username) else { throw ValidationError("No user \(username).") }
                try await store.setPassword(userID: user.id, passwordHash: hash, actor: .console("users passwd"))
                print("Password of \(user.username) changed; their sessions have ended.")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (or enable again with --enable); disabling ends sessions and stops tokens.")
        @Option var username: String
        @Flag(help: "Enable the user again instead") var enable = false

        func run() async throws {
            let context = try CommandContext()
            try await context.bootstrap.withStore { store in
                guard let user = try await store.user(username: username) else { throw ValidationError("No user \(username).") }
                try await store.setUserDisabled(user.id, disabled: !enable, scope: .national, actor: .console("users disable"))
                print("\(user.username) is now \(enable ? "enabled" : "disabled").")
            }
        }
    }
}

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokens", abstract: "Manage personal API tokens.", subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it once; only its hash is stored.")
        @Option var username: String
        @Option(help: "A label, e.g. the system that will use it") var name: String

        func run() async throws {
            let context = try CommandContext()
            try await context.bootstrap.withStore { store in
                guard let user = try await store.user(username: username) else { throw ValidationError("No user \(username).") }
                do {
                    let (token, secret) = try await store.createToken(userID: user.id, name: name, actor: .console("tokens create"))
                    print(secret)
                    FileHandle.standardError.write(Data("Token \(token.id) \"\(token.name)\" for \(user.username). It is shown only now.\n".utf8))
                } catch let failure as ValidationFailure {
                    throw ValidationError(failure.summary)
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one of a user's tokens by its id (see `tokens list`).")
        @Option var username: String
        @Option(help: "Token id") var id: Int

        func run() async throws {
            let context = try CommandContext()
            try await context.bootstrap.withStore { store in
                guard let user = try await store.user(username: username) else { throw ValidationError("No user \(username).") }
                guard try await store.revokeToken(id: id, userID: user.id, actor: .console("tokens revoke")) else {
                    throw ValidationError("\(user.username) has no active token \(id).")
                }
                print("Token \(id) of \(user.username) revoked.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's tokens.")
        @Option var username: String

        func run() async throws {
            let context = try CommandContext()
            try await context.bootstrap.withStore { store in
                guard let user = try await store.user(username: username) else { throw ValidationError("No user \(username).") }
                for token in try await store.tokens(userID: user.id) {
                    print("\(token.id)\t\(token.prefix)…\t\(token.name)\t\(token.revokedAt == nil ? "active" : "revoked")")
                }
            }
        }
    }
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Print every setting with its environment variable and default, as a Markdown table.")

    func run() async throws {
        print(Configuration.markdownTable)
    }
}

/// The executable's entry point.
public enum PantauMain {
    public static func run() async {
        await PantauCommand.main()
    }
}
