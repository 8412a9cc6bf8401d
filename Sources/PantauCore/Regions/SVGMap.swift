import Foundation

/// A point in GeoJSON order: longitude, latitude.
public struct GeoPoint: Sendable, Equatable {
    public var lng: Double
    public var lat: Double
    public init(lng: Double, lat: Double) {
        self.lng = lng
        self.lat = lat
    }

    /// Roughly the box around Indonesia's territory, with a margin.
    public var isInIndonesia: Bool { (94.0...142.0).contains(lng) && (-11.5...6.5).contains(lat) }
}

/// A MultiPolygon: polygons, each an outer ring followed by holes.
public typealias MultiPolygon = [[[GeoPoint]]]

/// One area drawn on a map.
public struct MapArea: Sendable {
    public var code: String
    public var name: String
    public var href: String?
    public var polygons: MultiPolygon
    public var labelPoint: GeoPoint?
    public var fill: String?
    /// Extra text for the hover title, e.g. the value a choropleth shows.
    public var detail: String?
    /// The figure printed under the area's name where both fit, e.g. "12" or "78,4%".
    public var value: String?

    public init(code: String, name: String, href: String? = nil, polygons: MultiPolygon, labelPoint: GeoPoint? = nil, fill: String? = nil, detail: String? = nil,
                value: String? = nil) {
        self.value = value
        self.code = code
        self.name = name
        self.href = href
        self.polygons = polygons
        self.labelPoint = labelPoint
        self.fill = fill
        self.detail = detail
    }
}

public struct MapLegend: Sendable {
    public var title: String
    public var entries: [(color: String, label: String)]
    public init(title: String, entries: [(color: String, label: String)]) {
        self.title = title
        self.entries = entries
    }
}

/// Spherical Mercator, the projection every web map uses; near the equator it barely distorts.
public struct MercatorProjection: Sendable {
    public init() {}

    public func project(_ point: GeoPoint) -> (x: Double, y: Double) {
        let lat = max(min(point.lat, 85), -85) * .pi / 180
        return (point.lng * .pi / 180, -log(tan(.pi / 4 + lat / 2)))
    }
}

/// Draws areas as an SVG map fitted to its viewBox: each area a labelled link to its page, the
/// base of every choropleth.
public struct SVGMapRenderer: Sendable {
    public var width: Double
    public var padding: Double
    public var projection = MercatorProjection()

    /// Outline points nearer than this (in the drawing's units, about a pixel) are left out.
    static let minimumStep = 0.6

    public init(width: Double = 800, padding: Double = 12) {
        self.width = width
        self.padding = padding
    }

