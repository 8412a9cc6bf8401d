import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

@Suite("Early-warning alerts in the store")
struct AlertStoreTests {
    static let city = RegionCode("36.73")!

    /// A rule of the kota: three reports of any category in one kecamatan on one day.
    static func burstRule() -> DetectionRule {
        DetectionRule(name: "Tiga laporan sehari di kecamatan", kind: .threshold, level: .kecamatan, windowDays: 1, minimumCount: 3)
    }

    static func report(_ store: Store, desa: String, author: User, agency: Int, at time: String = "2026-11-24T10:00") async throws -> Report {
        var raw = RawReport()
        raw.judul = "Kerumunan"; raw.uraian = "Uraian."; raw.kategori = "unjuk_rasa"; raw.tingkat = "sedang"
        raw.sumber = "field_monitor"; raw.waktu_kejadian = time; raw.presisi_waktu = "exact"; raw.kode_wilayah = desa
        return try await store.createReport(try ReportInput.validate(raw, now: TestClock.start), draft: false, scope: city, author: author, agencyID: agency,
                                            actor: .console("test")).report
    }

    static func setUp(_ store: Store) async throws -> (author: User, agency: Int, desa: [String]) {
        let agency = try #require(try await store.defaultAgency(for: city))
        let author = try await store.createUser(username: "petugas", input: UserInput(displayName: "Petugas", role: .monitor, jurisdiction: city, agencyID: agency.id),
                                                passwordHash: "$2b$04$notarealhash", scope: .national, actor: .console("test"))
        let desa = try await store.database.read { db in
            try await db.raw("SELECT kode FROM regions WHERE kode >= '36.73.01.' AND kode < '36.73.01/' AND LENGTH(kode) = 13 ORDER BY kode LIMIT 3")
                .all(decodingColumn: "kode", as: String.self)
        }
        return (author, agency.id, desa)
    }

    @Test("three reports in one kecamatan on one day raise one alert, once; the same counts raise nothing again", arguments: TestBackend.available)
    func raisesOnce(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let (author, agency, desa) = try await Self.setUp(store)
            _ = try await store.createAlertRule(Self.burstRule(), owner: Self.city, agencyID: agency, actor: .console("test"))
            let today = DayCounts.day(store.clock.now())
            for code in desa.prefix(2) { _ = try await Self.report(store, desa: code, author: author, agency: agency) }
            #expect(try await store.evaluateChangedAlerts(today: today).raised == 0)  // two are not three
            _ = try await Self.report(store, desa: desa[2], author: author, agency: agency)
            let first = try await store.evaluateChangedAlerts(today: today)
            #expect(first.raised == 1 && first.changes == 1)
            #expect(try await store.evaluateChangedAlerts(today: today).raised == 0)
            #expect(try await store.evaluateAlerts(today: today).raised == 0)
            let alerts = try await store.alerts(scope: Self.city, filter: AlertFilter()).items
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(alert.region.rawValue == "36.73.01" && alert.observed == 3 && alert.status == .new && alert.agencyID == agency)
            #expect(alert.counts.last?.count == 3 && alert.counts.last?.day == today - 1)
            #expect(alert.parameters == Self.burstRule())
            // A fourth report the same day grows nothing new: the episode is one alert.
            _ = try await Self.report(store, desa: desa[0], author: author, agency: agency)
            #expect(try await store.evaluateChangedAlerts(today: today).raised == 0)
            #expect(try await store.alerts(scope: Self.city, filter: AlertFilter()).items.count == 1)
            let audit = try await store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'alert' AND action = 'raise'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(audit == 1)
        }
    }

    @Test("two instances evaluating the same counts at once raise one alert", arguments: TestBackend.available)
    func twoInstances(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store, location in
            let (author, agency, desa) = try await Self.setUp(store)
            _ = try await store.createAlertRule(Self.burstRule(), owner: Self.city, agencyID: nil, actor: .console("test"))
            for code in desa { _ = try await Self.report(store, desa: code, author: author, agency: agency) }
            let second = Store(database: try await Database.open(location, readers: 2, logger: store.logger), logger: store.logger, clock: store.clock)
            let today = DayCounts.day(store.clock.now())
            let raised = try await withThrowingTaskGroup(of: Int.self) { group in
                for instance in [store, second, store, second] {
                    group.addTask { try await instance.evaluateAlerts(today: today).raised }
                }
                return try await group.reduce(0, +)
            }
            await second.database.close()
            #expect(raised == 1)
            #expect(try await store.alerts(scope: .national, filter: AlertFilter()).items.count == 1)
        }
    }

    @Test("an alert is seen from its kecamatan, its kota and its provinsi, never from a neighbour; only its kota edits the rule; a note closes it",
          arguments: TestBackend.available)
    func scoping(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let (author, agency, desa) = try await Self.setUp(store)
            let rule = try await store.createAlertRule(Self.burstRule(), owner: Self.city, agencyID: nil, actor: .console("test"))
            for code in desa { _ = try await Self.report(store, desa: code, author: author, agency: agency) }
            #expect(try await store.evaluateAlerts(today: DayCounts.day(store.clock.now())).raised == 1)
            for (scope, seen) in [("36", 1), ("36.73", 1), ("36.73.01", 1), ("36.73.02", 0), ("36.74", 0), ("35", 0)] {
                #expect(try await store.alerts(scope: RegionCode(scope)!, filter: AlertFilter()).items.count == seen, "\(scope)")
            }
            // The provinsi sees the kota's rule but may not change it; a neighbour does not see it.
            #expect(try await store.alertRule(rule.id, scope: RegionCode("36")!) != nil)
            #expect(try await store.alertRule(rule.id, scope: RegionCode("36.74")!) == nil)
            await #expect(throws: WorkflowRefused.self) {
                _ = try await store.updateAlertRule(rule.id, rule: Self.burstRule(), agencyID: nil, active: false, version: 1, owner: RegionCode("36")!, actor: .console("test"))
            }
            let edited = try await store.updateAlertRule(rule.id, rule: Self.burstRule(), agencyID: nil, active: true, version: 1, owner: Self.city, actor: .console("test"))
            #expect(edited.version == 2)
            await #expect(throws: Conflict.self) {
                _ = try await store.updateAlertRule(rule.id, rule: Self.burstRule(), agencyID: nil, active: true, version: 1, owner: Self.city, actor: .console("test"))
            }
            let alert = try #require(try await store.alerts(scope: Self.city, filter: AlertFilter()).items.first)
            #expect(alert.ruleVersion == 1)
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.handleAlert(alert.id, to: .falseAlarm, note: " ", agencyID: nil, updatedAt: alert.updatedAt, scope: Self.city, actor: .console("test"))
            }
            await #expect(throws: NotFound.self) {
                _ = try await store.handleAlert(alert.id, to: .handling, note: nil, agencyID: nil, updatedAt: alert.updatedAt, scope: RegionCode("36.74")!, actor: .console("test"))
            }
            let closed = try await store.handleAlert(alert.id, to: .falseAlarm, note: "Acara adat yang sudah diberitahukan.", agencyID: agency, updatedAt: alert.updatedAt,
                                                     scope: Self.city, actor: .console("test"))
            #expect(closed.status == .falseAlarm && closed.note == "Acara adat yang sudah diberitahukan." && closed.agencyID == agency)
            #expect(try await store.openAlertCount(scope: Self.city) == 0)
        }
    }
}
