import Foundation
import PantauCore

/// Date and time as users read them: "23 Nov 2026 14.05 WIB"-style, in the server's zone.
enum Display {
    static let timeZone = TimeZone(identifier: "Asia/Jakarta")!

    static func dateTime(_ epoch: Int?) -> String {
        guard let epoch else { return "—" }
        return TimeText.wib(epoch) + " WIB"
    }

    static func number(_ value: Int) -> String { countText(value) }
}

extension Display {
    static func iso(_ epoch: Int) -> String { TimeText.iso(epoch) }

    static func occurred(_ epoch: Int, _ precision: TimePrecision) -> String {
        let text = TimeText.wib(epoch, time: precision == .exact)
        switch precision {
        case .exact: return text + " WIB"
        case .day: return text
        case .approximate: return "± " + text
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
