import Foundation

/// The parts of a GeoJSON FeatureCollection the boundary import reads.
struct GeoJSONFeatureCollection: Decodable {
    struct Feature: Decodable {
        struct Properties: Decodable {
            var kode: String?
            var lat: Double?
            var lng: Double?
        }
        var properties: Properties
        var geometry: Geometry?
    }
    struct Geometry: Decodable {
        var multiPolygon: [[[[Double]]]]?

        enum CodingKeys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .type) {
            case "MultiPolygon": multiPolygon = try container.decode([[[[Double]]]].self, forKey: .coordinates)
            case "Polygon": multiPolygon = [try container.decode([[[Double]]].self, forKey: .coordinates)]
            default: multiPolygon = nil
            }
        }
    }
    var type: String
    var features: [Feature]
}
