import Crypto
import Foundation
import PantauCore
import SQLKit

/// A personal API token as listed (the secret itself is shown once, at creation, and only its
/// SHA-256 is stored).
public struct APIToken: Sendable, Equatable, Decodable {
    public var id: Int
    public var userID: Int
    public var name: String
    public var prefix: String
    public var createdAt: Int
    public var lastUsedAt: Int?
    public var revokedAt: Int?

    enum CodingKeys: String, CodingKey {
        case id, name
        case userID = "user_id", prefix = "token_prefix", createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }
}

extension Store {
    static func tokenHash(_ token: String) -> String { sha256(Data(token.utf8)) }

    /// Creates a token for the user and returns its secret, which is never stored.
    public func createToken(userID: Int, name: String, actor: Actor) async throws -> (token: APIToken, secret: String) {
        var validator = Validator()
        let label = validator.requiredText(name, "name", label: "Nama token", maxLength: 80)
        try validator.finish()
        guard let user = try await user(id: userID) else { throw NotFound("pengguna") }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "pantau_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let prefix = String(secret.prefix(14))
        let token = try await database.write { db in
            let token = try await db.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_at)
                VALUES (\(bind: userID), \(bind: label), \(bind: Self.tokenHash(secret)), \(bind: prefix), \(bind: clock.now()))
                RETURNING id, user_id, name, token_prefix, created_at, last_used_at, revoked_at
                """).first(decoding: APIToken.self)!
            try await audit(db, actor: actor, action: "create", entity: .apiToken, entityID: String(token.id), region: user.jurisdiction,
                                 summary: "Token API \"\(label)\" untuk \(user.username) dibuat")
            return token
        }
        return (token, secret)
    }

    public func tokens(userID: Int) async throws -> [APIToken] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, user_id, name, token_prefix, created_at, last_used_at, revoked_at FROM api_tokens
                WHERE user_id = \(bind: userID) ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC
                """).all(decoding: APIToken.self)
        }
    }

    /// Revokes one of the user's tokens. Returns false when the user has no such active token.
    @discardableResult
    public func revokeToken(id: Int, userID: Int, actor: Actor) async throws -> Bool {
        guard let user = try await user(id: userID) else { throw NotFound("pengguna") }
        return try await database.write { db in
            let rows = try await db.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: clock.now()) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL
                RETURNING id, name
                """).all()
            guard let row = rows.first else { return false }
            let name = try row.decode(column: "name", as: String.self)
            try await audit(db, actor: actor, action: "revoke", entity: .apiToken, entityID: String(id), region: user.jurisdiction,
                                 summary: "Token API \"\(name)\" milik \(user.username) dicabut")
            return true
        }
    }

    /// The active user a bearer token belongs to, or nil. Marks the token used at most every five
    /// minutes, so that API traffic does not turn every read into a write.
    public func authenticateToken(_ secret: String) async throws -> User? {
        guard secret.hasPrefix("pantau_"), secret.count < 200 else { return nil }
        let hash = Self.tokenHash(secret)
        struct Row: Decodable { var token_id: Int; var last_used_at: Int? }
        let found = try await database.read { db -> (User, Row)? in
            guard let row = try await db.raw("""
                SELECT \(Self.userColumns), t.id AS token_id, t.last_used_at
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first(), let user = try row.decode(model: UserRow.self).user else { return nil }
            return (user, try row.decode(model: Row.self))
        }
        guard let (user, token) = found else { return nil }
        let now = clock.now()
        if (token.last_used_at ?? 0) < now - 300 {
            try await database.write { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: token.token_id)").run()
            }
        }
        return user
    }
}
