/// The state of an early-warning alert. An alert is a prompt to verify, never an automatic
/// escalation: somebody looks, then closes it as real (selesai) or as a false alarm.
public enum AlertStatus: String, Sendable, CaseIterable, Codable {
    case new = "baru"
    case handling = "ditangani"
    case closed = "selesai"
    case falseAlarm = "alarm_palsu"

    public var label: String {
        switch self {
        case .new: "Baru"
        case .handling: "Ditangani"
        case .closed: "Selesai"
        case .falseAlarm: "Alarm palsu"
        }
    }

    public var isOpen: Bool { self == .new || self == .handling }

    /// The statuses an alert may move to from this one.
    public var next: [AlertStatus] {
        switch self {
        case .new: [.handling, .closed, .falseAlarm]
        case .handling: [.closed, .falseAlarm]
        case .closed, .falseAlarm: [.handling]
        }
    }

    /// Closing (either way) and reopening need a written note, so the log says why.
    public func needsNote(to target: AlertStatus) -> Bool { target == .closed || target == .falseAlarm || !isOpen }
}

public enum AlertWorkflow {
    /// Checks one step of an alert; the refusal is the message for the person who tried it.
    public static func check(from status: AlertStatus, to target: AlertStatus, note: String?) -> String? {
        guard status.next.contains(target) else {
            return "Peringatan berstatus \(status.label) tidak dapat menjadi \(target.label)."
        }
        if status.needsNote(to: target), (note ?? "").trimmingWhitespace().isEmpty {
            return "Tulis catatan: mengapa peringatan ini \(target == .falseAlarm ? "alarm palsu" : target == .closed ? "selesai" : "dibuka kembali")."
        }
        return nil
    }
}

extension Action {
    public static let viewAlerts = Action("alerts.view", "Melihat peringatan dini", roles: [.administrator, .analyst, .partner, .viewer])
    public static let handleAlerts = Action("alerts.handle", "Menangani peringatan dini (status, instansi, catatan)", roles: [.administrator, .analyst])
    public static let manageAlertRules = Action("alerts.rules", "Mengatur aturan peringatan dini", roles: [.administrator, .analyst])

    public static let alertActions: [Action] = [.viewAlerts, .handleAlerts, .manageAlertRules]
}

extension AuditEntity {
    public static let alert = AuditEntity("alert", "Peringatan dini")
    public static let alertRule = AuditEntity("alert_rule", "Aturan peringatan dini")
}
