/// What a write changed, field by field, for the audit log. Values are kept as text so the log
/// reads the same whatever the record was.
public struct ChangeSet: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var field: String
        public var old: String?
        public var new: String?
        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    public private(set) var changes: [Change] = []

    public init() {}

    /// Records a field when its value differs; secrets are recorded as changed without values.
    public mutating func record(_ field: String, _ old: (some CustomStringConvertible)?, _ new: (some CustomStringConvertible)?, secret: Bool = false) {
        let oldText = old.map { String(describing: $0) }
        let newText = new.map { String(describing: $0) }
        guard oldText != newText else { return }
        changes.append(Change(field: field, old: secret ? (oldText == nil ? nil : "•••") : oldText, new: secret ? "•••" : newText))
    }

    public var isEmpty: Bool { changes.isEmpty }
}

/// A kind of record the audit log names ("report", "desk_report"). Each capability declares the
/// kinds it writes (`AuditEntity.report` in Reports, ...) and lists them in its registration, so
/// that the audit page can offer and name them.
public struct AuditEntity: Hashable, Sendable, Codable {
    /// What the audit log stores.
    public let rawValue: String
    /// How the audit page names it.
    public let label: String

    public init(_ rawValue: String, _ label: String) {
        self.rawValue = rawValue
        self.label = label
    }

    public static func == (a: AuditEntity, b: AuditEntity) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Settings and secrets of the installation itself.
    public static let system = AuditEntity("system", "Sistem")
}
