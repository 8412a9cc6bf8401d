/// A user's mistake, reported against the field that holds it. Messages are in Bahasa Indonesia
/// because they are shown as they are.
public struct FieldError: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// All the mistakes found in one submission. Validation collects every one of them, so a form
/// can show them together.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(_ field: String, _ message: String) { self.errors = [FieldError(field, message)] }

    public var summary: String { errors.map(\.message).joined(separator: "; ") }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// Collects field errors while a submission is checked.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { add(field, message) }
    }

    /// Trims the text and checks it is present and not longer than `maxLength`.
    public mutating func requiredText(_ value: String?, _ field: String, label: String, maxLength: Int = 200) -> String {
        let text = (value ?? "").trimmingWhitespace()
        if text.isEmpty {
            add(field, "\(label) wajib diisi.")
        } else if text.length > maxLength {
            add(field, "\(label) paling panjang \(maxLength) karakter.")
        } else if text.containsControlCharacters {
            add(field, "\(label) berisi karakter yang tidak diizinkan.")
        }
        return text
    }

    /// Trims optional text; empty becomes nil.
    public mutating func optionalText(_ value: String?, _ field: String, label: String, maxLength: Int = 2000) -> String? {
        let text = (value ?? "").trimmingWhitespace()
        if text.isEmpty { return nil }
        if text.length > maxLength { add(field, "\(label) paling panjang \(maxLength) karakter.") }
        return text
    }

    public mutating func regionCode(_ value: String?, _ field: String, label: String = "Kode wilayah") -> RegionCode? {
        let text = (value ?? "").trimmingWhitespace()
        if text.isEmpty {
            add(field, "\(label) wajib diisi.")
            return nil
        }
        guard let code = RegionCode(text) else {
            add(field, "\(label) \"\(text.prefix(20))\" tidak berformat PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD.")
            return nil
        }
        return code
    }

    /// A region code when one is given; empty is nil.
    public mutating func optionalRegionCode(_ value: String?, _ field: String, label: String = "Kode wilayah") -> RegionCode? {
        guard let value, !value.trimmingWhitespace().isEmpty else { return nil }
        return regionCode(value, field, label: label)
    }

    public func finish() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// The length that limits count: Unicode code points, as JSON Schema's maxLength does (a letter
    /// with combining marks is several), so the API document and the server agree.
    public var length: Int { unicodeScalars.count }

    /// Control characters other than tab, newline and carriage return.
    public var containsControlCharacters: Bool {
        unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\r" && scalar != "\t"
        }
    }
}

/// Rules for usernames and passwords.
public enum Credentials {
    public static let minimumPasswordLength = 10
    public static let maximumPasswordLength = 72  // bcrypt reads at most 72 bytes

    public static func validateUsername(_ username: String, into validator: inout Validator) {
        let allowed = username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        validator.check((3...40).contains(username.count) && allowed && username == username.lowercased(),
                        "username", "Nama pengguna 3-40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.")
    }

    public static func validatePassword(_ password: String, username: String, into validator: inout Validator, field: String = "password") {
        if password.count < minimumPasswordLength {
            validator.add(field, "Kata sandi minimal \(minimumPasswordLength) karakter.")
        } else if password.utf8.count > maximumPasswordLength {
            validator.add(field, "Kata sandi paling panjang \(maximumPasswordLength) byte.")
        } else if password.lowercased().contains(username.lowercased()) && !username.isEmpty {
            validator.add(field, "Kata sandi tidak boleh memuat nama pengguna.")
        } else if Set(password).count < 4 {
            validator.add(field, "Kata sandi terlalu mudah ditebak.")
        }
    }
}
