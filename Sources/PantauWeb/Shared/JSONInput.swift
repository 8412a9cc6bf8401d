import Foundation
import Hummingbird

/// Reading a JSON request body: at most `limit` bytes, and a 400 that says what was expected when
/// the body is not that object.
enum JSONInput {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 64 * 1024, expected: String) async throws -> T {
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: limit))
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch is DecodingError {
            throw BadRequest("Isi permintaan harus \(expected).")
        }
    }
}
