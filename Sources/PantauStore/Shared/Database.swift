import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The two databases Pantau runs on.
public enum DatabaseKind: String, Sendable {
    case sqlite, postgres
}

/// Where the database is: a SQLite file path or a postgres:// URL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads PANTAU_DATABASE_URL's value: `postgres://` or `postgresql://` URLs are PostgreSQL,
    /// `sqlite:PATH`, `sqlite://PATH` or any other text is a SQLite file path.
    public init(parsing text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location without a password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}

public struct DatabaseError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One code path over SQLite and PostgreSQL. Reads run on a pool of readers; every write runs in a
/// transaction. On SQLite all writes go through one connection (SQLite allows one writer at a
/// time, and queueing in the process is cheaper than busy-waiting on the file lock); on PostgreSQL
/// reads and writes share a pool.
public final class Database: Sendable {
    public let kind: DatabaseKind
    let logger: Logger
    private let backend: Backend

    private enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    private init(kind: DatabaseKind, logger: Logger, backend: Backend) {
        self.kind = kind
        self.logger = logger
        self.backend = backend
    }

    /// Opens the database. For SQLite the file and its folder are created when missing.
    public static func open(_ location: DatabaseLocation, readers: Int = 4, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            let backend = try await SQLiteBackend.open(path: path, readers: readers, logger: logger)
            return Database(kind: .sqlite, logger: logger, backend: .sqlite(backend))
        case .postgres(let url):
            let backend = try await PostgresBackend(url: url, maxConnections: max(readers * 2, 4), logger: logger)
            return Database(kind: .postgres, logger: logger, backend: .postgres(backend))
        }
    }

    /// Runs `body` with a connection for reading.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite): return try await sqlite.withReader(body)
        case .postgres(let postgres): return try await postgres.client.withConnection { try await body(SQLTextLogging($0.sql(queryLogLevel: nil), logger: logger)) }
        }
    }

    /// Runs `body` in a transaction: everything it wrote is committed together, or nothing is when
    /// it throws.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let sqlite):
            return try await sqlite.writeLock.with { _ in
                try await Self.transaction(on: sqlite.writer, begin: "BEGIN IMMEDIATE", body)
            }
        case .postgres(let postgres):
            return try await postgres.client.withConnection { connection in
                try await Self.transaction(on: SQLTextLogging(connection.sql(queryLogLevel: nil), logger: logger), begin: "BEGIN", body)
            }
        }
    }

    /// The same, for a migration that makes a table again on SQLite (which cannot alter a column):
    /// foreign keys are switched off around the transaction, as SQLite's documented procedure
    /// asks, and checked with `PRAGMA foreign_key_check` before the commit. On PostgreSQL it is
    /// `write`.
    func writeRebuildingTables<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqlite(let sqlite) = backend else { return try await write(body) }
        return try await sqlite.writeLock.with { _ in
            let db = sqlite.writer
            try await db.raw("PRAGMA foreign_keys = OFF").run()
            do {
                let result = try await Self.transaction(on: db, begin: "BEGIN IMMEDIATE") { db in
                    let result = try await body(db)
                    let broken = try await db.raw("PRAGMA foreign_key_check").all()
                    guard broken.isEmpty else { throw DatabaseError("\(broken.count) rows refer to missing rows after the migration") }
                    return result
                }
                try await db.raw("PRAGMA foreign_keys = ON").run()
                return result
            } catch {
                try? await db.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
        }
    }

    private static func transaction<T>(on db: any SQLDatabase, begin: String, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await db.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            do { try await db.raw("ROLLBACK").run() } catch {}
            throw error
        }
    }

    /// Refreshes the query planner's statistics where they are missing or stale: SQLite's
    /// `PRAGMA optimize` over every table, with a row limit per index so it stays quick on a large
    /// file. Without them SQLite guesses, and on the daily counts it guesses a scan of a whole
    /// level where a region's key range takes a millisecond. PostgreSQL's autovacuum does this
    /// itself. Run at start-up and hourly by the early-warning worker.
    public func optimize() async throws {
        guard case .sqlite(let sqlite) = backend else { return }
        try await sqlite.writeLock.with { _ in
            _ = try await sqlite.writer.raw("PRAGMA analysis_limit = 1000").all()
            _ = try await sqlite.writer.raw("PRAGMA optimize = 0x10002").all()
        }
    }

    /// Closes every connection.
    public func close() async {
        switch backend {
        case .sqlite(let sqlite): await sqlite.close()
        case .postgres(let postgres): await postgres.close()
        }
    }
}

