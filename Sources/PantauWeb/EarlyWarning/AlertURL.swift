/// The pages and API paths of early warning, declared once for the routes and the links.
enum AlertURL: Sendable {
    case list, alert(Int), rules, rule(Int)
    case api(API)

    enum API: Sendable { case alerts, alert(Int), alertStatus(Int), rules }

    var path: String {
        switch self {
        case .list: "/peringatan"
        case .alert(let id): "/peringatan/\(id)"
        case .rules: "/peringatan/aturan"
        case .rule(let id): "/peringatan/aturan/\(id)"
        case .api(let api):
            switch api {
            case .alerts: "/api/v1/alerts"
            case .alert(let id): "/api/v1/alerts/\(id)"
            case .alertStatus(let id): "/api/v1/alerts/\(id)/status"
            case .rules: "/api/v1/alert-rules"
            }
        }
    }

    enum Pattern {
        static let alert = "/peringatan/:id"
        static let rule = "/peringatan/aturan/:id"
        static let apiAlert = "/api/v1/alerts/:id"
        static let apiAlertStatus = "/api/v1/alerts/:id/status"
    }
}
