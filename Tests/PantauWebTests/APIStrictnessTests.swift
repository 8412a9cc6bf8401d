import Foundation
import HTTPTypes
import PantauCore
import PantauStore
import PantauTestSupport
import Testing
@testable import PantauWeb

/// The API refuses exactly what its document says it refuses: the forms of list filters, the
/// limits of a body counted before blank entries are dropped, the Idempotency-Key's characters,
/// and a method a path does not have (405, not 404). Schemathesis (scripts/api-check.sh) checks
/// the same from outside; these tests pin each rule it found.
@Suite("API strictness")
struct APIStrictnessTests {
    @Test("a documented path asked with another method answers 405 with Allow; an unknown path 404", arguments: TestBackend.available)
    func methodNotAllowed(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            let trace = try await kit.api(.trace, "/api/v1/me", token: token)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET")
            let delete = try await kit.api(.delete, "/api/v1/reports", token: token)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, POST")
            let put = try await kit.api(.put, "/api/v1/reports/12", token: token)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET")
            #expect(try await kit.api(.get, "/api/v1/tidak-ada", token: token).status == .notFound)
            #expect(try await kit.api(.get, "/api/v1/reports/424242", token: token).status == .notFound)
        }
    }

    @Test("list filters take only their documented forms; empty is the same as absent", arguments: TestBackend.available)
    func filterForms(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "admin")
            let election = try await kit.api(.post, "/api/v1/elections", token: token, json: """
                {"jenis": "pilkada_bupati_walikota", "nama": "Pilwalkot Serang 2024", "kode_wilayah": "36.73", "hari_pemungutan": "2024-11-27"}
                """).json()["id"] as! Int
            let refused = ["/api/v1/reports?terlambat=null", "/api/v1/reports?terlambat=ya", "/api/v1/reports?instansi=0",
                           "/api/v1/reports?instansi=%2B5", "/api/v1/reports?instansi=-3", "/api/v1/reports?kategori=" + String(repeating: "k", count: 61),
                           "/api/v1/elections/\(election)/stations?rawan=null", "/api/v1/elections/\(election)/stations?rawan=2",
                           "/api/v1/elections/\(election)/problems?tahapan=0", "/api/v1/elections/\(election)/problems?instansi=007",
                           "/api/v1/agencies?q=" + String(repeating: "a", count: 101), "/api/v1/agencies?jenis=%0D", "/api/v1/reports?wilayah=%2036.73",
                           // 60 letters with a combining mark each: 60 characters but 120 code points, which is what maxLength counts.
                           "/api/v1/agencies?q=" + String(repeating: "a%CC%81", count: 60), "/api/v1/reports?q=" + String(repeating: "a%CC%81", count: 60)]
            for path in refused {
                let response = try await kit.api(.get, path, token: token)
                #expect(response.status == .badRequest, "\(path) → \(response.status.code)")
            }
            let accepted = ["/api/v1/reports?terlambat=", "/api/v1/reports?terlambat=true", "/api/v1/reports?terlambat=0", "/api/v1/reports?instansi=",
                            "/api/v1/reports?wilayah=36.73", "/api/v1/reports?instansi=5", "/api/v1/elections/\(election)/stations?rawan=1",
                            "/api/v1/elections/\(election)/stations?rawan=", "/api/v1/elections/\(election)/problems?tahapan=&instansi=",
                            "/api/v1/elections/\(election)/participation?wilayah=", "/api/v1/agencies?q=" + String(repeating: "a", count: 100)]
            for path in accepted {
                let response = try await kit.api(.get, path, token: token)
                #expect(response.status == .ok, "\(path) → \(response.status.code)")
            }
        }
    }

    @Test("a body's list limits count every entry, blank ones too, and a blank kind of party is refused", arguments: TestBackend.available)
    func listLimits(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            func blanks(_ count: Int) -> String { "[" + Array(repeating: "\"\"", count: count).joined(separator: ", ") + "]" }
            for (field, extra) in [("pihak_nama", ", \"pihak_nama\": \(blanks(51))"), ("tag", ", \"tag\": \(blanks(21))"), ("pihak_jenis", ", \"pihak_jenis\": [\"\"]")] {
                let body = """
                    {"judul": "Spanduk", "uraian": "Spanduk dipasang di pagar sekolah.", "kategori": "politik_uang", "tingkat": "ringan",
                     "sumber": "field_monitor", "waktu_kejadian": "2026-11-20T09:30", "kode_wilayah": "36.73.01.1008"\(extra)}
                    """
                let response = try await kit.api(.post, "/api/v1/reports", token: token, json: body)
                #expect(response.status == .unprocessableContent, "\(field) → \(response.status.code)")
                #expect((try response.json()["errors"] as? [[String: Any]])?.contains { $0["field"] as? String == field } == true, "\(field)")
            }
            let admin = try await kit.token(for: "admin")
            let election = try await kit.api(.post, "/api/v1/elections", token: admin, json: """
                {"jenis": "pilkada_bupati_walikota", "nama": "Pilwalkot Serang 2024", "kode_wilayah": "36.73", "hari_pemungutan": "2024-11-27"}
                """).json()["id"] as! Int
            let parties = try await kit.api(.post, "/api/v1/elections/\(election)/candidates", token: admin,
                                            json: #"{"nomor": 1, "calon": "Calon", "partai": "# + blanks(31) + "}")
            #expect(parties.status == .unprocessableContent)
            let fine = try await kit.api(.post, "/api/v1/elections/\(election)/candidates", token: admin,
                                         json: #"{"nomor": 1, "calon": "Calon", "partai": ["Partai A", ""]}"#)
            #expect(fine.status == .ok)
            // A stage the body names that the election lacks is that field's mistake, not a missing election
            // (found by schemathesis: it read the 404 as "the election just created is gone").
            let stage = try await kit.api(.post, "/api/v1/elections/\(election)/stages", token: admin,
                                          json: #"{"id": \#(election), "nama": "Kampanye", "mulai": "2024-09-25", "selesai": "2024-11-23"}"#)
            #expect(stage.status == .unprocessableContent)
            #expect((try stage.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "id")
        }
    }

    @Test("an Idempotency-Key is 1-200 visible ASCII characters", arguments: TestBackend.available)
    func idempotencyKey(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            for (key, status) in [("a b", HTTPResponse.Status.badRequest), (String(repeating: "k", count: 201), .badRequest),
                                  ("kunci-é", .badRequest), ("3f2a9c1e-7b4d-4c8e-9a10-5d6e7f809a1b", .created)] {
                let response = try await kit.request(.post, "/api/v1/reports",
                                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json",
                                                               HTTPField.Name("Idempotency-Key")!: key],
                                                     body: ReportFixtures.json())
                #expect(response.status == status, "\(key.prefix(20)) → \(response.status.code)")
            }
        }
    }

    @Test("the document's enums are the code's values")
    func enumsFollowTheCode() throws {
        func property(_ schema: String, _ name: String) -> [String: Any] {
            ((APIContract.schemas[schema] as? [String: Any])?["properties"] as? [String: Any])?[name] as? [String: Any] ?? [:]
        }
        func parameter(_ path: String, _ name: String) -> [String: Any] {
            let operation = APIContract.paths[path]?["get"] as? [String: Any] ?? [:]
            let parameters = operation["parameters"] as? [[String: Any]] ?? []
            return parameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any] ?? [:]
        }
        #expect(property("ElectionInput", "jenis")["enum"] as? [String] == ElectionType.allCases.map(\.rawValue))
        #expect(property("ReportInput", "tingkat")["enum"] as? [String] == Severity.allCases.map(\.rawValue))
        #expect(property("ReportInput", "sumber")["enum"] as? [String] == ReportSource.allCases.map(\.rawValue))
        #expect(parameter("/api/v1/agencies", "jenis")["enum"] as? [String] == [""] + AgencyType.shipped.map(\.type.rawValue))
        let statuses = ReportStatus.allCases.map(\.rawValue).joined(separator: "|")
        #expect(parameter("/api/v1/reports", "status")["pattern"] as? String == "^((\(statuses))(,(\(statuses)))*)?$")
        #expect(parameter("/api/v1/elections/{id}/problems", "status")["enum"] as? [String] == [""] + ProblemStatus.allCases.map(\.rawValue))
    }
}
