import PantauCore

/// Paths of the Desk Pilkada module: routes are registered from `Pattern` and links built from the
/// cases, as with `SiteURL`.
enum ElectionURL: Sendable {
    case list
    case election(Int)
    case stages(Int), stage(Int, Int)
    case candidates(Int)
    case problems(Int), problem(Int, Int), problemStatus(Int, Int)
    case desk(Int), deskNotes(Int), deskReport(Int, Int), deskFinalise(Int, Int), deskPrint(Int, Int), deskDocx(Int, Int)
    case stations(Int), stationImport(Int), station(Int, Int), stationsMap(Int)
    case participation(Int), participationImport(Int), participationMap(Int), comparison(Int)
    /// The recapitulation or the TPS list as a file, `ext` "csv" or "xlsx".
    case participationFile(Int, String), stationsFile(Int, String)
    case letterhead, indicators, indicator(Int)
    case api(API)

    enum API: Sendable {
        case elections, election(Int), problems(Int), problemStatus(Int, Int), deskReports(Int), deskReport(Int, Int)
        case stations(Int), participation(Int)
    }

    var path: String {
        switch self {
        case .list: "/pemilu"
        case .election(let id): "/pemilu/\(id)"
        case .stages(let id): "/pemilu/\(id)/tahapan"
        case .stage(let id, let stage): "/pemilu/\(id)/tahapan/\(stage)"
        case .candidates(let id): "/pemilu/\(id)/paslon"
        case .problems(let id): "/pemilu/\(id)/masalah"
        case .problem(let id, let problem): "/pemilu/\(id)/masalah/\(problem)"
        case .problemStatus(let id, let problem): "/pemilu/\(id)/masalah/\(problem)/status"
        case .desk(let id): "/pemilu/\(id)/desk"
        case .deskNotes(let id): "/pemilu/\(id)/desk/catatan"
        case .deskReport(let id, let report): "/pemilu/\(id)/desk/\(report)"
        case .deskFinalise(let id, let report): "/pemilu/\(id)/desk/\(report)/final"
        case .deskPrint(let id, let report): "/pemilu/\(id)/desk/\(report)/cetak"
        case .deskDocx(let id, let report): "/pemilu/\(id)/desk/\(report)/laporan.docx"
        case .stations(let id): "/pemilu/\(id)/tps"
        case .stationImport(let id): "/pemilu/\(id)/tps/impor"
        case .station(let id, let station): "/pemilu/\(id)/tps/\(station)"
        case .stationsMap(let id): "/pemilu/\(id)/tps/peta.svg"
        case .participation(let id): "/pemilu/\(id)/partisipasi"
        case .participationImport(let id): "/pemilu/\(id)/partisipasi/impor"
        case .participationMap(let id): "/pemilu/\(id)/partisipasi/peta.svg"
        case .participationFile(let id, let ext): "/pemilu/\(id)/partisipasi.\(ext)"
        case .stationsFile(let id, let ext): "/pemilu/\(id)/tps.\(ext)"
        case .comparison(let id): "/pemilu/\(id)/bandingkan"
        case .letterhead: "/pengaturan/kop"
        case .indicators: "/pengaturan/indikator-tps"
        case .indicator(let id): "/pengaturan/indikator-tps/\(id)"
        case .api(let api):
            switch api {
            case .elections: "/api/v1/elections"
            case .election(let id): "/api/v1/elections/\(id)"
            case .problems(let id): "/api/v1/elections/\(id)/problems"
            case .problemStatus(let id, let problem): "/api/v1/elections/\(id)/problems/\(problem)/status"
            case .deskReports(let id): "/api/v1/elections/\(id)/desk-reports"
            case .deskReport(let id, let report): "/api/v1/elections/\(id)/desk-reports/\(report)"
            case .stations(let id): "/api/v1/elections/\(id)/stations"
            case .participation(let id): "/api/v1/elections/\(id)/participation"
            }
        }
    }

    enum Pattern {
        static let election = "/pemilu/:id"
        static let stages = "/pemilu/:id/tahapan"
        static let stage = "/pemilu/:id/tahapan/:stage"
        static let candidates = "/pemilu/:id/paslon"
        static let problems = "/pemilu/:id/masalah"
        static let problem = "/pemilu/:id/masalah/:problem"
        static let problemStatus = "/pemilu/:id/masalah/:problem/status"
        static let desk = "/pemilu/:id/desk"
        static let deskNotes = "/pemilu/:id/desk/catatan"
        static let deskReport = "/pemilu/:id/desk/:report"
        static let deskFinalise = "/pemilu/:id/desk/:report/final"
        static let deskPrint = "/pemilu/:id/desk/:report/cetak"
        static let deskDocx = "/pemilu/:id/desk/:report/laporan.docx"
        static let stations = "/pemilu/:id/tps"
        static let stationImport = "/pemilu/:id/tps/impor"
        static let station = "/pemilu/:id/tps/:station"
        static let stationsMap = "/pemilu/:id/tps/peta.svg"
        static let participationCSV = "/pemilu/:id/partisipasi.csv"
        static let participationXLSX = "/pemilu/:id/partisipasi.xlsx"
        static let stationsCSV = "/pemilu/:id/tps.csv"
        static let stationsXLSX = "/pemilu/:id/tps.xlsx"
        static let participation = "/pemilu/:id/partisipasi"
        static let participationImport = "/pemilu/:id/partisipasi/impor"
        static let participationMap = "/pemilu/:id/partisipasi/peta.svg"
        static let comparison = "/pemilu/:id/bandingkan"
        static let indicator = "/pengaturan/indikator-tps/:id"
        static let apiElection = "/api/v1/elections/:id"
        static let apiProblems = "/api/v1/elections/:id/problems"
        static let apiProblemStatus = "/api/v1/elections/:id/problems/:problem/status"
        static let apiDeskReports = "/api/v1/elections/:id/desk-reports"
        static let apiDeskReport = "/api/v1/elections/:id/desk-reports/:report"
        static let apiStages = "/api/v1/elections/:id/stages"
        static let apiCandidates = "/api/v1/elections/:id/candidates"
        static let apiDeskNotes = "/api/v1/elections/:id/desk-notes"
        static let apiDeskFinalise = "/api/v1/elections/:id/desk-reports/:report/final"
        static let apiStationSurvey = "/api/v1/elections/:id/stations/:station/survey"
        static let apiStations = "/api/v1/elections/:id/stations"
        static let apiParticipation = "/api/v1/elections/:id/participation"
    }
}