private final class SQLiteBackend: Sendable {
    let writer: any SQLDatabase
    let readers: [any SQLDatabase]
    let connections: [SQLiteConnection]
    let writeLock = ConnectionPool(count: 1)
    private let pool: ConnectionPool

    private init(writer: any SQLDatabase, readers: [any SQLDatabase], connections: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers
        self.connections = connections
        self.pool = ConnectionPool(count: readers.count)
    }

    static func open(path: String, readers readerCount: Int, logger: Logger) async throws -> SQLiteBackend {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        func connect(readOnly: Bool) async throws -> SQLiteConnection {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: driverLogger(logger))
            // busy_timeout replaces the driver's spinning busy handler with SQLite's sleeping one,
            // for the moments another process (a CLI command) holds the write lock.
            for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"] {
                try await connection.sql().raw(SQLQueryString(pragma)).run()
            }
            if readOnly { try await connection.sql().raw("PRAGMA query_only = ON").run() }
            return connection
        }
        let writer = try await connect(readOnly: false)
        _ = try await writer.sql().raw("PRAGMA journal_mode = WAL").all()
        var readerConnections: [SQLiteConnection] = []
        for _ in 0..<max(readerCount, 1) {
            readerConnections.append(try await connect(readOnly: true))
        }
        return SQLiteBackend(
            writer: SQLTextLogging(writer.sql(queryLogLevel: nil), logger: logger),
            readers: readerConnections.map { SQLTextLogging($0.sql(queryLogLevel: nil), logger: logger) },
            connections: [writer] + readerConnections
        )
    }

    /// Lends one reader to `body` alone. A connection shared by two tasks at once would let the
    /// second task's query join a read transaction the first one's open statement still holds, and
    /// so miss rows committed since (a report just written, not found when read back).
    func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.with { index in try await body(readers[index]) }
    }

    func close() async {
        for connection in connections {
            try? await connection.close()
        }
    }
}

private final class PostgresBackend: Sendable {
    let client: PostgresClient
    let runner: Task<Void, Never>

    init(url: String, maxConnections: Int, logger: Logger) async throws {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw DatabaseError("PANTAU_DATABASE_URL is not a valid postgres:// URL")
        }
        let core = configuration.coreConfiguration
        var clientConfiguration: PostgresClient.Configuration
        if let host = core.host, let port = core.port {
            // The URL's sslmode / tls parameter decides whether TLS is required, preferred or off.
            let tls: PostgresClient.Configuration.TLS = switch (core.tls.isEnforced, core.tls.isAllowed) {
            case (true, _): .require(core.tls.sslContext!.configuration)
            case (_, true): .prefer(core.tls.sslContext!.configuration)
            default: .disable
            }
            clientConfiguration = .init(host: host, port: port, username: core.username, password: core.password, database: core.database, tls: tls)
        } else if let socket = core.unixSocketPath {
            clientConfiguration = .init(unixSocketPath: socket, username: core.username, password: core.password, database: core.database)
        } else {
            throw DatabaseError("PANTAU_DATABASE_URL names no host")
        }
        clientConfiguration.options.maximumConnections = maxConnections
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: driverLogger(logger))
        self.client = client
        // Queries wait until the client runs; returning only once its task has begun keeps the
        // first query from leasing a connection before `run()` (which PostgresNIO warns about).
        let (started, signal) = AsyncStream<Void>.makeStream()
        self.runner = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        await Task.yield()
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
