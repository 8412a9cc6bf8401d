import Foundation
import PantauCore
import Testing

@Suite("Region codes")
struct RegionCodeTests {
    @Test("well-formed codes parse with their level, parent and kind")
    func parsing() throws {
        let village = try #require(RegionCode("36.73.01.1001"))
        #expect(village.level == .desaKelurahan)
        #expect(village.kind == .kelurahan)
        #expect(village.parent == RegionCode("36.73.01"))
        #expect(village.ancestors.map(\.rawValue) == ["ID", "36", "36.73", "36.73.01"])
        #expect(RegionCode("36.73")?.kind == .kota)
        #expect(RegionCode("36.04")?.kind == .kabupaten)
        #expect(RegionCode("36.04.01.2001")?.kind == .desa)
        #expect(RegionCode("36")?.parent == .national)
        #expect(RegionCode.national.parent == nil)
    }

    @Test("malformed codes are refused", arguments: ["", "3", "367", "36.7", "36.73.1", "36.73.01.100", "36.73.01.10011", "36..73", "ab", "36.73.01.1001.01", " 36", "36.73/", "٣٦"])
    func malformed(text: String) {
        #expect(RegionCode(text) == nil)
    }

    @Test("subtree membership follows the code, not the text prefix")
    func within() {
        let serang = RegionCode("36.73")!
        #expect(RegionCode("36.73.01.1001")!.isWithin(serang))
        #expect(serang.isWithin(serang))
        #expect(RegionCode("36.7") == nil)
        #expect(!RegionCode("36.74.01")!.isWithin(serang))
        #expect(!RegionCode("36")!.isWithin(serang))
        #expect(RegionCode("64.01")!.isWithin(.national))
    }
}

@Suite("Access policy")
struct AccessPolicyTests {
    /// The actions the capabilities declare in the core (their registrations list the same).
    static let actions: [Action] = Action.regionActions + Action.agencyActions + Action.accountActions + Action.auditActions
        + Action.reportActions + Action.electionActions

    @Test("only administrators manage users, agencies and read the audit log")
    func administrators() {
        for role in Role.allCases where role != .administrator {
            #expect(!Action.manageUsers.allows(role))
            #expect(!Action.manageAgencies.allows(role))
            #expect(!Action.viewAudit.allows(role))
        }
        #expect(Self.actions.allSatisfy { $0.allows(.administrator) })
    }

    @Test("every action has a unique code of the form capability.verb, a label and at least one role")
    func complete() {
        #expect(Set(Self.actions.map(\.rawValue)).count == Self.actions.count)
        for action in Self.actions {
            #expect(action.rawValue.range(of: "^[a-z]+\\.[a-z]+$", options: .regularExpression) != nil, "\(action)")
            #expect(!action.label.isEmpty && !action.roles.isEmpty, "\(action)")
        }
    }

    @Test("a principal covers only its own subtree")
    func covers() {
        let principal = Principal(userID: 1, username: "a", displayName: "A", role: .monitor, jurisdiction: RegionCode("36.73.01")!, agencyID: 1)
        #expect(principal.covers(RegionCode("36.73.01.1001")!))
        #expect(!principal.covers(RegionCode("36.73.02")!))
        #expect(!principal.covers(RegionCode("36.73")!))
    }
}

@Suite("Sign-in throttling")
struct ThrottleTests {
    @Test("locks after the threshold and doubles each further failure, up to the cap")
    func backoff() {
        let policy = ThrottlePolicy.account
        #expect(policy.lockSeconds(afterFailures: 4) == 0)
        #expect(policy.lockSeconds(afterFailures: 5) == 30)
        #expect(policy.lockSeconds(afterFailures: 6) == 60)
        #expect(policy.lockSeconds(afterFailures: 7) == 120)
        #expect(policy.lockSeconds(afterFailures: 50) == 3600)
    }

    @Test("a counter quiet for a day starts again")
    func forgets() {
        let policy = ThrottlePolicy.account
        var state = ThrottleState()
        for second in 0..<5 { state = state.recordingFailure(at: 1000 + second, policy: policy) }
        #expect(state.failures == 5)
        #expect(state.isLocked(at: 1010))
        #expect(!state.isLocked(at: 1004 + 31))
        let later = state.recordingFailure(at: 1004 + 86_401, policy: policy)
        #expect(later.failures == 1)
        #expect(!later.isLocked(at: 1004 + 86_401))
    }
}

@Suite("Validation")
struct ValidationTests {
    @Test("passwords need length, may not contain the username and may not be trivial")
    func passwords() {
        func errors(_ password: String, _ username: String = "budi") -> [String] {
            var validator = Validator()
            Credentials.validatePassword(password, username: username, into: &validator)
            return validator.errors.map(\.message)
        }
        #expect(errors("pendek").count == 1)
        #expect(errors("budi-serang-2026").count == 1)
        #expect(errors("aaaaaaaaaaaa").count == 1)
        #expect(errors(String(repeating: "ab1!", count: 20)).count == 1)
        #expect(errors("Kesbangpol-Serang-2026").isEmpty)
    }

