import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauCore
import PantauStore
import PantauTestSupport
import PantauWeb
import Testing

@Suite("Region pages, API and maps")
struct RegionWebTests {
    @Test("Kota Serang's page lists its 6 kecamatan with child counts and draws them", arguments: TestBackend.available)
    func cityPage(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("analis")
            let page = try await kit.get("/wilayah/36.73", as: session)
            #expect(page.status == .ok)
            for name in ["Serang", "Kasemen", "Walantaka", "Curug", "Cipocok Jaya", "Taktakan"] {
                #expect(page.text.contains(">\(name)</a>"))
            }
            #expect(page.text.contains("<svg"))
            #expect(page.text.components(separatedBy: "class=\"area\"").count - 1 == 6)
            // Counts of what lies below: 6 kecamatan, 67 kelurahan.
            #expect(page.text.contains("<li><strong>6</strong><span>Kecamatan</span></li>"))
            #expect(page.text.contains("<li><strong>67</strong><span>Desa/Kelurahan</span></li>"))
        }
    }

    @Test("search shows each hit's full path so equal names are told apart", arguments: TestBackend.available)
    func searchPage(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let session = try await kit.login("analis")
            let page = try await kit.get("/wilayah?q=Sukawana", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Banten › Kota Serang › Curug"))
            #expect(page.text.contains("Banten › Kota Serang › Serang"))
            let empty = try await kit.get("/wilayah?q=", as: session)
            #expect(empty.status == .seeOther)
            #expect(empty.location == "/wilayah/36.73")
        }
    }

    @Test("the region API answers with paths and counts; bad codes get 400, unknown 404, as problem+json", arguments: TestBackend.available)
    func api(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let token = try await kit.token(for: "pimpinan")
            let region = try await kit.api(.get, "/api/v1/regions/36.73", token: token)
            #expect(region.status == .ok)
            let json = try region.json()
            #expect(json["nama"] as? String == "Kota Serang")
            #expect(json["jumlah_anak"] as? Int == 6)
            #expect(json["jalur"] as? [String] == ["Banten", "Kota Serang"])
            let children = try await kit.api(.get, "/api/v1/regions/36.73/children", token: token).json()
            let items = children["data"] as? [[String: Any]] ?? []
            #expect(items.count == 6)
            #expect(items.compactMap { $0["jumlah_anak"] as? Int }.reduce(0, +) == 67)
            let search = try await kit.api(.get, "/api/v1/regions?q=sukawana", token: token).json()
            let paths = (search["data"] as? [[String: Any]] ?? []).compactMap { ($0["jalur"] as? [String])?.joined(separator: "/") }.sorted()
            #expect(paths == ["Banten/Kota Serang/Curug/Sukawana", "Banten/Kota Serang/Serang/Sukawana"])

            for (path, status) in [("/api/v1/regions/36.7", 400), ("/api/v1/regions/abc", 400), ("/api/v1/regions/36.73.01.1", 400),
                                   ("/api/v1/regions/36.73.99", 404), ("/api/v1/regions/36.73.99/children", 404),
                                   ("/api/v1/regions?q=", 400), ("/api/v1/regions", 400), ("/api/v1/regions?q=serang&limit=abc", 400),
                                   ("/api/v1/regions?q=serang&limit=1000", 400), ("/api/v1/regions/64", 403), ("/api/v1/tidak-ada", 404)] {
                let response = try await kit.api(.get, path, token: token)
                #expect(response.status.code == status, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(path)")
                let problem = try response.json()
                #expect(problem["status"] as? Int == status)
                #expect((problem["detail"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test("the map SVG draws Kota Serang's 6 kecamatan and Banten's 8 kab/kota, fitted to a viewBox", arguments: TestBackend.available)
    func maps(backend: TestBackend) async throws {
        try await WebKit.run(backend) { kit in
            let city = try await kit.get("/wilayah/36.73/peta.svg", as: try await kit.login("analis"))
            #expect(city.status == .ok)
            #expect(city.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            #expect(city.text.components(separatedBy: "<a class=\"area\"").count - 1 == 6)
            #expect(city.text.contains("href=\"/wilayah/36.73.01\""))
            #expect(city.text.contains(">Cipocok Jaya</text>") && city.text.contains("<title>Cipocok Jaya</title>"))
            let viewBox = try #require(city.text.range(of: "viewBox=\"0 0 [0-9.]+ [0-9.]+\"", options: .regularExpression).map { String(city.text[$0]) })
            #expect(viewBox == "viewBox=\"0 0 800 853.8\"")  // 800 wide, Kota Serang a little taller than wide

            let store = kit.store
            let admin = try await store.createUser(username: "nasional", input: UserInput(displayName: "Nasional", role: .viewer, jurisdiction: .national,
                agencyID: try #require(try await store.defaultAgency(for: RegionCode("36.73")!)).id), passwordHash: try await PasswordHasher(cost: 4).hash(testPassword),
                scope: .national, actor: .console("test"))
            #expect(admin.jurisdiction.isNational)
            let national = try await kit.login("nasional")
            let banten = try await kit.get("/wilayah/36/peta.svg", as: national)
            #expect(banten.text.components(separatedBy: "<a class=\"area\"").count - 1 == 8)
            // A kecamatan outside Banten and Kalimantan Timur has no village boundaries: a placeholder, not an error.
            let aceh = try await kit.get("/wilayah/11.01.01/peta.svg", as: national)
            #expect(aceh.status == .ok)
            #expect(aceh.text.contains("belum tersedia"))
            let village = try await kit.get("/wilayah/36.73.01.1001/peta.svg", as: national)
            #expect(village.status == .ok)
            #expect(village.text.contains("tidak memiliki wilayah di bawahnya"))
            // Kalimantan Selatan has no boundary upstream: the country map names it as missing.
            let country = try await kit.get("/wilayah/ID/peta.svg", as: national)
            #expect(country.text.components(separatedBy: "<a class=\"area\"").count - 1 == 37)
            #expect(country.text.contains("Kalimantan Selatan"))
        }
    }
}
