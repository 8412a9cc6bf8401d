import Foundation
import HTTPTypes
import Hummingbird
import PantauCore

/// An RFC 9457 problem document, the one shape of every API error.
public struct Problem: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var errors: [FieldError]?

    public init(status: HTTPResponse.Status, detail: String?, errors: [FieldError]? = nil) {
        self.type = "about:blank"
        self.title = Self.title(for: status)
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
    }

    static func title(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "Permintaan tidak valid"
        case 401: "Perlu masuk"
        case 403: "Tidak berwenang"
        case 404: "Tidak ditemukan"
        case 405: "Metode tidak didukung"
        case 409: "Bentrok dengan data yang ada"
        case 413: "Data terlalu besar"
        case 415: "Jenis konten tidak didukung"
        case 422: "Data tidak valid"
        case 429: "Terlalu banyak permintaan"
        default: status.code >= 500 ? "Kesalahan server" : status.reasonPhrase
        }
    }

    public func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Encodes a value as the JSON body of an API response.
public struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator {
    public var value: Value
    public var status: HTTPResponse.Status

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
