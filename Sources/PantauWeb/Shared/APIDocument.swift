import Foundation
import NIOCore

/// The OpenAPI document of `/api/v1`, put together from the shell's part (info, security, the
/// problem+json schema) and each capability's part (its paths and their schemas), all under
/// Resources/openapi. A path or schema declared twice is an error at start-up, not a document that
/// silently keeps one of them.
enum APIDocument {
    static func merged(_ names: [String]) throws -> ByteBuffer {
        var document = try part("shell")
        for name in names {
            let fragment = try part(name)
            for (section, key) in [("paths", nil), ("components", "schemas"), ("components", "responses")] as [(String, String?)] {
                var target = document[section] as? [String: Any] ?? [:]
                var targetMap = key.map { target[$0] as? [String: Any] ?? [:] } ?? target
                let sourceSection = fragment[section] as? [String: Any] ?? [:]
                let sourceMap = key.map { sourceSection[$0] as? [String: Any] ?? [:] } ?? sourceSection
                for (entry, value) in sourceMap {
                    guard targetMap[entry] == nil else { throw APIDocumentConflict(description: "\(section) \(entry) declared twice (again in \(name).json)") }
                    targetMap[entry] = value
                }
                if let key { target[key] = targetMap } else { target = targetMap }
                document[section] = target
            }
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return ByteBuffer(bytes: data)
    }

    private static func part(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "openapi") else {
            throw APIDocumentConflict(description: "Resources/openapi/\(name).json is missing from the bundle")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw APIDocumentConflict(description: "Resources/openapi/\(name).json is not a JSON object")
        }
        return object
    }
}

/// Which methods the document declares for each path template, so that a request for a known
/// `/api/v1` path with a method it does not have answers 405 with `Allow`, not 404.
struct APIMethods: Sendable {
    private let paths: [(segments: [Substring], methods: [String])]

    init(document: ByteBuffer) throws {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: document)) as? [String: Any] ?? [:]
        let declared = object["paths"] as? [String: Any] ?? [:]
        paths = declared.keys.sorted().map { path in
            let operations = declared[path] as? [String: Any] ?? [:]
            let methods = ["get", "put", "post", "delete", "patch"].filter { operations[$0] != nil }.map { $0.uppercased() }
            return (path.split(separator: "/"), methods)
        }
    }

    /// The methods of the template that `path` fills in, or nil when no template matches.
    func allowed(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let matching = paths.filter { template in
            template.segments.count == segments.count && zip(template.segments, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
        }
        guard !matching.isEmpty else { return nil }
        return Array(Set(matching.flatMap(\.methods))).sorted()
    }
}

struct APIDocumentConflict: Error, CustomStringConvertible {
    var description: String
}
