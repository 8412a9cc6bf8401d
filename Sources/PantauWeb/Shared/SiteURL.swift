import PantauCore

/// Every page and API path in one place: routes are registered from these patterns and links are
/// built from the same cases, so no path is typed twice.
public enum SiteURL: Sendable {
    case home
    case health
    case login, logout
    case style
    case regions
    case region(RegionCode)
    case regionMap(RegionCode)
    case agencies, agencyNew, agency(Int)
    case users, userNew, user(Int), userDisable(Int), userEnable(Int), userPassword(Int)
    case account, accountPassword, accountTokens, accountTokenRevoke(Int)
    case audit
    case categories, category(Int), webhook
    case complaint, inbox, reportsGeoJSON, situation, reportAttachments(Int), reportAttachment(Int, Int)
    case reports, reportsCSV, reportNew, report(Int), reportAction(Int, ReportTransition), reportRespond(Int)
    case apiDocs
    case api(API)

    public enum API: Sendable {
        case openAPI, me, regions, region(RegionCode), regionChildren(RegionCode), agencies, reports, report(Int), reportAction(Int, ReportTransition), reportRespond(Int)
        case reportAttachments(Int), reportAttachment(Int, Int)
    }

    public var path: String {
        switch self {
        case .home: "/"
        case .health: "/health"
        case .login: "/login"
        case .logout: "/logout"
        case .style: "/static/style.css"
        case .regions: "/regions"
        case .region(let code): "/regions/\(code)"
        case .regionMap(let code): "/regions/\(code)/map.svg"
        case .agencies: "/agencies"
        case .agencyNew: "/agencies/new"
        case .agency(let id): "/agencies/\(id)"
        case .users: "/users"
        case .userNew: "/users/new"
        case .user(let id): "/users/\(id)"
        case .userDisable(let id): "/users/\(id)/disable"
        case .userEnable(let id): "/users/\(id)/enable"
        case .userPassword(let id): "/users/\(id)/password"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountTokens: "/account/tokens"
        case .accountTokenRevoke(let id): "/account/tokens/\(id)/revoke"
        case .audit: "/audit"
        case .webhook: "/settings/webhook"
        case .categories: "/reports/categories"
        case .category(let id): "/reports/categories/\(id)"
        case .complaint: "/pengaduan"
        case .situation: "/situasi"
        case .reportAttachments(let id): "/reports/\(id)/lampiran"
        case .reportAttachment(let id, let attachment): "/reports/\(id)/lampiran/\(attachment)"
        case .inbox: "/inbox"
        case .reportsGeoJSON: "/reports.geojson"
        case .reports: "/reports"
        case .reportsCSV: "/reports.csv"
        case .reportNew: "/reports/new"
        case .report(let id): "/reports/\(id)"
        case .reportAction(let id, let transition): "/reports/\(id)/\(transition.rawValue)"
        case .reportRespond(let id): "/reports/\(id)/respond"
        case .apiDocs: "/api"
        case .api(let api):
            switch api {
            case .openAPI: "/api/v1/openapi.json"
            case .me: "/api/v1/me"
            case .regions: "/api/v1/regions"
            case .region(let code): "/api/v1/regions/\(code)"
            case .regionChildren(let code): "/api/v1/regions/\(code)/children"
            case .agencies: "/api/v1/agencies"
            case .reports: "/api/v1/reports"
            case .report(let id): "/api/v1/reports/\(id)"
            case .reportAction(let id, let transition): "/api/v1/reports/\(id)/\(transition.rawValue)"
            case .reportRespond(let id): "/api/v1/reports/\(id)/respond"
            case .reportAttachments(let id): "/api/v1/reports/\(id)/lampiran"
            case .reportAttachment(let id, let attachment): "/api/v1/reports/\(id)/lampiran/\(attachment)"
            }
        }
    }

    /// Route patterns, with parameters as Hummingbird writes them.
    public enum Pattern {
        public static let region = "/regions/:kode"
        public static let regionMap = "/regions/:kode/map.svg"
        public static let agency = "/agencies/:id"
        public static let user = "/users/:id"
        public static let userDisable = "/users/:id/disable"
        public static let userEnable = "/users/:id/enable"
        public static let userPassword = "/users/:id/password"
        public static let accountTokenRevoke = "/account/tokens/:id/revoke"
        public static let report = "/reports/:id"
        public static let reportAction = "/reports/:id/:action"
        public static let reportAttachments = "/reports/:id/lampiran"
        public static let category = "/reports/categories/:id"
        public static let reportAttachment = "/reports/:id/lampiran/:attachment"
        public static let apiReport = "/api/v1/reports/:id"
        public static let apiReportAction = "/api/v1/reports/:id/:action"
        public static let apiReportAttachments = "/api/v1/reports/:id/lampiran"
        public static let apiReportAttachment = "/api/v1/reports/:id/lampiran/:attachment"
        public static let apiRegion = "/api/v1/regions/:kode"
        public static let apiRegionChildren = "/api/v1/regions/:kode/children"
    }
}
