import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import SQLKit
import Testing

/// Lists that stay in code (statuses, roles, kinds the rules depend on) are CHECK lists in the
/// schema; lists that grow (report categories, agency kinds) are tables. A CHECK list that differs
/// from its Swift enum would refuse a value the code writes, or let in one it cannot read.
@Suite("Vocabularies")
struct VocabularyTests {
    /// The quoted values of the CHECK constraint on `column` of `table`, as the live database has it.
    static func checkValues(_ store: Store, table: String, column: String) async throws -> Set<String> {
        let definitions: [String] = try await store.database.read { db in
            switch store.kind {
            case .sqlite:
                let sql = try await db.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)").first(decodingColumn: "sql", as: String.self) ?? ""
                return sql.split(separator: "\n").map(String.init).filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix(column + " ") }
            case .postgres:
                return try await db.raw("""
                    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                    WHERE t.relname = \(bind: table) AND c.contype = 'c'
                    """).all(decodingColumn: "def", as: String.self).filter { $0.contains("(\(column) ") || $0.contains("(\(column))") || $0.contains("((\(column) ") }
            }
        }
        let text = definitions.joined(separator: " ")
        let regex = try NSRegularExpression(pattern: "'([a-z_/.-]+)'")
        let values = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
        return Set(values)
    }

    @Test("every CHECK list in the schema equals its Swift enum", arguments: TestBackend.available)
    func checkListsMatchEnums(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let expected: [(String, String, [String])] = [
                ("users", "role", Role.allCases.map(\.rawValue)),
                ("reports", "status", ReportStatus.allCases.map(\.rawValue)),
                ("reports", "severity", Severity.allCases.map(\.rawValue)),
                ("reports", "source", ReportSource.allCases.map(\.rawValue)),
                ("reports", "occurred_precision", TimePrecision.allCases.map(\.rawValue)),
                ("report_assignments", "status", AssignmentStatus.allCases.map(\.rawValue)),
                ("report_attachments", "content_type", AttachmentType.allCases.map(\.rawValue)),
                ("elections", "type", ElectionType.allCases.map(\.rawValue)),
                ("election_problems", "status", ProblemStatus.allCases.map(\.rawValue)),
                ("desk_reports", "kind", DeskReportKind.allCases.map(\.rawValue)),
                ("desk_reports", "status", DeskReportStatus.allCases.map(\.rawValue)),
            ]
            for (table, column, values) in expected {
                let found = try await Self.checkValues(store, table: table, column: column)
                #expect(found == Set(values), "\(table).\(column): schema \(found.sorted()), code \(values.sorted())")
            }
        }
    }

    @Test("the kinds of agency are a table: a kind added there is offered and accepted, a retired one refused for new agencies", arguments: TestBackend.available)
    func agencyKindsAreATable(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            #expect(try await store.agencyKinds().map(\.code) == AgencyType.shipped.map(\.type.rawValue))
            // What an ASN-neutrality capability's migration will do.
            try await store.database.write { db in
                try await db.raw("INSERT INTO agency_types (code, name, position, active) VALUES ('bkpsdm', 'BKPSDM', 20, 1)").run()
            }
            #expect(try await store.agencyKinds().last?.name == "BKPSDM")
            let agency = try await store.createAgency(AgencyInput(name: "BKPSDM Kota Serang", type: AgencyType("bkpsdm"), region: RegionCode("36.73")!),
                                                      scope: .national, actor: .console("test"))
            #expect(agency.type.rawValue == "bkpsdm")
            try await store.database.write { db in try await db.raw("UPDATE agency_types SET active = 0 WHERE code = 'bkpsdm'").run() }
            await #expect(throws: ValidationFailure.self) {
                _ = try await store.createAgency(AgencyInput(name: "BKPSDM Lain", type: AgencyType("bkpsdm"), region: RegionCode("36.73")!), scope: .national, actor: .console("test"))
            }
            #expect(try await store.agency(agency.id, scope: .national)?.type.rawValue == "bkpsdm")
        }
    }
}
