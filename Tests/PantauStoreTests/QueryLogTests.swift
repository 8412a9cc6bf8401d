import Foundation
import Logging
import PantauCore
@testable import PantauStore
import PantauTestSupport
import Synchronization
import Testing

/// Everything a logger was handed, message and metadata, as text.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    func logger(label: String = "pantau.capture") -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            log.append("\(level) \(message) \(all.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

@Suite("Query logs")
struct QueryLogTests {
    @Test("at trace level the logs carry SQL but never the bound secrets, hashes or contacts", arguments: TestBackend.available)
    func noBoundValuesInLogs(backend: TestBackend) async throws {
        let (location, cleanup) = try await TestDatabases.shared.makeDatabase(backend)
        let captured = CapturedLog()
        try await TestDatabases.using(location, cleanup: cleanup, logger: captured.logger()) { database in
            let store = Store(database: database, logger: captured.logger())
            let markers = ["RAHASIA-WEBHOOK-9f3a", "$2b$04$HASH-PENANDA-77", "0812-KONTAK-RAHASIA", "SESI-RAHASIA-5b1c"]
            try await store.setSetting("webhook_secret", markers[0], installation: RegionCode("36.73")!, actor: .console("test"), secret: true)
            try await store.seedAgenciesIfEmpty(jurisdiction: RegionCode("36.73")!)
            let agency = try #require(try await store.defaultAgency(for: RegionCode("36.73")!))
            _ = try await store.createUser(username: "petugas.log", input: UserInput(displayName: "Petugas", role: .monitor, jurisdiction: RegionCode("36.73")!, agencyID: agency.id),
                                           passwordHash: markers[1], scope: .national, actor: .console("test"))
            _ = try await store.credentials(username: "petugas.log")
            var raw = RawReport()
            raw.judul = "Pengaduan"; raw.uraian = "Ada amplop."; raw.kategori = "politik_uang"; raw.tingkat = "ringan"; raw.sumber = "public"
            raw.waktu_kejadian = "2026-11-21"; raw.presisi_waktu = "day"; raw.kode_wilayah = "36.73.02"; raw.kontak_pelapor = markers[2]
            let report = try await store.createReport(try ReportInput.validate(raw, now: store.clock.now()), draft: false, isPublic: true, scope: .national,
                                                      author: nil, agencyID: nil, actor: .system).report
            _ = try await store.report(report.id, scope: .national)
            try await store.setSessionValue(key: "kunci", value: markers[3], expiresAt: nil)
            _ = try await store.sessionValue(key: "kunci")
            let lines = captured.all
            #expect(lines.contains { $0.contains("INSERT INTO") }, "queries are logged at trace")
            for marker in markers {
                #expect(!lines.contains { $0.contains(marker) }, "\(marker) reached the log")
            }
        }
    }
}

@Suite("Rows the code does not know")
struct UnknownRowTests {
    @Test("a row with a value this version does not know is left out of a list and logged as an error with its table and id")
    func unknownValuesAreLogged() async throws {
        let (location, cleanup) = try await TestDatabases.shared.makeDatabase(.sqlite)
        let captured = CapturedLog()
        try await TestDatabases.using(location, cleanup: cleanup, logger: captured.logger()) { database in
            let store = Store(database: database, logger: captured.logger())
            let input = try ReportStoreTests.input()
            let good = try await store.createReport(input, draft: false, scope: .national, author: nil, agencyID: nil, actor: .system).report
            let odd = try await store.createReport(try ReportStoreTests.input(title: "Dari versi yang lebih baru"), draft: false, scope: .national,
                                                   author: nil, agencyID: nil, actor: .system).report
            // As a newer version (or a hand edit) might leave it: a status this version has no name for.
            try await database.write { db in
                try await db.raw("PRAGMA ignore_check_constraints = ON").run()
                try await db.raw("UPDATE reports SET status = 'dibekukan' WHERE id = \(bind: odd.id)").run()
                try await db.raw("PRAGMA ignore_check_constraints = OFF").run()
            }
            let listed = try await store.reports(scope: .national, viewer: 0, filter: ReportFilter()).items
            #expect(listed.map(\.id) == [good.id])
            #expect(try await store.report(odd.id, scope: .national) == nil)
            let errors = captured.all.filter { $0.hasPrefix("error") && $0.contains("reports #\(odd.id)") }
            #expect(errors.count == 2, "\(captured.all.filter { $0.hasPrefix("error") })")
        }
    }
}
