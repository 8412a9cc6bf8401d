import Foundation
import Logging
import PantauCore
import SQLKit

/// The persistence layer: every query Pantau runs, over either database. Capabilities extend it in
/// their own files (Store+Regions, Store+Users, ...).
public struct Store: Sendable {
    public let database: Database
    public let logger: Logger
    /// The application's one clock: every time the store writes or compares comes from it.
    public let clock: AppClock

    public init(database: Database, logger: Logger, clock: AppClock = .system) {
        self.database = database
        self.logger = logger
        self.clock = clock
    }

    public var kind: DatabaseKind { database.kind }

    /// Applies the migrations the database has not seen yet (every capability's, in order).
    public func migrate(_ migrations: [Migration]) async throws -> [Int] {
        try await Migrator(database: database, migrations: migrations, clock: clock).migrate()
    }
}

/// A row as read, which becomes a record only when every value in it is one the code knows.
protocol StoredRow {
    associatedtype Record
    /// The row's primary key, for the log.
    var rowID: Int { get }
    var record: Record? { get }
}

extension Store {
    /// The records of `rows`. A row holding a value the code does not know (a status a newer
    /// version wrote, a malformed region code) is left out and logged as an error with its table
    /// and id, never dropped in silence.
    func known<Row: StoredRow>(_ rows: some Sequence<Row>, table: String) -> [Row.Record] {
        rows.compactMap { known($0, table: table) }
    }

    func known<Row: StoredRow>(_ row: Row?, table: String) -> Row.Record? {
        guard let row else { return nil }
        guard let record = row.record else {
            logger.error("Row \(table) #\(row.rowID) holds a value this version of Pantau does not know; it is left out", metadata: ["table": .string(table), "id": .stringConvertible(row.rowID)])
            return nil
        }
        return record
    }
}

/// Who made a write, for the audit log.
public struct Actor: Sendable {
    public var userID: Int?
    public var name: String
    public var ip: String?

    public init(userID: Int?, name: String, ip: String? = nil) {
        self.userID = userID
        self.name = name
        self.ip = ip
    }

    public init(_ principal: Principal, ip: String?) {
        self.init(userID: principal.userID, name: principal.username, ip: ip)
    }

    /// A command run on the server's console.
    public static func console(_ command: String) -> Actor { Actor(userID: nil, name: "konsol (\(command))") }
    public static let system = Actor(userID: nil, name: "sistem")
}

/// A record asked for that does not exist, or that the caller may not see (the two are not told
/// apart, so existence does not leak).
public struct NotFound: Error, Sendable {
    public var what: String
    public init(_ what: String) { self.what = what }
}

/// A write that conflicts with what is stored, e.g. a name already taken.
public struct Conflict: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension SQLQueryString {
    /// Records owned by `scope`, by a jurisdiction above it or by one inside it: what a
    /// jurisdiction may read of the records several levels share (detection rules, index models).
    static func coveringOrWithin(_ column: String, _ scope: RegionCode) -> SQLQueryString {
        let ancestors = ([RegionCode.national] + scope.ancestors + [scope]).map(\.rawValue)
        return "(\(unsafeRaw: column) IN (\(binds: ancestors)) OR \(SQLQueryString.within(column, scope)))"
    }

    /// The condition that `column` (a region code) lies in the subtree of `scope`, written as a
    /// range so that it uses the column's index on both databases.
    static func within(_ column: String, _ scope: RegionCode) -> SQLQueryString {
        if scope.isNational { return "1 = 1" }
        let low = scope.rawValue + "."
        let high = scope.rawValue + "/"  // "/" follows "." in byte order
        return "(\(unsafeRaw: column) = \(bind: scope.rawValue) OR (\(unsafeRaw: column) >= \(bind: low) AND \(unsafeRaw: column) < \(bind: high)))"
    }
}

extension SQLQueryString {
    /// The same condition as `within`, shaped for the report indexes: a provinsi compares the
    /// first two characters (the expression index `reports_provinsi_situation`), a smaller region
    /// is one range. Codes hold only digits and dots, and "/" sorts right after ".", so
    /// [code, code + "/") is exactly the code and its subtree.
    static func reportScope(_ column: String, _ scope: RegionCode) -> SQLQueryString {
        switch scope.level {
        case .nasional: return "1 = 1"
        case .provinsi: return "substr(\(unsafeRaw: column), 1, 2) = \(bind: scope.rawValue)"
        default: return "(\(unsafeRaw: column) >= \(bind: scope.rawValue) AND \(unsafeRaw: column) < \(bind: scope.rawValue + "/"))"
        }
    }
}

extension String {
    /// A lower-case code made of the name's letters and digits joined by "_", numbered when taken.
    func uniqueCode(fallback: String, taken: Set<String>) -> String {
        var code = String(lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.prefix(40))
        while code.contains("__") { code = code.replacingOccurrences(of: "__", with: "_") }
        code = code.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        if code.isEmpty { code = fallback }
        var unique = code, suffix = 2
        while taken.contains(unique) { unique = "\(code)_\(suffix)"; suffix += 1 }
        return unique
    }

    /// Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`).
    var likeEscaped: String {
        var result = ""
        for character in self {
            if character == "%" || character == "_" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// A workflow step the rules do not allow: 403 when the role may not, 409 when the state is wrong.
public struct WorkflowRefused: Error, Sendable {
    public var message: String
    public var forbidden: Bool
}