    public func render(title: String, areas: [MapArea], missing: [String] = [], legend: MapLegend? = nil, defaultFill: String = "#dbe7f3") -> String {
        let drawn = areas.filter { !$0.polygons.isEmpty }
        guard !drawn.isEmpty else { return placeholder(title: title, message: "Data batas wilayah belum tersedia untuk wilayah ini.") }

        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        let projected: [[[[(x: Double, y: Double)]]]] = drawn.map { area in
            area.polygons.map { polygon in
                polygon.map { ring in
                    ring.map { point in
                        let p = projection.project(point)
                        minX = min(minX, p.x); maxX = max(maxX, p.x)
                        minY = min(minY, p.y); maxY = max(maxY, p.y)
                        return p
                    }
                }
            }
        }
        let spanX = max(maxX - minX, 1e-9), spanY = max(maxY - minY, 1e-9)
        let inner = width - 2 * padding
        // Fit the width; a tall region may take up to one and a half times the width in height.
        let scale = spanY > spanX * 1.5 ? inner * 1.5 / spanY : inner / spanX
        let mapWidth = spanX * scale, mapHeight = spanY * scale
        let totalWidth = mapWidth + 2 * padding
        let totalHeight = mapHeight + 2 * padding
        func sx(_ x: Double) -> Double { padding + (x - minX) * scale }
        func sy(_ y: Double) -> Double { padding + (y - minY) * scale }
        let fontSize = max(12, min(22, totalWidth / 38))

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(totalWidth)) \(fmt(totalHeight))" width="100%" role="img" aria-labelledby="map-title" class="peta" font-family="system-ui, sans-serif">
        <title id="map-title">\(title.xmlEscaped)</title>
        <style>.area path{stroke:#ffffff;stroke-width:1;vector-effect:non-scaling-stroke}.area:hover path,.area:focus path{stroke:#1f2937;stroke-width:2}.label{pointer-events:none;fill:#1f2937;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round;text-anchor:middle;dominant-baseline:middle}</style>

        """
        var labels = ""
        for (index, area) in drawn.enumerated() {
            var d = ""
            var areaMinX = Double.infinity, areaMaxX = -Double.infinity, areaMinY = Double.infinity, areaMaxY = -Double.infinity
            // A point closer than `step` to the last one drawn adds nothing the eye can see at this
            // scale (a whole country's outlines are mostly such points); a ring left with fewer
            // than three is a speck and is dropped, unless the area would then have no shape.
            func trace(step: Double) {
                for polygon in projected[index] {
                    for ring in polygon where ring.count >= 3 {
                        var points: [(x: Double, y: Double)] = []
                        for p in ring {
                            let x = (sx(p.x) * 10).rounded() / 10, y = (sy(p.y) * 10).rounded() / 10
                            if let last = points.last, abs(x - last.x) <= step && abs(y - last.y) <= step { continue }
                            points.append((x, y))
                        }
                        guard points.count >= 3 else { continue }
                        for (i, point) in points.enumerated() {
                            d += i == 0 ? "M\(fmt(point.x)) \(fmt(point.y))" : "L\(fmt(point.x)) \(fmt(point.y))"
                            areaMinX = min(areaMinX, point.x); areaMaxX = max(areaMaxX, point.x)
                            areaMinY = min(areaMinY, point.y); areaMaxY = max(areaMaxY, point.y)
                        }
                        d += "Z"
                    }
                }
            }
            trace(step: Self.minimumStep)
            if d.isEmpty { trace(step: 0) }
            let fill = area.fill ?? defaultFill
            let tooltip = [area.name, area.detail].compactMap { $0 }.joined(separator: ": ")
            let path = "<path d=\"\(d)\" fill=\"\(fill.xmlEscaped)\" fill-rule=\"evenodd\"/>"
            if let href = area.href {
                svg += "<a class=\"area\" href=\"\(href.xmlEscaped)\" data-kode=\"\(area.code.xmlEscaped)\"><title>\(tooltip.xmlEscaped)</title>\(path)</a>\n"
            } else {
                svg += "<g class=\"area\" data-kode=\"\(area.code.xmlEscaped)\"><title>\(tooltip.xmlEscaped)</title>\(path)</g>\n"
            }
            // A label only where it fits inside the area's box, so small areas stay readable; the
            // value goes on a second line when there is room for two.
            let labelWidth = Double(area.name.count) * fontSize * 0.55
            let areaHeight = areaMaxY - areaMinY
            if labelWidth <= (areaMaxX - areaMinX) * 1.1 && fontSize <= areaHeight {
                let anchor: (x: Double, y: Double)
                if let point = area.labelPoint {
                    let p = projection.project(point)
                    anchor = (sx(p.x), sy(p.y))
                } else {
                    anchor = ((areaMinX + areaMaxX) / 2, (areaMinY + areaMaxY) / 2)
                }
                if let value = area.value, fontSize * 2.2 <= areaHeight {
                    labels += "<text class=\"label\" x=\"\(fmt(anchor.x))\" y=\"\(fmt(anchor.y - fontSize * 0.55))\" font-size=\"\(fmt(fontSize))\">\(area.name.xmlEscaped)"
                        + "<tspan class=\"value\" x=\"\(fmt(anchor.x))\" dy=\"\(fmt(fontSize * 1.1))\" font-weight=\"700\">\(value.xmlEscaped)</tspan></text>\n"
                } else {
                    labels += "<text class=\"label\" x=\"\(fmt(anchor.x))\" y=\"\(fmt(anchor.y))\" font-size=\"\(fmt(fontSize))\">\(area.name.xmlEscaped)</text>\n"
                }
            } else if let value = area.value, Double(value.count) * fontSize * 0.6 <= (areaMaxX - areaMinX) && fontSize <= areaHeight {
                // Too small for the name: the value alone, so every shaded area still reads.
                let x = (areaMinX + areaMaxX) / 2, y = (areaMinY + areaMaxY) / 2
                labels += "<text class=\"label value\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" font-size=\"\(fmt(fontSize))\" font-weight=\"700\">\(value.xmlEscaped)</text>\n"
            }
        }
        svg += labels
        svg += "</svg>\n"
        if !missing.isEmpty {
            svg += "<p class=\"small muted map-missing\">Tanpa data batas: \(missing.joined(separator: ", ").xmlEscaped)</p>\n"
        }
        // The legend is HTML under the drawing, so it keeps the page's text size however small the
        // map is drawn on a phone (inside the SVG it shrank with the map, to about 6 px).
        if let legend {
            svg += "<div class=\"map-legend\"><p>\(legend.title.xmlEscaped)</p><ul>"
            for entry in legend.entries {
                svg += "<li><span class=\"swatch\" style=\"background:\(entry.color.xmlEscaped)\"></span>\(entry.label.xmlEscaped)</li>"
            }
            svg += "</ul></div>\n"
        }
        return svg
    }

    /// A clear message in place of a map, the same size as a map would be.
    public func placeholder(title: String, message: String) -> String {
        let height = width * 0.5
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="100%" role="img" aria-labelledby="map-title" class="peta peta-kosong" font-family="system-ui, sans-serif">
        <title id="map-title">\(title.xmlEscaped)</title>
        <rect x="1" y="1" width="\(fmt(width - 2))" height="\(fmt(height - 2))" rx="8" fill="#f3f4f6" stroke="#d1d5db" stroke-dasharray="6 4"/>
        <text x="\(fmt(width / 2))" y="\(fmt(height / 2 - 10))" text-anchor="middle" font-size="20" fill="#374151">\(title.xmlEscaped)</text>
        <text x="\(fmt(width / 2))" y="\(fmt(height / 2 + 20))" text-anchor="middle" font-size="15" fill="#6b7280">\(message.xmlEscaped)</text>
        </svg>

        """
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

extension String {
    /// Escaped for XML and HTML text and attribute values.
    public var xmlEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