    @Test("text is trimmed, bounded and free of control characters")
    func text() {
        var validator = Validator()
        #expect(validator.requiredText("  Serang  ", "n", label: "Nama") == "Serang")
        _ = validator.requiredText("a\u{0}b", "n", label: "Nama")
        _ = validator.requiredText(String(repeating: "x", count: 201), "m", label: "Nama")
        _ = validator.requiredText("   ", "k", label: "Nama")
        #expect(validator.errors.map(\.field) == ["n", "m", "k"])
    }
}

@Suite("Agency seeds")
struct AgencySeedTests {
    @Test("a kota gets the monitoring team's members and one office per kecamatan")
    func kota() {
        let city = Region(code: RegionCode("36.73")!, name: "Kota Serang")
        let kecamatan = ["Serang", "Kasemen"].enumerated().map { Region(code: RegionCode("36.73.0\($0.offset + 1)")!, name: $0.element) }
        let seeds = AgencySeeds.forJurisdiction(city, children: kecamatan)
        let types = Set(seeds.map(\.type))
        for type in [AgencyType.kesbangpol, .kpu, .bawaslu, .polri, .tni, .kejaksaan, .diskominfo, .intelijen, .opd, .kecamatan] {
            #expect(types.contains(type), "\(type)")
        }
        #expect(seeds.contains { $0.name == "Polresta Kota Serang" })
        #expect(seeds.filter { $0.type == .kecamatan }.map(\.region.rawValue) == ["36.73.01", "36.73.02"])
        #expect(Set(seeds.map { "\($0.region)|\($0.name)" }).count == seeds.count)
    }
}

@Suite("SVG maps")
struct SVGMapTests {
    let square: MultiPolygon = [[[GeoPoint(lng: 106.1, lat: -6.1), GeoPoint(lng: 106.2, lat: -6.1), GeoPoint(lng: 106.2, lat: -6.2), GeoPoint(lng: 106.1, lat: -6.2), GeoPoint(lng: 106.1, lat: -6.1)]]]

    @Test("areas become labelled links inside a fitted viewBox")
    func render() {
        let svg = SVGMapRenderer(width: 400).render(title: "Peta <uji>", areas: [
            MapArea(code: "36.73.01", name: "Serang & Sekitar", href: "/wilayah/36.73.01", polygons: square),
        ])
        // Mercator stretches latitude a little: a 0.1° square is slightly taller than wide.
        #expect(svg.range(of: "viewBox=\"0 0 400 40[0-9.]+\"", options: .regularExpression) != nil)
        #expect(svg.contains("<a class=\"area\" href=\"/wilayah/36.73.01\""))
        #expect(svg.contains("Serang &amp; Sekitar"))
        #expect(svg.contains("Peta &lt;uji&gt;"))
        #expect(!svg.contains("<uji>"))
    }

    @Test("points closer than a pixel are left out of the outline; an area smaller than a pixel still has its shape")
    func decimation() {
        // 10,000 points round a 0.1° square drawn 376 units wide: about 0.15 units apart.
        var ring: [GeoPoint] = []
        for i in 0..<2500 { ring.append(GeoPoint(lng: 106.1 + 0.1 * Double(i) / 2500, lat: -6.1)) }
        for i in 0..<2500 { ring.append(GeoPoint(lng: 106.2, lat: -6.1 - 0.1 * Double(i) / 2500)) }
        for i in 0..<2500 { ring.append(GeoPoint(lng: 106.2 - 0.1 * Double(i) / 2500, lat: -6.2)) }
        for i in 0..<2500 { ring.append(GeoPoint(lng: 106.1, lat: -6.2 + 0.1 * Double(i) / 2500)) }
        // Half a unit across: every point within the step of the one before.
        let speck: MultiPolygon = [[[GeoPoint(lng: 106.15, lat: -6.15), GeoPoint(lng: 106.1501, lat: -6.15), GeoPoint(lng: 106.1501, lat: -6.1501)]]]
        let svg = SVGMapRenderer(width: 400).render(title: "Rapat", areas: [
            MapArea(code: "1", name: "A", polygons: [[ring]]), MapArea(code: "2", name: "B", polygons: speck),
        ])
        let paths = svg.components(separatedBy: "<path d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(paths.count == 2)
        let points = paths.map { $0.filter { $0 == "M" || $0 == "L" }.count }
        #expect(points[0] > 1500 && points[0] < 3000, "\(points)")  // about every fourth point
        #expect(points[1] == 3, "\(points)")
    }

    @Test("no boundaries gives a placeholder, and missing areas are named")
    func placeholder() {
        let renderer = SVGMapRenderer()
        #expect(renderer.render(title: "Kosong", areas: []).contains("peta-kosong"))
        let partial = renderer.render(title: "Sebagian", areas: [MapArea(code: "1", name: "A", polygons: square)], missing: ["Kalimantan Selatan"])
        #expect(partial.contains("Tanpa data batas: Kalimantan Selatan"))
    }

    @Test("Mercator keeps the equator at zero and grows northwards upwards")
    func projection() {
        let projection = MercatorProjection()
        #expect(abs(projection.project(GeoPoint(lng: 0, lat: 0)).y) < 1e-12)
        #expect(projection.project(GeoPoint(lng: 100, lat: 5)).y < projection.project(GeoPoint(lng: 100, lat: -5)).y)
    }
}
