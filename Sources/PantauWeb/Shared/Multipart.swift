import Foundation
import Hummingbird
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
        guard headerNamesAreASCII(body.readableBytesView, boundary: boundary) else { throw BadRequest(malformed) }
        try parser.execute(body)
        return fields
    }

    static let malformed = "Isi multipart/form-data tidak sah: nama kepala bagian (header) harus ASCII."

    /// Whether every part header's name is ASCII. MultipartKit 4.7 indexes a 128-entry table by
    /// each byte of a header name, so a byte of 0x80 or more there stops the process: the bytes
    /// after every `--boundary` up to the blank line that ends a part's headers are checked
    /// first, and a body that fails is refused before the parser sees it.
    static func headerNamesAreASCII<Bytes: Collection>(_ bytes: Bytes, boundary: String) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        let marker = Array("--\(boundary)".utf8)
        guard !marker.isEmpty, bytes.count >= marker.count else { return true }
        var index = bytes.startIndex
        while index <= bytes.endIndex - marker.count {
            guard bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) else { index += 1; continue }
            // Walk the header lines after this delimiter: a name runs to ':' on its line.
            var position = index + marker.count, inName = true, lineLength = 0
            while position < bytes.endIndex {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\n") {
                    if lineLength <= 1 && position > index + marker.count + 2 { break }  // the blank line ending the headers
                    inName = true; lineLength = 0
                } else {
                    if byte == UInt8(ascii: ":") { inName = false }
                    if inName && byte >= 0x80 { return false }
                    lineLength += 1
                }
                position += 1
            }
            index += marker.count
        }
        return true
    }

    /// Reads a multipart request only as far as its first field, at most `limit` bytes, and
    /// returns that field; the request's body then replays what was read before the rest. A
    /// first field not complete within the limit, or a body that does not parse, gives nil.
    static func firstField(of request: inout Request, boundary: String, limit: Int) async throws -> MultipartField? {
        var iterator = request.body.makeAsyncIterator()
        var consumed = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        var first: MultipartField?
        var headers: [(String, String)] = []
        var data = Data()
        parser.onHeader = { name, value in if first == nil { headers.append((name, value)) } }
        parser.onBody = { chunk in if first == nil { data.append(contentsOf: chunk.readableBytesView) } }
        parser.onPartComplete = {
            guard first == nil else { return }
            let parameters = Self.parameters(headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? "")
            first = MultipartField(name: parameters["name"] ?? "", filename: parameters["filename"], data: data)
        }
        var malformed = false
        while first == nil, !malformed, consumed.readableBytes < limit, let chunk = try await iterator.next() {
            consumed.writeImmutableBuffer(chunk)
            guard headerNamesAreASCII(consumed.readableBytesView, boundary: boundary) else { malformed = true; break }
            do { try parser.execute(chunk) } catch { malformed = true }
        }
        request.body = RequestBody(asyncSequence: ReplayedBody(prefix: consumed, rest: BodyIterator(iterator)))
        return malformed ? nil : first
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

/// The rest of a request body whose start was already read, handed on exactly once.
final class BodyIterator: @unchecked Sendable {
    private var iterator: RequestBody.AsyncIterator

    init(_ iterator: RequestBody.AsyncIterator) { self.iterator = iterator }

    func next() async throws -> ByteBuffer? { try await iterator.next() }
}

/// A body that yields what was read ahead, then the rest.
struct ReplayedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let prefix: ByteBuffer
    let rest: BodyIterator

    struct AsyncIterator: AsyncIteratorProtocol {
        var prefix: ByteBuffer?
        let rest: BodyIterator

        mutating func next() async throws -> ByteBuffer? {
            if let buffer = prefix {
                prefix = nil
                if buffer.readableBytes > 0 { return buffer }
            }
            return try await rest.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(prefix: prefix, rest: rest) }
}
