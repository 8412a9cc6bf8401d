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
    case reports, reportsCSV, reportsXLSX, reportNew, report(Int), reportEdit(Int), reportAction(Int, ReportTransition), reportRespond(Int)
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
        case .login: "/masuk"
        case .logout: "/keluar"
        case .style: "/static/style.css"
        case .regions: "/wilayah"
        case .region(let code): "/wilayah/\(code)"
        case .regionMap(let code): "/wilayah/\(code)/peta.svg"
        case .agencies: "/instansi"
        case .agencyNew: "/instansi/baru"
        case .agency(let id): "/instansi/\(id)"
        case .users: "/pengguna"
        case .userNew: "/pengguna/baru"
        case .user(let id): "/pengguna/\(id)"
        case .userDisable(let id): "/pengguna/\(id)/nonaktifkan"
        case .userEnable(let id): "/pengguna/\(id)/aktifkan"
        case .userPassword(let id): "/pengguna/\(id)/sandi"
        case .account: "/akun"
        case .accountPassword: "/akun/sandi"
        case .accountTokens: "/akun/token"
        case .accountTokenRevoke(let id): "/akun/token/\(id)/cabut"
        case .audit: "/audit"
        case .webhook: "/pengaturan/webhook"
        case .categories: "/laporan/kategori"
        case .category(let id): "/laporan/kategori/\(id)"
        case .complaint: "/pengaduan"
        case .situation: "/situasi"
        case .reportAttachments(let id): "/laporan/\(id)/lampiran"
        case .reportAttachment(let id, let attachment): "/laporan/\(id)/lampiran/\(attachment)"
        case .inbox: "/kotak-masuk"
        case .reportsGeoJSON: "/laporan.geojson"
        case .reports: "/laporan"
        case .reportsCSV: "/laporan.csv"
        case .reportsXLSX: "/laporan.xlsx"
        case .reportNew: "/laporan/baru"
        case .report(let id): "/laporan/\(id)"
        case .reportEdit(let id): "/laporan/\(id)/ubah"
        case .reportAction(let id, let transition): "/laporan/\(id)/\(Self.slug(transition))"
        case .reportRespond(let id): "/laporan/\(id)/\(Self.respondSlug)"
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

    /// The path segment of a workflow step on pages, in Bahasa Indonesia (the API keeps the codes).
    public static func slug(_ transition: ReportTransition) -> String {
        switch transition {
        case .submit: "kirim"
        case .verify: "verifikasi"
        case .reject: "tolak"
        case .assign: "tugaskan"
        case .resolve: "selesaikan"
        case .archive: "arsipkan"
        case .reopen: "buka-kembali"
        case .markDuplicate: "tandai-duplikat"
        }
    }

    /// The path segment of an agency's response to a follow-up, on pages.
    public static let respondSlug = "tanggapi"

    /// The step a page's path segment names.
    public static func transition(slug: String) -> ReportTransition? { ReportTransition.allCases.first { Self.slug($0) == slug } }

    /// Route patterns, with parameters as Hummingbird writes them.
    public enum Pattern {
        public static let region = "/wilayah/:kode"
        public static let regionMap = "/wilayah/:kode/peta.svg"
        public static let agency = "/instansi/:id"
        public static let user = "/pengguna/:id"
        public static let userDisable = "/pengguna/:id/nonaktifkan"
        public static let userEnable = "/pengguna/:id/aktifkan"
        public static let userPassword = "/pengguna/:id/sandi"
        public static let accountTokenRevoke = "/akun/token/:id/cabut"
        public static let report = "/laporan/:id"
        public static let reportAction = "/laporan/:id/:action"
        public static let reportEdit = "/laporan/:id/ubah"
        public static let reportAttachments = "/laporan/:id/lampiran"
        public static let category = "/laporan/kategori/:id"
        public static let reportAttachment = "/laporan/:id/lampiran/:attachment"
        public static let apiReport = "/api/v1/reports/:id"
        public static let apiReportAction = "/api/v1/reports/:id/:action"
        public static let apiReportAttachments = "/api/v1/reports/:id/lampiran"
        public static let apiReportAttachment = "/api/v1/reports/:id/lampiran/:attachment"
        public static let apiRegion = "/api/v1/regions/:kode"
        public static let apiRegionChildren = "/api/v1/regions/:kode/children"
    }
}
