import Foundation
import HTTPTypes
import HummingbirdTesting
import PantauApp
import Testing
@testable import PantauWeb

/// The OpenAPI document as the server serves it, and a check of real answers against it: every
/// `/api/v1` answer the test suite receives through `WebKit.request` must be documented (path,
/// method and status) and its JSON body must match the documented schema. A drift between the
/// document and the server fails the test that saw it.
enum APIContract {
    /// The merged document, as `/api/v1/openapi.json` serves it.
    nonisolated(unsafe) static let document: [String: Any] = {  // read only after it is made
        let names = ((try? Capabilities.list())?.all ?? []).compactMap(\.apiDocument)
        guard let buffer = try? APIDocument.merged(names),
              let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else { return [:] }
        return object
    }()

    static var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }
    static var schemas: [String: Any] { (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] }
    static var responses: [String: Any] { (document["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:] }

    /// The documented path template a request path matches ("/api/v1/reports/{id}"), if any.
    /// A literal segment wins over a parameter.
    static func template(for path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let candidates = paths.keys.filter { template in
            let pattern = template.split(separator: "/", omittingEmptySubsequences: true)
            guard pattern.count == parts.count else { return false }
            return zip(pattern, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        return candidates.max { a, b in a.filter { $0 == "{" }.count > b.filter { $0 == "{" }.count }
    }

    /// Everything wrong with an answer, as sentences; empty when it is what the document says.
    static func problems(method: HTTPRequest.Method, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        guard let template = template(for: route) else {
            // An unknown path answers 404, as any server does; anything else is undocumented.
            return status == 404 ? [] : ["\(method) \(route) is not in the OpenAPI document"]
        }
        guard let operation = paths[template]?[method.rawValue.lowercased()] as? [String: Any] else {
            // A documented path asked with a method it does not have answers 405 (with Allow).
            return status == 405 ? [] : ["\(method) \(template) is not in the OpenAPI document"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard var response = (responses[String(status)] ?? responses["default"]) as? [String: Any] else {
            return ["\(method) \(template) answered \(status), which the document does not list (it lists \(responses.keys.sorted().joined(separator: ", ")))"]
        }
        if let ref = response["$ref"] as? String, let resolved = Self.responses[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
            response = resolved
        }
        guard let type = contentType?.split(separator: ";").first.map({ String($0).trimmingCharacters(in: .whitespaces) }),
              type.hasSuffix("json") else { return [] }
        let content = response["content"] as? [String: Any] ?? [:]
        guard let media = (content[type] ?? content["application/json"]) as? [String: Any] else {
            return ["\(method) \(template) \(status): a \(type) body the document does not describe"]
        }
        guard let schema = media["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["\(method) \(template) \(status): the body is not JSON"]
        }
        return validate(value, against: schema, at: "\(method) \(template) \(status) body")
    }

    /// Checks a JSON value against the part of JSON Schema the document uses: type (one or a
    /// list), $ref, properties and required, additionalProperties: false, items, enum, minimum,
    /// maximum, minLength, maxLength, and the date and date-time formats.
    static func validate(_ value: Any, against schema: Any, at location: String) -> [String] {
        guard var schema = schema as? [String: Any] else { return [] }
        if let ref = schema["$ref"] as? String {
            guard let name = ref.split(separator: "/").last.map(String.init), let resolved = schemas[name] else { return ["\(location): unknown $ref \(ref)"] }
            schema = resolved as? [String: Any] ?? [:]
        }
        var problems: [String] = []
        let types: [String] = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String]) ?? []
        if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
            return ["\(location): \(describe(value)) is not \(types.joined(separator: " or "))"]
        }
        if value is NSNull { return [] }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { equal($0, value) }) {
            problems.append("\(location): \(describe(value)) is not one of \(allowed)")
        }
        if let number = value as? NSNumber, !isBool(value) {
            if let minimum = schema["minimum"] as? NSNumber, number.doubleValue < minimum.doubleValue { problems.append("\(location): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"] as? NSNumber, number.doubleValue > maximum.doubleValue { problems.append("\(location): \(number) > maximum \(maximum)") }
        }
        if let text = value as? String {
            if let maximum = schema["maxLength"] as? Int, text.count > maximum { problems.append("\(location): longer than \(maximum)") }
            if let minimum = schema["minLength"] as? Int, text.count < minimum { problems.append("\(location): shorter than \(minimum)") }
            switch schema["format"] as? String {
            case "date": if text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil { problems.append("\(location): \"\(text)\" is not a date") }
            case "date-time":
                if ISO8601DateFormatter().date(from: text) == nil { problems.append("\(location): \"\(text)\" is not a date-time") }
            default: break
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(location): required \"\(key)\" is missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, child) in object {
                if let propertySchema = properties[key] {
                    problems += validate(child, against: propertySchema, at: "\(location).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool, !allowed { problems.append("\(location): \"\(key)\" is not documented") }
                    else { problems += validate(child, against: additional, at: "\(location).\(key)") }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, element) in array.enumerated() {
                problems += validate(element, against: items, at: "\(location)[\(index)]")
            }
        }
        return problems
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer":
            guard let number = value as? NSNumber, !isBool(value) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return value is NSNumber && !isBool(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return true
        }
    }

    /// JSONSerialization gives booleans as numbers of type "c" (integers are "i" or "q").
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }

    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let text = value as? String { return "\"\(text.prefix(60))\"" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "\(value)"
    }

    /// Records every problem of an answer as an issue of the running test.
    static func check(method: HTTPRequest.Method, path: String, response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        guard path.hasPrefix("/api/v1/"), !path.hasPrefix("/api/v1/openapi.json") else { return }
        for problem in problems(method: method, path: path, status: Int(response.status.code), contentType: response.headers[.contentType],
                                body: Data(response.body.readableBytesView)) {
            Issue.record("API contract: \(problem)", sourceLocation: sourceLocation)
        }
    }
}
