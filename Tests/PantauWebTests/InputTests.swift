import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import Testing

@Suite("Bad input gets a clear answer and changes nothing")
struct InputTests {
    @Test("script tags in a name are stored as typed and shown escaped", arguments: TestBackend.available)
    func escaping(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let name = "<script>alert('x')</script> Ormas"
            let created = try await kit.post("/instansi", form: ["name": name, "type": "lainnya", "region": "36.73.02", "active": "on"], as: session)
            #expect(created.status == .seeOther)
            let list = try await kit.get("/instansi", as: session)
            #expect(!list.text.contains("<script>alert"))
            #expect(list.text.contains("&lt;script&gt;alert"))
            let audit = try await kit.get("/audit", as: session)
            #expect(!audit.text.contains("<script>alert"))
            #expect(list.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
        }
    }

    @Test("an invalid agency form is shown again with every message and what was typed", arguments: TestBackend.available)
    func agencyValidation(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let response = try await kit.post("/instansi", form: ["name": "  ", "type": "partai", "region": "36.7X", "email": "bukan surel"], as: session)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Nama instansi wajib diisi."))
            #expect(response.text.contains("Pilih jenis instansi."))
            #expect(response.text.contains("36.7X"))
            #expect(response.text.contains("Alamat surel tidak valid."))
            let outside = try await kit.post("/instansi", form: ["name": "Di Kaltim", "type": "opd", "region": "64.01"], as: session)
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text.contains("di luar wilayah kewenangan"))
            let unknown = try await kit.post("/instansi", form: ["name": "Tak dikenal", "type": "opd", "region": "36.73.99"], as: session)
            #expect(unknown.status == .unprocessableContent)
            let duplicate = try await kit.post("/instansi", form: ["name": "KPU Kota Serang", "type": "kpu", "region": "36.73"], as: session)
            #expect(duplicate.status == .unprocessableContent)
            #expect(try await kit.store.agencies(scope: .national, query: "Tak dikenal").isEmpty)
        }
    }

    @Test("an invalid user form names each problem and creates no one", arguments: TestBackend.available)
    func userValidation(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            let response = try await kit.post("/pengguna", form: ["username": "Bukan Valid!", "display_name": "", "role": "raja", "jurisdiction": "99.99",
                                                               "agency_id": "abc", "password": "pendek", "password_confirm": "lain"], as: session)
            #expect(response.status == .unprocessableContent)
            for message in ["Nama pengguna 3-40 karakter", "Kata sandi minimal 10 karakter", "Nama lengkap wajib diisi.", "Pilih peran.", "Pilih instansi."] {
                #expect(response.text.contains(message), "\(message)")
            }
            // All at once in the summary, each linking to its field, and again at the field.
            for field in ["username", "password", "role", "agency_id"] {
                #expect(response.text.contains("<li><a href=\"#\(field)\">"), "\(field)")
                #expect(response.text.contains("id=\"\(field)-error\""), "\(field)")
            }
            let taken = try await kit.post("/pengguna", form: ["username": "analis", "display_name": "Dua", "role": "viewer", "jurisdiction": "36.73",
                                                            "agency_id": String(kit.fixtures.user("analis").agencyID), "password": "Sandi-Cukup-Panjang-1", "password_confirm": "Sandi-Cukup-Panjang-1"], as: session)
            #expect(taken.status == .unprocessableContent)
            #expect(taken.text.contains("sudah dipakai"))
        }
    }

    @Test("malformed ids, bodies and content types answer 4xx, never 500", arguments: TestBackend.available)
    func malformedRequests(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("admin")
            for path in ["/pengguna/abc", "/pengguna/99999999999999999999", "/instansi/-1x", "/pengguna?page=0", "/pengguna?page=x", "/pengguna?peran=raja",
                         "/instansi?jenis=partai"] {
                let response = try await kit.get(path, as: session)
                #expect((400..<500).contains(response.status.code), "\(path) → \(response.status.code)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            // The audit log's filters answer with the log itself and the message at the field.
            for (path, field, message) in [("/audit?from=kemarin", "from", "Tanggal awal tidak valid: tulis TTTT-BB-HH, mis. 2026-11-30."),
                                           ("/audit?entity=rahasia", "entity", "Jenis data &quot;rahasia&quot; tidak dikenal."),
                                           ("/audit?from=2026-11-20&until=2026-11-01", "until", "Tanggal akhir harus sama dengan atau sesudah tanggal awal."),
                                           ("/audit?page=-3", "page", "Nomor halaman tidak valid.")] {
                let response = try await kit.get(path, as: session)
                #expect(response.status == .ok, "\(path)")
                #expect(response.text.contains("<a href=\"#\(field)\">\(message)</a>"), "\(path)")
                #expect(response.text.contains("<h1>Log audit</h1>"))
            }
            #expect(try await kit.get("/pengguna/424242", as: session).status == .notFound)
            // JSON sent to a form endpoint.
            let json = try await kit.request(.post, "/instansi", headers: [.cookie: session.cookie, .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: session.csrf],
                                             body: "{\"name\": \"x\"}")
            #expect(json.status == .badRequest)
            // A body far over the form limit.
            let huge = try await kit.post("/instansi", form: ["name": String(repeating: "a", count: 400_000), "type": "opd", "region": "36.73"], as: session)
            #expect(huge.status == .contentTooLarge)
            // Broken percent-encoding: the token comes in its header, since the body cannot be read
            // for it, so the form parser itself refuses the body.
            let broken = try await kit.request(.post, "/instansi", headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded",
                                                                              HTTPField.Name("X-CSRF-Token")!: session.csrf],
                                               body: "_csrf=\(session.csrf)&name=%ZZ%&type=opd&region=36.73")
            #expect(broken.status == .badRequest)
            #expect(broken.text.contains("Isi formulir tidak dapat dibaca."))
            // Unknown routes and methods.
            #expect(try await kit.get("/tidak/ada", as: session).status == .notFound)
            let names = try await kit.store.agencies(scope: .national).map(\.agency.name)
            #expect(!names.contains("x"))
        }
    }

    @Test("the API refuses bad query parameters with problem+json", arguments: TestBackend.available)
    func apiInput(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "analis")
            let bad = try await kit.api(.get, "/api/v1/agencies?jenis=partai", token: token)
            #expect(bad.status == .badRequest)
            #expect(try bad.json()["detail"] as? String == "Jenis instansi \"partai\" tidak dikenal.")
            let long = try await kit.api(.get, "/api/v1/regions?q=" + String(repeating: "a", count: 101), token: token)
            #expect(long.status == .badRequest)
            let wildcard = try await kit.api(.get, "/api/v1/regions?q=%25", token: token)
            #expect(wildcard.status == .ok)
            #expect((try wildcard.json()["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("sign-in redirects only to local paths", arguments: TestBackend.available)
    func openRedirect(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let (cookie, csrf) = try await kit.loginForm()
            for next in ["https://evil.example", "//evil.example", "/\\evil.example"] {
                let response = try await kit.request(.post, "/masuk", headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                     body: WebKit.encode(["_csrf": csrf, "username": "admin", "password": testPassword, "next": next]))
                #expect(response.location == "/")
            }
        }
    }
}
