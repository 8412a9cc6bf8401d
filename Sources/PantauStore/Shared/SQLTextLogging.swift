import Logging
import NIOCore
import SQLKit

/// The drivers' own loggers stop at info: at debug and trace PostgresNIO and SQLiteKit write
/// queries with their bound values and the rows that come back (password hashes, the session and
/// webhook secrets, reporters' contacts). Pantau's SQL is logged by `SQLTextLogging` instead.
func driverLogger(_ logger: Logger) -> Logger {
    var capped = logger
    if capped.logLevel < .info { capped.logLevel = .info }
    return capped
}

/// Logs each statement's SQL text at trace, with the number of bound values but never the values
/// themselves, then runs it on the wrapped connection (whose own query logging is off).
struct SQLTextLogging: SQLDatabase {
    let base: any SQLDatabase
    let logger: Logger

    init(_ base: any SQLDatabase, logger: Logger? = nil) {
        self.base = base
        self.logger = logger ?? base.logger
    }

    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        log(query)
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        log(query)
        try await base.execute(sql: query, onRow)
    }

    private func log(_ query: any SQLExpression) {
        guard logger.logLevel <= .trace else { return }
        let (sql, binds) = base.serialize(query)
        logger.trace("SQL", metadata: ["sql": .string(sql), "binds": .stringConvertible(binds.count)])
    }
}
