import PantauCore

/// What is wrong with a page's fields, each problem at its field: a form or a filter answers with
/// its own page, a summary at the top linking to each field and the message at the field itself
/// (the GOV.UK error pattern), never a dead-end error page. The API reads the same fields through
/// `throwFirst()` and answers 400.
struct FieldProblems: Sendable {
    private(set) var errors: [FieldError] = []

    init(_ errors: [FieldError] = []) { self.errors = errors }

    var isEmpty: Bool { errors.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        if self[field] == nil { errors.append(FieldError(field, message)) }
    }

    /// The first message for `field`.
    subscript(field: String) -> String? { errors.first { $0.field == field }?.message }

    /// Runs one field's reader; its `BadRequest` becomes the field's message and the value nil.
    mutating func read<T>(_ field: String, _ body: () throws -> T) -> T? {
        do { return try body() } catch let error as BadRequest {
            add(field, error.message)
        } catch {
            add(field, "Nilai \(field) tidak valid.")
        }
        return nil
    }

    /// For the API: the first problem as a 400.
    func throwFirst() throws {
        if let first = errors.first { throw BadRequest(first.message) }
    }

    /// Each field's first message, for `{{#fieldErrors.name}}` in a template.
    var byField: [String: String] {
        var fields: [String: String] = [:]
        for error in errors where fields[error.field] == nil { fields[error.field] = error.message }
        return fields
    }
}
