import Foundation
import PantauCore
@testable import PantauStore
import PantauTestSupport
import Testing

@Suite("Regions in the store")
struct RegionStoreTests {
    @Test("bundled regions hold the published counts", arguments: TestBackend.available)
    func publishedCounts(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let serang = try await store.descendantCounts(of: RegionCode("36.73")!)
            #expect(serang[.kecamatan] == 6)
            #expect(serang[.desaKelurahan] == 67)
            let kaltim = try await store.descendantCounts(of: RegionCode("64")!)
            #expect(kaltim[.kabupatenKota] == 10)
            let banten = try await store.descendantCounts(of: RegionCode("36")!)
            #expect(banten[.kabupatenKota] == 8)
            #expect(banten[.kecamatan] == 155)
            let country = try await store.descendantCounts(of: .national)
            #expect(country[.provinsi] == 38)
            #expect(country[.kabupatenKota] == 514)
            #expect(country[.kecamatan] == 7285)
            #expect(country[.desaKelurahan] == 83762)
        }
    }

    @Test("children carry their own child counts", arguments: TestBackend.available)
    func childCounts(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let kecamatan = try await store.children(of: RegionCode("36.73")!)
            #expect(kecamatan.map(\.region.name).sorted() == ["Cipocok Jaya", "Curug", "Kasemen", "Serang", "Taktakan", "Walantaka"])
            #expect(kecamatan.map(\.childCount).reduce(0, +) == 67)
            #expect(kecamatan.allSatisfy { $0.hasBoundary })
        }
    }

    @Test("search tells the two Sukawana of Kota Serang apart by their path", arguments: TestBackend.available)
    func searchPaths(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let hits = try await store.searchRegions("sukawana", scope: RegionCode("36.73")!)
            let paths = hits.map(\.text).sorted()
            #expect(paths == ["Banten › Kota Serang › Curug › Sukawana", "Banten › Kota Serang › Serang › Sukawana"])
            let byCode = try await store.searchRegions("36.73.0", scope: RegionCode("36.73")!)
            #expect(byCode.first?.region.level == .kecamatan)
            let outside = try await store.searchRegions("sukawana", scope: RegionCode("64")!)
            #expect(outside.allSatisfy { $0.region.code.isWithin(RegionCode("64")!) })
            let wildcard = try await store.searchRegions("%", scope: RegionCode("36.73")!)
            #expect(wildcard.isEmpty)
        }
    }

    @Test("importing the same region list twice changes nothing", arguments: TestBackend.available)
    func idempotentImport(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let csv = try BundledData.read(BundledData.regionsCSV)
            let again = try await store.importRegions(csv: csv, source: "test", actor: .console("test"))
            #expect(again.changed == 0)
            #expect(again.unchanged == 91_599)
            let renamed = Data("kode,nama\n36.73.01,Serang Kota\n36.73.99,Kecamatan Baru\n".utf8)
            let result = try await store.importRegions(csv: renamed, source: "test", actor: .console("test"))
            #expect(result.inserted == 1 && result.updated == 1)
            let renamedRegion = try await store.region(RegionCode("36.73.01")!)
            #expect(renamedRegion?.name == "Serang Kota")
            let repeatResult = try await store.importRegions(csv: renamed, source: "test", actor: .console("test"))
            #expect(repeatResult.changed == 0)
        }
    }

    @Test("a region list with one bad row is refused whole", arguments: TestBackend.available)
    func badImportChangesNothing(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let bad = Data("kode,nama\n36.73.98,Baru Satu\n36.7X.01,Rusak\n99.01,Tanpa Induk\n".utf8)
            await #expect(throws: ImportFailure.self) {
                try await store.importRegions(csv: bad, source: "test", actor: .console("test"))
            }
            let notAdded = try await store.region(RegionCode("36.73.98")!)
            #expect(notAdded == nil)
            await #expect(throws: ImportFailure.self) {
                try await store.importRegions(csv: Data("id,name\n36,Banten\n".utf8), source: "test", actor: .console("test"))
            }
        }
    }

    @Test("boundaries import again without change and draw Kota Serang", arguments: TestBackend.available)
    func boundaries(backend: TestBackend) async throws {
        try await TestDatabases.withStore(backend) { store in
            let file = BundledData.boundaryFiles[1]
            let again = try await store.importBoundaries(geojson: BundledData.read(file), source: "test", actor: .console("test"))
            #expect(again.changed == 0)
            #expect(again.rowsRead == 514)
            let (shapes, missing) = try await store.childBoundaries(of: RegionCode("36.73")!)
            #expect(shapes.count == 6)
            #expect(missing.isEmpty)
            let kalsel = try await store.childBoundaries(of: .national)
            #expect(kalsel.missing.map(\.code.rawValue) == ["63"])
        }
    }
}

@Suite("Stored boundary geometry")
struct GeometryCodingTests {
    @Test("the scanner reads what encode writes and any JSON of that shape as JSONDecoder does, and refuses what is not one")
    func scanner() throws {
        var random = SplitMix(seed: 5)
        for _ in 0..<50 {
            let polygons: [[[[Double]]]] = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                (0..<Int.random(in: 1...2, using: &random)).map { _ in
                    (0..<Int.random(in: 3...40, using: &random)).map { _ in [Double.random(in: 95...141, using: &random), Double.random(in: -11...6, using: &random)] }
                }
            }
            let text = GeometryCoding.encode(polygons)
            let decoded = try #require(GeometryCoding.decode(text))
            let reference = try JSONDecoder().decode([[[[Double]]]].self, from: Data(text.utf8))
            #expect(decoded.map { $0.map { $0.map { [$0.lng, $0.lat] } } } == reference)
        }
        // Spaces, exponents, a third number, a short position (left out), negative zero.
        let odd = GeometryCoding.decode(" [ [ [ [106.1, -6.2, 12], [1.065e2,-6.25E0] ,[7], [-0.0, 0] ] ] ] ")
        #expect(odd == [[[GeoPoint(lng: 106.1, lat: -6.2), GeoPoint(lng: 106.5, lat: -6.25), GeoPoint(lng: -0.0, lat: 0)]]])
        #expect(GeometryCoding.decode("[[[[106.12345678901234567, 1]]]]")?.first?.first?.first?.lng == 106.12345678901234567)
        for bad in ["", "[", "[[[[1,2]]]", "[[[[1,2]]]]x", "[[[[1,,2]]]]", "[[[[a,2]]]]", "{\"a\": 1}", "[[[[1 2]]]]", "[[[[-,2]]]]"] {
            #expect(GeometryCoding.decode(bad) == nil, "\(bad)")
        }
    }
}
