import Foundation
import Hummingbird
import PantauCore
import PantauStore

/// Browsing the jurisdiction's regions, searching them by name or code, and the SVG map every
/// choropleth builds on.
struct RegionRoutes {
    let store: Store
    let renderer: Renderer

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.regions.path)) { request, context in try await index(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.region)) { request, context in try await page(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.regionMap)) { request, context in try await map(request: request, context: context) }
        router.get(RouterPath(SiteURL.api(.regions).path)) { request, context in try await apiSearch(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiRegion)) { request, context in try await apiRegion(request: request, context: context) }
        router.get(RouterPath(SiteURL.Pattern.apiRegionChildren)) { request, context in try await apiChildren(request: request, context: context) }
    }

    /// The region named in the path, when the caller may see it: 400 for a malformed code, 404
    /// for an unknown one, 403 outside the caller's jurisdiction.
    func visibleRegion(_ context: AppRequestContext) async throws -> (Principal, Region) {
        let principal = try context.require(.viewRegions)
        let text = context.parameters.get("kode") ?? ""
        guard let code = RegionCode(text) else {
            throw BadRequest("Kode wilayah \"\(text.prefix(30))\" tidak valid: gunakan format PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD.")
        }
        guard let region = try await store.region(code) else { throw NotFound("wilayah \(code)") }
        guard principal.covers(code) else {
            throw Forbidden("Wilayah \(code) berada di luar wilayah kewenangan Anda.")
        }
        return (principal, region)
    }

    // MARK: Pages

    struct IndexView {
        var query: String
        var results: [SearchHit]
        var hasResults: Bool
        var rootHref: String
        var rootName: String
        var action: String
    }

    struct SearchHit {
        var code: String
        var name: String
        var kind: String
        var path: String
        var href: String
    }

    func index(request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(.viewRegions)
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100))
        guard !query.trimmingWhitespace().isEmpty else {
            return .redirect(to: SiteURL.region(principal.jurisdiction).path, type: .normal)
        }
        let hits = try await store.searchRegions(query, scope: principal.jurisdiction)
        let root = try await store.region(principal.jurisdiction)
        return try renderer.page("regions/regions-search", title: "Cari wilayah", section: .regions, context: context, body: IndexView(
            query: query, results: hits.map(Self.hit), hasResults: !hits.isEmpty,
            rootHref: SiteURL.region(principal.jurisdiction).path, rootName: root?.name ?? principal.jurisdiction.rawValue,
            action: SiteURL.regions.path))
    }

    static func hit(_ path: RegionPath) -> SearchHit {
        SearchHit(code: path.region.code.rawValue, name: path.region.name, kind: path.region.code.kind.label,
                  path: path.ancestors.map(\.name).joined(separator: " › "), href: SiteURL.region(path.region.code).path)
    }

    struct RegionView {
        var code: String
        var name: String
        var kind: String
        var breadcrumbs: [Crumb]
        var counts: [CountItem]
        var children: [ChildRow]
        var childLevel: String
        var childTotal: Int
        var hasChildren: Bool
        var map: String?
        var mapHref: String
        var searchAction: String
        var apiHref: String
    }

    struct Crumb { var name: String; var href: String? }
    struct CountItem { var label: String; var value: String }
    struct ChildRow { var code: String; var name: String; var kindTag: String?; var href: String; var childCount: String; var hasBoundary: Bool }

    func page(request: Request, context: AppRequestContext) async throws -> Response {
        let (principal, region) = try await visibleRegion(context)
        let path = try await store.path(for: region)
        let children = try await store.children(of: region.code)
        let counts = try await store.descendantCounts(of: region.code)
        let crumbs = (path.ancestors + [region]).map { ancestor in
            Crumb(name: ancestor.name, href: ancestor.code == region.code || !principal.covers(ancestor.code) ? nil : SiteURL.region(ancestor.code).path)
        }
        let countItems = RegionLevel.allCases.compactMap { level -> CountItem? in
            guard let value = counts[level], value > 0 else { return nil }
            return CountItem(label: level.label, value: Display.number(value))
        }
        var mapSVG: String? = nil
        if !children.isEmpty {
            mapSVG = try await mapDocument(for: region)
        }
        let view = RegionView(
            code: region.code.rawValue, name: region.name, kind: region.code.kind.label, breadcrumbs: crumbs, counts: countItems,
            children: children.map { child in
                // The kind is worth a tag only where siblings differ in it (kabupaten/kota, desa/kelurahan).
                ChildRow(code: child.region.code.rawValue, name: child.region.name, kindTag: child.region.level == .kecamatan || child.region.level == .provinsi ? nil : child.region.code.kind.label,
                         href: SiteURL.region(child.region.code).path, childCount: Display.number(child.childCount), hasBoundary: child.hasBoundary)
            },
            childLevel: region.level.child?.label ?? "", childTotal: children.count, hasChildren: !children.isEmpty, map: mapSVG,
            mapHref: SiteURL.regionMap(region.code).path, searchAction: SiteURL.regions.path, apiHref: SiteURL.api(.region(region.code)).path)
        return try renderer.page("regions/region", title: region.displayName, section: .regions, context: context, body: view)
    }

    // MARK: Map

    func mapDocument(for region: Region) async throws -> String {
        let (boundaries, missing) = try await store.childBoundaries(of: region.code)
        let renderer = SVGMapRenderer()
        let title = "Peta \(region.displayName)"
        guard !boundaries.isEmpty else {
            return renderer.placeholder(title: title, message: missing.isEmpty
                ? "Wilayah ini tidak memiliki wilayah di bawahnya."
                : "Data batas wilayah untuk \(missing.count) wilayah di bawahnya belum tersedia.")
        }
        let areas = boundaries.map { boundary in
            MapArea(code: boundary.region.code.rawValue, name: boundary.region.name, href: SiteURL.region(boundary.region.code).path,
                    polygons: boundary.polygons, labelPoint: boundary.labelPoint)
        }
        return renderer.render(title: title, areas: areas, missing: missing.map(\.name))
    }

    func map(request: Request, context: AppRequestContext) async throws -> Response {
        let (_, region) = try await visibleRegion(context)
        let svg = try await mapDocument(for: region)
        return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "private, max-age=300"],
                        body: .init(byteBuffer: ByteBuffer(string: svg)))
    }

    // MARK: API

    struct RegionJSON: Codable, Sendable {
        var kode: String
        var nama: String
        var tingkat: String
        var jenis: String
        var induk: String?
        var jalur: [String]
        var jumlah_anak: Int?
    }

    static func json(_ path: RegionPath, childCount: Int? = nil) -> RegionJSON {
        RegionJSON(kode: path.region.code.rawValue, nama: path.region.name, tingkat: path.region.level.label, jenis: path.region.code.kind.label,
                   induk: path.region.code.parent.flatMap { $0.isNational ? nil : $0.rawValue },
                   jalur: path.ancestors.map(\.name) + [path.region.name], jumlah_anak: childCount)
    }

    struct RegionList: Codable, Sendable { var data: [RegionJSON] }

    func apiSearch(request: Request, context: AppRequestContext) async throws -> JSONBody<RegionList> {
        let principal = try context.require(.viewRegions)
        guard let query = request.uri.queryParameters.get("q"), !query.trimmingWhitespace().isEmpty else {
            throw BadRequest("Parameter q (nama atau kode wilayah) wajib diisi.")
        }
        guard query.length <= 100 else { throw BadRequest("Parameter q paling panjang 100 karakter.") }
        var limit = 50
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...200).contains(value) else { throw BadRequest("Parameter limit harus bilangan 1-200.") }
            limit = value
        }
        let hits = try await store.searchRegions(query, scope: principal.jurisdiction, limit: limit)
        return JSONBody(RegionList(data: hits.map { Self.json($0) }))
    }

    func apiRegion(request: Request, context: AppRequestContext) async throws -> JSONBody<RegionJSON> {
        let (_, region) = try await visibleRegion(context)
        let path = try await store.path(for: region)
        let children = try await store.children(of: region.code)
        return JSONBody(Self.json(path, childCount: children.count))
    }

    func apiChildren(request: Request, context: AppRequestContext) async throws -> JSONBody<RegionList> {
        let (_, region) = try await visibleRegion(context)
        let children = try await store.children(of: region.code)
        let parentPath = try await store.path(for: region)
        let items = children.map { child in
            Self.json(RegionPath(region: child.region, ancestors: parentPath.ancestors + [region]), childCount: child.childCount)
        }
        return JSONBody(RegionList(data: items))
    }
}
