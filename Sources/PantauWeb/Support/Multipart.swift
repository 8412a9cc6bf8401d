import Foundation
import MultipartKit
import NIOCore

/// One field of a multipart/form-data body.
struct MultipartField {
    var name: String
    var filename: String?
    var data: Data
}

enum Multipart {
    /// Splits a multipart body into its fields with MultipartKit's parser.
    static func fields(_ body: ByteBuffer, boundary: String) throws -> [MultipartField] {
        let parser = MultipartParser(boundary: boundary)
        var fields: [MultipartField] = []
        var headers: [(String, String)] = []
        var data = Data()
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in data.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let parameters = Self.parameters(disposition)
            fields.append(MultipartField(name: parameters["name"] ?? "", filename: parameters["filename"], data: data))
            headers = []
            data = Data()
        }
        try parser.execute(body)
        return fields
    }

    /// `form-data; name="berkas"; filename="a.jpg"` → ["name": "berkas", "filename": "a.jpg"]
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for parameter in header.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { result[parts[0].lowercased()] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return result
    }

    /// The boundary parameter of a multipart content type.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return parameters(contentType)["boundary"].flatMap { $0.isEmpty || $0.count > 70 ? nil : $0 }
    }
}
