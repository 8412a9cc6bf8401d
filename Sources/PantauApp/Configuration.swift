import Foundation
import Logging
import PantauCore
import PantauStore

/// Every setting of Pantau, read in this one place from the environment, each with its default.
/// `pantau config` prints this table; the README carries the same.
public struct Configuration: Sendable {
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    public var jurisdiction: RegionCode
    public var dataDirectory: String
    public var sessionSecret: String?
    public var sessionHours: Int
    public var logLevel: Logger.Level
    public var secureCookies: Bool
    public var trustProxy: Bool
    public var databaseConnections: Int
    public var bcryptCost: UInt8
    public var publicReportsPerHour: Int
    public var maxUploadMegabytes: Int
    public var maxAttachmentsPerReport: Int
    public var uploadMegabytesPerDay: Int
    public var webhookAllowPrivate: Bool
    /// The zone exports write their times in (WIB, WITA or WIT).
    public var zone: LocalZone
    public var runJobs: Bool
    /// A password handed to `users create` / `users passwd` (never a command-line argument).
    public var password: String?

    public struct Setting: Sendable {
        public var variable: String
        public var defaultValue: String
        public var meaning: String
    }

    public static let settings: [Setting] = [
        Setting(variable: "PANTAU_DATABASE_URL", defaultValue: "./pantau.sqlite",
                meaning: "A SQLite file path (created on first start) or a postgres://user:pass@host:port/db URL (add ?sslmode=require for TLS)."),
        Setting(variable: "PANTAU_HOST", defaultValue: "127.0.0.1", meaning: "Address the HTTP server listens on; 0.0.0.0 for every interface."),
        Setting(variable: "PANTAU_PORT", defaultValue: "8080", meaning: "TCP port of the HTTP server (0 lets the system pick a free one)."),
        Setting(variable: "PANTAU_JURISDICTION", defaultValue: "36.73",
                meaning: "Region code the installation serves (36.73 = Kota Serang; a provinsi such as 36; ID for the whole country). Seeds the agency list on first start."),
        Setting(variable: "PANTAU_TIMEZONE", defaultValue: "(from PANTAU_JURISDICTION)",
                meaning: "WIB, WITA or WIT: the zone CSV and Excel exports write times in, named in their headers. By default the jurisdiction's own (WITA for Bali, NTB, NTT, Kalimantan Selatan/Timur/Utara and Sulawesi; WIT for Maluku and Papua; WIB elsewhere and for ID)."),
        Setting(variable: "PANTAU_DATA_DIR", defaultValue: "./data", meaning: "Folder for uploaded files (attachments)."),
        Setting(variable: "PANTAU_SESSION_SECRET", defaultValue: "(generated, kept in the database)",
                meaning: "Secret that keys session identifiers. Leave unset to have one generated and shared by every instance through the database."),
        Setting(variable: "PANTAU_SESSION_HOURS", defaultValue: "12", meaning: "How long a sign-in lasts, in hours."),
        Setting(variable: "PANTAU_LOG_LEVEL", defaultValue: "info", meaning: "trace, debug, info, notice, warning, error or critical."),
        Setting(variable: "PANTAU_SECURE_COOKIES", defaultValue: "false", meaning: "true when users reach Pantau over HTTPS (directly or through a TLS proxy): cookies get the Secure flag."),
        Setting(variable: "PANTAU_TRUST_PROXY", defaultValue: "false", meaning: "true behind a load balancer that sets X-Forwarded-For: client addresses (sign-in throttling, audit) come from it."),
        Setting(variable: "PANTAU_DB_CONNECTIONS", defaultValue: "4", meaning: "SQLite: reader connections beside the one writer. PostgreSQL: twice this is the pool size."),
        Setting(variable: "PANTAU_BCRYPT_COST", defaultValue: "12", meaning: "bcrypt work factor for passwords (10-14)."),
        Setting(variable: "PANTAU_MAX_UPLOAD_MB", defaultValue: "10", meaning: "Largest attachment (photo or PDF) accepted, in megabytes."),
        Setting(variable: "PANTAU_MAX_ATTACHMENTS_PER_REPORT", defaultValue: "20", meaning: "Most attachments one report may carry."),
        Setting(variable: "PANTAU_UPLOAD_MB_PER_DAY", defaultValue: "200", meaning: "Most megabytes of attachments one user may upload in 24 hours."),
        Setting(variable: "PANTAU_PUBLIC_REPORTS_PER_HOUR", defaultValue: "5", meaning: "Public complaints (pengaduan masyarakat) one address may file per hour."),
        Setting(variable: "PANTAU_JOBS", defaultValue: "true",
                meaning: "false keeps this instance from running background jobs (sending the webhook outbox); at least one instance should run them."),
        Setting(variable: "PANTAU_WEBHOOK_ALLOW_PRIVATE", defaultValue: "false",
                meaning: "true lets the webhook URL point at loopback, link-local and private (RFC 1918, CGNAT, ULA) addresses, e.g. a WhatsApp bridge on the intranet; otherwise such targets are refused."),
    ]

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(environment: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else { throw Invalid(description: "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"") }
            return number
        }
        func flag(_ name: String) throws -> Bool {
            guard let text = value(name)?.lowercased() else { return false }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw Invalid(description: "\(name) must be true or false, got \"\(text)\"")
            }
        }
        database = DatabaseLocation(parsing: value("PANTAU_DATABASE_URL") ?? "./pantau.sqlite")
        host = value("PANTAU_HOST") ?? "127.0.0.1"
        port = try integer("PANTAU_PORT", 8080, 0...65535)
        let jurisdictionText = value("PANTAU_JURISDICTION") ?? "36.73"
        guard let jurisdiction = RegionCode(jurisdictionText) else {
            throw Invalid(description: "PANTAU_JURISDICTION \"\(jurisdictionText)\" is not a region code such as 36.73, 36 or ID")
        }
        self.jurisdiction = jurisdiction
        if let zoneText = value("PANTAU_TIMEZONE") {
            guard let zone = LocalZone(rawValue: zoneText.uppercased()) else { throw Invalid(description: "PANTAU_TIMEZONE \"\(zoneText)\" is not WIB, WITA or WIT") }
            self.zone = zone
        } else {
            zone = LocalZone.of(jurisdiction)
        }
        dataDirectory = value("PANTAU_DATA_DIR") ?? "./data"
        sessionSecret = value("PANTAU_SESSION_SECRET")
        if let secret = sessionSecret, secret.count < 32 {
            throw Invalid(description: "PANTAU_SESSION_SECRET must be at least 32 characters")
        }
        sessionHours = try integer("PANTAU_SESSION_HOURS", 12, 1...720)
        let levelText = value("PANTAU_LOG_LEVEL")?.lowercased() ?? "info"
        guard let level = Logger.Level(rawValue: levelText) else { throw Invalid(description: "PANTAU_LOG_LEVEL \"\(levelText)\" is not a log level") }
        logLevel = level
        secureCookies = try flag("PANTAU_SECURE_COOKIES")
        trustProxy = try flag("PANTAU_TRUST_PROXY")
        databaseConnections = try integer("PANTAU_DB_CONNECTIONS", 4, 1...64)
        bcryptCost = UInt8(try integer("PANTAU_BCRYPT_COST", 12, 4...16))
        maxUploadMegabytes = try integer("PANTAU_MAX_UPLOAD_MB", 10, 1...200)
        publicReportsPerHour = try integer("PANTAU_PUBLIC_REPORTS_PER_HOUR", 5, 1...10_000)
        maxAttachmentsPerReport = try integer("PANTAU_MAX_ATTACHMENTS_PER_REPORT", 20, 1...1000)
        uploadMegabytesPerDay = try integer("PANTAU_UPLOAD_MB_PER_DAY", 200, 1...100_000)
        webhookAllowPrivate = try flag("PANTAU_WEBHOOK_ALLOW_PRIVATE")
        runJobs = value("PANTAU_JOBS") == nil ? true : try flag("PANTAU_JOBS")
        password = environment["PANTAU_PASSWORD"]
    }

    public static func fromProcess() throws -> Configuration {
        try Configuration(environment: ProcessInfo.processInfo.environment)
    }

    public func makeLogger(label: String = "pantau") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        return logger
    }

    /// The settings as a Markdown table, as the README shows them.
    public static var markdownTable: String {
        var lines = ["| Variable | Default | Meaning |", "|---|---|---|"]
        for setting in settings {
            lines.append("| `\(setting.variable)` | `\(setting.defaultValue)` | \(setting.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
