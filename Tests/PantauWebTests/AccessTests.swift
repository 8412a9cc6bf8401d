import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauApp
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Role × action table and jurisdiction scoping")
struct AccessTests {
    static let roleUsers: [Role: String] = [.administrator: "admin", .analyst: "analis", .monitor: "pemantau", .partner: "mitra", .viewer: "pimpinan"]

    /// Performs `action` as the session's user through the route that offers it and tells whether
    /// it was allowed (2xx/3xx) or forbidden (exactly 403, as docs/ACCESS.md says); any other
    /// answer is nil. A password change continues the session under a new cookie, which replaces
    /// `session`.
    func perform(_ action: Action, kit: WebKit, session: inout BrowserSession, token: String, tag: String) async throws -> Bool? {
        let response: TestResponse
        switch action {
        case .viewRegions: response = try await kit.api(.get, "/api/v1/regions/36.73", token: token)
        case .viewAgencies: response = try await kit.api(.get, "/api/v1/agencies", token: token)
        case .manageAgencies:
            response = try await kit.post("/instansi", form: ["name": "Instansi \(tag)", "type": "opd", "region": "36.73", "active": "on"], as: session)
        case .viewUsers: response = try await kit.get("/pengguna", as: session)
        case .manageUsers:
            let agency = try #require(try await kit.store.defaultAgency(for: RegionCode("36.73")!))
            response = try await kit.post("/pengguna", form: ["username": "baru.\(tag)", "display_name": "Baru", "role": "monitor", "jurisdiction": "36.73",
                                                           "agency_id": String(agency.id), "password": "Sandi-Pengguna-Baru-1", "password_confirm": "Sandi-Pengguna-Baru-1"], as: session)
        case .viewAudit: response = try await kit.get("/audit", as: session)
        case .manageOwnAccount:
            // The password is changed and changed back, so that the user signs in as before.
            let changed = "Sandi-Sementara-Uji-2026"
            for (current, new) in [(testPassword, changed), (changed, testPassword)] {
                let step = try await kit.post("/akun/sandi", form: ["current_password": current, "new_password": new, "new_password_confirm": new], as: session)
                guard step.status == .seeOther else { return Self.outcome(step.status.code) }
                let cookie = try #require(WebKit.cookie("pantau_session", in: step))
                let account = try await kit.get("/akun", as: BrowserSession(cookie: "pantau_session=\(cookie)", csrf: ""))
                session = BrowserSession(cookie: "pantau_session=\(cookie)", csrf: try #require(WebKit.formToken(in: account.text)))
            }
            return true
        case .useAPITokens: response = try await kit.post("/akun/token", form: ["name": "token \(tag)"], as: session)
        case .viewReports: response = try await kit.api(.get, "/api/v1/reports", token: token)
        case .createReports: response = try await kit.api(.post, "/api/v1/reports", token: token, json: ReportFixtures.json(title: "Laporan \(tag)"))
        case .manageInstallation:
            // Each of the four installation settings, performed; all four answer alike.
            let writes: [(String, [String: String])] = [
                ("/pengaturan/webhook", ["url": "https://203.0.113.10/\(tag)"]), ("/laporan/kategori", ["name": "Kategori \(tag)"]),
                ("/pengaturan/indikator-tps", ["variabel": "logistik", "indikator": "Indikator \(tag)"]), ("/pengaturan/kop", ["kop": "KOP \(tag)"]),
            ]
            var outcomes: [Bool?] = []
            for (path, form) in writes { outcomes.append(Self.outcome(try await kit.post(path, form: form, as: session).status.code)) }
            return Set(outcomes).count == 1 ? outcomes[0] : nil
        case .viewElections: response = try await kit.api(.get, "/api/v1/elections", token: token)
        case .manageElections:
            response = try await kit.post("/pemilu", form: ["jenis": "pilkada_bupati_walikota", "nama": "Pilwalkot \(tag)", "kode_wilayah": "36.73",
                                                            "hari_pemungutan": "2029-11-28", "templat": "pilkada-2024"], as: session)
        case .recordProblems:
            let election = try await ElectionWebTests.election(kit.store, name: "Pemilihan \(tag)")
            response = try await kit.api(.post, "/api/v1/elections/\(election.id)/problems", token: token,
                                         json: #"{"judul": "Masalah \#(tag)", "kategori": "hoaks", "kode_wilayah": "36.73.01"}"#)
        case .writeDeskNotes:
            let election = try await ElectionWebTests.election(kit.store, name: "Pemilihan \(tag)")
            response = try await kit.post("/pemilu/\(election.id)/desk/catatan", form: ["tanggal": "2024-11-26", "catatan": "Catatan \(tag)"], as: session)
        case .compileDeskReports:
            let election = try await ElectionWebTests.election(kit.store, name: "Pemilihan \(tag)")
            response = try await kit.api(.post, "/api/v1/elections/\(election.id)/desk-reports", token: token, json: #"{"jenis": "harian", "tanggal": "2024-11-26"}"#)
        case .viewReporterContact:
            let report = try await ReportFixtures.publicReport(kit.store)
            // Every role may read the report; the contact is what is allowed or not.
            let shown = try await kit.api(.get, "/api/v1/reports/\(report.id)", token: token)
            guard shown.status == .ok else { return nil }
            let contact = try shown.json()["kontak_pelapor"]
            if contact == nil { return false }
            return contact as? String == "0812-0000-1111" ? true : nil
        case .viewAlerts: response = try await kit.api(.get, "/api/v1/alerts", token: token)
        case .handleAlerts:
            // The alert keeps its status; the step is still a write that needs the action.
            let alert = try await AlertFixtures.alert(kit.store)
            response = try await kit.post("/peringatan/\(alert.id)", form: ["status": alert.status.rawValue, "versi": String(alert.updatedAt), "catatan": "Diperiksa \(tag)"],
                                          as: session)
        case .manageAlertRules:
            response = try await kit.post("/peringatan/aturan", form: ["nama": "Aturan \(tag)", "jenis": "ambang", "tingkat_wilayah": "3", "jendela_hari": "2",
                                                                    "jumlah_minimum": "4"], as: session)
        case .viewVulnerability: response = try await kit.api(.get, "/api/v1/index-models", token: token)
        case .enterVulnerability:
            _ = try await kit.store.seedIndexModelsIfEmpty(jurisdiction: RegionCode("36.73")!)
            let model = try #require(try await kit.store.vulnerability(.console).models().first)
            response = try await kit.api(.post, "/api/v1/index-values?model=\(model.id)", token: token,
                                         json: #"[{"kode_wilayah": "36.73.01", "periode": "2024", "skor": 40}]"#)
        case .manageVulnerabilityModels:
            _ = try await kit.store.seedIndexModelsIfEmpty(jurisdiction: RegionCode("36.73")!)
            let model = try #require(try await kit.store.vulnerability(.console).models().first)
            response = try await kit.post("/kerawanan/model/\(model.id)", form: ["versi": String(model.version), "nama": "\(model.model.name) \(tag)"], as: session)
        default:
            // An action without a way to perform it here: the table test fails until one is added.
            return nil
        }
        return Self.outcome(response.status.code)
    }

    static func outcome(_ status: Int) -> Bool? {
        switch status {
        case 200..<400: true
        case 403: false
        default: nil
        }
    }

    @Test("every role may do exactly what the role × action table says", arguments: Role.allCases, TestBackend.available)
    func roleTable(role: Role, backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let username = Self.roleUsers[role]!
            var session = try await kit.login(username)
            let token = try await kit.token(for: username)
            for action in try Capabilities.list().actions {
                let allowed = try await perform(action, kit: kit, session: &session, token: token, tag: "\(role.rawValue)-\(action.rawValue)")
                #expect(allowed == action.allows(role), "\(role.rawValue) → \(action.rawValue)")
            }
        }
    }

    @Test("a forbidden write changes nothing and is not audited", arguments: TestBackend.available)
    func forbiddenWriteChangesNothing(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let before = try await kit.store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count
            let session = try await kit.login("pimpinan")
            let response = try await kit.post("/instansi", form: ["name": "Dari Pimpinan", "type": "opd", "region": "36.73"], as: session)
            #expect(response.status == .forbidden)
            #expect(try await kit.store.agencies(scope: .national, query: "Dari Pimpinan").isEmpty)
            let after = try await kit.store.auditLog(scope: .national, filter: AuditFilter(pageSize: 200)).items.count
            #expect(after == before + 1)  // only the sign-in
        }
    }

    @Test("a kecamatan administrator sees and changes nothing outside the kecamatan", arguments: TestBackend.available)
    func kecamatanScope(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin.serang")
            let token = try await kit.token(for: "admin.serang")
            #expect(try await kit.get("/wilayah/36.73.01", as: session).status == .ok)
            #expect(try await kit.get("/wilayah/36.73.02", as: session).status == .forbidden)
            #expect(try await kit.get("/wilayah/36.73", as: session).status == .forbidden)
            #expect(try await kit.get("/wilayah/36.73.02/peta.svg", as: session).status == .forbidden)
            #expect(try await kit.api(.get, "/api/v1/regions/36.73.02/children", token: token).status == .forbidden)
            let search = try await kit.api(.get, "/api/v1/regions?q=sukawana", token: token).json()
            let codes = (search["data"] as? [[String: Any]] ?? []).compactMap { $0["kode"] as? String }
            #expect(codes == ["36.73.01.1008"])  // Sukawana in Serang, not the one in Curug

            let users = try await kit.get("/pengguna", as: session)
            #expect(users.text.contains("admin.serang"))
            #expect(!users.text.contains(">analis<"))
            let cityAdmin = kit.fixtures.user("admin")
            #expect(try await kit.get("/pengguna/\(cityAdmin.id)", as: session).status == .notFound)
            #expect(try await kit.post("/pengguna/\(cityAdmin.id)/nonaktifkan", form: [:], as: session).status == .notFound)
            let stillActive = try await kit.store.user(id: cityAdmin.id)?.isActive
            #expect(stillActive == true)

            let agency = try #require(try await kit.store.defaultAgency(for: RegionCode("36.73.01")!))
            let wider = try await kit.post("/pengguna", form: ["username": "terlalu.luas", "display_name": "Luas", "role": "viewer", "jurisdiction": "36.73",
                                                            "agency_id": String(agency.id), "password": "Sandi-Pengguna-Baru-1", "password_confirm": "Sandi-Pengguna-Baru-1"], as: session)
            #expect(wider.status == .unprocessableContent)
            #expect(try await kit.store.user(username: "terlalu.luas") == nil)
            let cityAgency = try #require(try await kit.store.defaultAgency(for: RegionCode("36.73")!))
            #expect(try await kit.get("/instansi/\(cityAgency.id)", as: session).status == .notFound)
            let agencies = try await kit.api(.get, "/api/v1/agencies", token: token).json()
            let regions = (agencies["data"] as? [[String: Any]] ?? []).compactMap { $0["kode_wilayah"] as? String }
            #expect(regions == ["36.73.01"])
            let audit = try await kit.store.auditLog(scope: RegionCode("36.73.01")!, filter: AuditFilter())
            // Only its own lines: its creation, its sign-in and its token; none of the city's users.
            #expect(audit.items.map { "\($0.regionKode ?? "-") \($0.entity) \($0.action)" } == ["36.73.01 api_token create", "36.73.01 session login", "36.73.01 user create"])
        }
    }

    @Test("an administrator of another province cannot reach Kota Serang's records", arguments: TestBackend.available)
    func otherProvince(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin.kaltim")
            #expect(try await kit.get("/wilayah/36.73", as: session).status == .forbidden)
            #expect(try await kit.get("/pengguna/\(kit.fixtures.user("analis").id)", as: session).status == .notFound)
            let agency = try #require(try await kit.store.defaultAgency(for: RegionCode("36.73")!))
            let edit = try await kit.post("/instansi/\(agency.id)", form: ["name": "Diambil alih", "type": "opd", "region": "64"], as: session)
            #expect(edit.status == .notFound)
            #expect(try await kit.store.agency(agency.id, scope: .national)?.name != "Diambil alih")
            let home = try await kit.get("/", as: session)
            #expect(home.text.contains("Kalimantan Timur"))
        }
    }

    @Test("docs/ACCESS.md states the role × action table the code enforces")
    func documentedTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/ACCESS.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let header = Role.allCases.map(\.rawValue)
        for action in try Capabilities.list().actions {
            let line = try #require(text.split(separator: "\n").first { $0.contains("`\(action.rawValue)`") }, "\(action.rawValue) missing from docs")
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // | `action` | label | administrator | analyst | monitor | partner | viewer |
            let marks = Array(cells.suffix(header.count))
            for (index, role) in Role.allCases.enumerated() {
                #expect((marks[index] == "✓") == action.allows(role), "\(action.rawValue) / \(role.rawValue) in docs")
            }
        }
    }
}
